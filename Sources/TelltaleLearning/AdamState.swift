import Foundation

/// Adam's first and second moment estimates for every layer's weights and biases
/// (Kingma & Ba 2015, Algorithm 1, in the efficient form of their §2 — the one
/// scikit-learn uses): with g = ∇L + λW (the weight-decay term only for weights),
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − αₜ·m/(√v + ε),
/// αₜ = α·√(1−β₂ᵗ)/(1−β₁ᵗ).
struct AdamState {
    var step = 0
    var mWeights: [[Float]], vWeights: [[Float]], mBiases: [[Float]], vBiases: [[Float]]

    init(layers: [DenseLayer]) {
        mWeights = layers.map { [Float](repeating: 0, count: $0.weights.count) }
        vWeights = mWeights
        mBiases = layers.map { [Float](repeating: 0, count: $0.biases.count) }
        vBiases = mBiases
    }

    /// One update from the loss gradients (without the penalty, which is added here).
    mutating func update(layers: inout [DenseLayer], weightGradients: [[Float]], biasGradients: [[Float]],
                         configuration: MLPClassifier) {
        step += 1
        let b1 = Float(configuration.beta1), b2 = Float(configuration.beta2), eps = Float(configuration.epsilon)
        let rate = Float(configuration.learningRate * (1 - pow(configuration.beta2, Double(step))).squareRoot()
                         / (1 - pow(configuration.beta1, Double(step))))
        let decay = Float(configuration.weightDecay)
        for l in layers.indices {
            Self.apply(&layers[l].weights, weightGradients[l], &mWeights[l], &vWeights[l], b1, b2, rate, eps, decay)
            Self.apply(&layers[l].biases, biasGradients[l], &mBiases[l], &vBiases[l], b1, b2, rate, eps, 0)
        }
    }

    private static func apply(_ theta: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float],
                              _ b1: Float, _ b2: Float, _ rate: Float, _ eps: Float, _ decay: Float) {
        let count = theta.count
        theta.withUnsafeMutableBufferPointer { t in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    g.withUnsafeBufferPointer { g in
                        let t = t.baseAddress!, m = m.baseAddress!, v = v.baseAddress!, g = g.baseAddress!
                        // Eight lanes at a time (explicit SIMD: the scalar loop's sqrt does not vectorise).
                        var k = 0
                        while k + 8 <= count {
                            let tk = UnsafeRawPointer(t + k).loadUnaligned(as: SIMD8<Float>.self)
                            let gk = UnsafeRawPointer(g + k).loadUnaligned(as: SIMD8<Float>.self) + decay * tk
                            let mk = b1 * UnsafeRawPointer(m + k).loadUnaligned(as: SIMD8<Float>.self) + (1 - b1) * gk
                            let vk = b2 * UnsafeRawPointer(v + k).loadUnaligned(as: SIMD8<Float>.self) + (1 - b2) * gk * gk
                            UnsafeMutableRawPointer(m + k).storeBytes(of: mk, as: SIMD8<Float>.self)
                            UnsafeMutableRawPointer(v + k).storeBytes(of: vk, as: SIMD8<Float>.self)
                            UnsafeMutableRawPointer(t + k).storeBytes(of: tk - rate * mk / (vk.squareRoot() + eps), as: SIMD8<Float>.self)
                            k += 8
                        }
                        while k < count {
                            let gk = g[k] + decay * t[k]
                            let mk = b1 * m[k] + (1 - b1) * gk
                            let vk = b2 * v[k] + (1 - b2) * gk * gk
                            m[k] = mk
                            v[k] = vk
                            t[k] -= rate * mk / (vk.squareRoot() + eps)
                            k += 1
                        }
                    }
                }
            }
        }
    }
}
