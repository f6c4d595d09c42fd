import COpenBLAS
import Foundation

/// The MLP's forward and backward passes over a batch of rows, as sgemm calls.
///
/// For layer l with input A (B × in) and weights W (in × out): Z = A W + 1bᵀ,
/// A' = ReLU(Z) for hidden layers. Backward from δ = ∂L/∂Z (B × out):
/// ∂L/∂W = Aᵀ δ, ∂L/∂b = 1ᵀ δ, ∂L/∂A = δ Wᵀ masked by A > 0.
enum MLPNetwork {
    /// out (rows × layer.outputs) = input · W + b.
    static func affine(_ layer: DenseLayer, input: UnsafePointer<Float>, rows: Int, output: UnsafeMutablePointer<Float>) {
        let m = layer.outputs
        for i in 0 ..< rows { for j in 0 ..< m { output[i * m + j] = layer.biases[j] } }
        layer.weights.withUnsafeBufferPointer { w in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(m), Int32(layer.inputs),
                        1, input, Int32(layer.inputs), w.baseAddress, Int32(m), 1, output, Int32(m))
        }
    }

    /// The output logits of `rows` standardised input rows, computed in blocks of 1024 rows.
    static func logits(layers: [DenseLayer], input: [Float], rows: Int) -> [Float] {
        var result = [Float]()
        result.reserveCapacity(rows)
        let block = 1024
        let d = layers[0].inputs
        var activations = layers.map { [Float](repeating: 0, count: block * $0.outputs) }
        input.withUnsafeBufferPointer { x in
            var start = 0
            while start < rows {
                let count = min(block, rows - start)
                for (l, layer) in layers.enumerated() {
                    let previous: [Float]? = l == 0 ? nil : activations[l - 1]
                    activations[l].withUnsafeMutableBufferPointer { out in
                        if let previous {
                            previous.withUnsafeBufferPointer { affine(layer, input: $0.baseAddress!, rows: count, output: out.baseAddress!) }
                        } else {
                            affine(layer, input: x.baseAddress! + start * d, rows: count, output: out.baseAddress!)
                        }
                        if l < layers.count - 1 {
                            for k in 0 ..< count * layer.outputs { out[k] = max(out[k], 0) }
                        }
                    }
                }
                result.append(contentsOf: activations[layers.count - 1][0 ..< count])
                start += count
            }
        }
        return result
    }

    /// Weighted mean binary cross-entropy of logits z against labels y with weights s.
    static func crossEntropy(logits z: [Float], labels y: [Int], weights s: [Double]) -> Double {
        var loss = 0.0, total = 0.0
        for i in 0 ..< z.count {
            let zi = Double(z[i])
            loss += s[i] * (Logistic.softplus(zi) - Double(y[i]) * zi)
            total += s[i]
        }
        return loss / total
    }
}
