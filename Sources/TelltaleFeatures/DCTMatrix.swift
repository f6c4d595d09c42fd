import Foundation

/// The orthonormal DCT-II matrix.
///
/// `C[k][i] = α_k · cos(π (2i + 1) k / (2n))`, with `α_0 = √(1/n)` and `α_k = √(2/n)`
/// for `k > 0`, so that `C Cᵀ = I` and the 2-D transform of an `r × c` plane `X`
/// is `C_r X C_cᵀ` — the same as `scipy.fft.dctn(X, type=2, norm="ortho")`.
/// Entries are computed in double precision and stored row-major as `Float`.
public enum DCTMatrix {
    /// The `n × n` orthonormal DCT-II matrix, row-major (row = frequency `k`).
    public static func orthonormal(_ n: Int) -> [Float] {
        precondition(n > 0, "a DCT needs at least one sample")
        var out = [Float](repeating: 0, count: n * n)
        let a0 = (1.0 / Double(n)).squareRoot(), a = (2.0 / Double(n)).squareRoot()
        for k in 0..<n {
            let alpha = k == 0 ? a0 : a
            for i in 0..<n {
                // Reduce the phase modulo 4n (the period of cos(π m / 2n)) before the cosine.
                let m = ((2 * i + 1) * k) % (4 * n)
                out[k * n + i] = Float(alpha * cos(Double.pi * Double(m) / Double(2 * n)))
            }
        }
        return out
    }
}
