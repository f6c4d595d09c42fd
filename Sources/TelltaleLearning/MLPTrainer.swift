import COpenBLAS
import Foundation
import TelltaleSupport

/// The buffers of one mini-batch step (gathered inputs, activations, deltas,
/// gradients), allocated once per fit.
struct MLPTrainer {
    var input: [Float]
    var activations: [[Float]]
    var deltas: [[Float]]
    var weightGradients: [[Float]]
    var biasGradients: [[Float]]

    init(layers: [DenseLayer], batchCapacity: Int) {
        input = [Float](repeating: 0, count: batchCapacity * layers[0].inputs)
        activations = layers.map { [Float](repeating: 0, count: batchCapacity * $0.outputs) }
        deltas = activations
        weightGradients = layers.map { [Float](repeating: 0, count: $0.weights.count) }
        biasGradients = layers.map { [Float](repeating: 0, count: $0.biases.count) }
    }

    /// One Adam step on the rows `batch` of `x`; returns the batch's weighted mean cross-entropy.
    mutating func step(layers: inout [DenseLayer], optimiser: inout AdamState, x: Matrix, labels: [Int],
                       weights: [Double], batch: [Int], configuration: MLPClassifier) -> Double {
        let rows = batch.count, d = x.cols, last = layers.count - 1
        x.values.withUnsafeBufferPointer { v in
            input.withUnsafeMutableBufferPointer { b in
                for (r, i) in batch.enumerated() {
                    (b.baseAddress! + r * d).update(from: v.baseAddress! + i * d, count: d)
                }
            }
        }
        // Forward.
        for l in layers.indices {
            let layer = layers[l]
            let source = l == 0 ? input : activations[l - 1]
            source.withUnsafeBufferPointer { a in
                activations[l].withUnsafeMutableBufferPointer { out in
                    MLPNetwork.affine(layer, input: a.baseAddress!, rows: rows, output: out.baseAddress!)
                    if l < last { for k in 0 ..< rows * layer.outputs { out[k] = max(out[k], 0) } }
                }
            }
        }
        // Output delta: s_i (σ(z_i) − y_i) / Σs.
        var total = 0.0, loss = 0.0
        for i in batch { total += weights[i] }
        for (r, i) in batch.enumerated() {
            let z = Double(activations[last][r])
            loss += weights[i] * (Logistic.softplus(z) - Double(labels[i]) * z)
            deltas[last][r] = Float(weights[i] * (Logistic.sigmoid(z) - Double(labels[i])) / total)
        }
        // Backward.
        for l in stride(from: last, through: 0, by: -1) {
            let layer = layers[l]
            let (n, m) = (layer.inputs, layer.outputs)
            let source = l == 0 ? input : activations[l - 1]
            let outputDelta = deltas[l]  // a copy-on-write reference, so deltas[l − 1] can be written below
            source.withUnsafeBufferPointer { a in
                outputDelta.withUnsafeBufferPointer { delta in
                    weightGradients[l].withUnsafeMutableBufferPointer { g in
                        // g = Aᵀδ (the decay term λW is added by the optimiser)
                        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(n), Int32(m), Int32(rows),
                                    1, a.baseAddress, Int32(n), delta.baseAddress, Int32(m), 0, g.baseAddress, Int32(m))
                    }
                    biasGradients[l].withUnsafeMutableBufferPointer { g in
                        for j in 0 ..< m { g[j] = 0 }
                        for r in 0 ..< rows { for j in 0 ..< m { g[j] += delta[r * m + j] } }
                    }
                    if l > 0 {
                        deltas[l - 1].withUnsafeMutableBufferPointer { back in
                            layer.weights.withUnsafeBufferPointer { w in
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(m),
                                            1, delta.baseAddress, Int32(m), w.baseAddress, Int32(m), 0, back.baseAddress, Int32(n))
                            }
                            activations[l - 1].withUnsafeBufferPointer { act in
                                for k in 0 ..< rows * n { back[k] = act[k] > 0 ? back[k] : 0 }
                            }
                        }
                    }
                }
            }
        }
        optimiser.update(layers: &layers, weightGradients: weightGradients, biasGradients: biasGradients,
                         configuration: configuration)
        return loss / total
    }
}
