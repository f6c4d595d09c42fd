import Foundation

/// Adam's first and second moment estimates for every layer's weights and biases
/// (Kingma & Ba 2015, Algorithm 1):
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − α·m̂/(√v̂ + ε), with
/// m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
struct AdamState {
    var step = 0
    var mWeights: [[Float]], vWeights: [[Float]], mBiases: [[Float]], vBiases: [[Float]]

    init(layers: [DenseLayer]) {
        mWeights = layers.map { [Float](repeating: 0, count: $0.weights.count) }
        vWeights = mWeights
        mBiases = layers.map { [Float](repeating: 0, count: $0.biases.count) }
        vBiases = mBiases
    }

    mutating func update(layers: inout [DenseLayer], weightGradients: [[Float]], biasGradients: [[Float]],
                         configuration: MLPClassifier) {
        step += 1
        let b1 = Float(configuration.beta1), b2 = Float(configuration.beta2), eps = Float(configuration.epsilon)
        let c1 = Float(1 - pow(configuration.beta1, Double(step)))
        let c2 = Float(1 - pow(configuration.beta2, Double(step)))
        let rate = Float(configuration.learningRate)
        for l in layers.indices {
            Self.apply(&layers[l].weights, weightGradients[l], &mWeights[l], &vWeights[l], b1, b2, c1, c2, rate, eps)
            Self.apply(&layers[l].biases, biasGradients[l], &mBiases[l], &vBiases[l], b1, b2, c1, c2, rate, eps)
        }
    }

    private static func apply(_ theta: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float],
                              _ b1: Float, _ b2: Float, _ c1: Float, _ c2: Float, _ rate: Float, _ eps: Float) {
        theta.withUnsafeMutableBufferPointer { t in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    g.withUnsafeBufferPointer { g in
                        for k in 0 ..< t.count {
                            m[k] = b1 * m[k] + (1 - b1) * g[k]
                            v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k]
                            t[k] -= rate * (m[k] / c1) / ((v[k] / c2).squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}
