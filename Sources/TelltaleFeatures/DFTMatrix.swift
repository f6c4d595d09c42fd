import Foundation

/// Real cosine and sine matrices of the discrete Fourier transform, with the zero
/// frequency centred.
///
/// The DFT `F[k] = Σ_j x[j] e^{−2πi k j / n}` is `(C − i S) x` with
/// `C[k][j] = cos(2π k j / n)` and `S[k][j] = sin(2π k j / n)`. Here row `r` holds
/// frequency `k = r − ⌊n/2⌋`, i.e. the rows are already in `numpy.fft.fftshift`
/// order, for odd and even `n` alike: the zero frequency sits at row `⌊n/2⌋`.
public enum DFTMatrix {
    /// The stacked `2n × n` matrix `[C; S]`, row-major: rows `0..<n` are the cosines,
    /// rows `n..<2n` the sines, both in centred (fftshift) frequency order.
    public static func centredCosSin(_ n: Int) -> [Float] {
        precondition(n > 0, "a DFT needs at least one sample")
        var out = [Float](repeating: 0, count: 2 * n * n)
        for r in 0..<n {
            let k = ((r - n / 2) % n + n) % n
            for j in 0..<n {
                // Exact integer phase reduction keeps large k·j accurate.
                let phase = 2 * Double.pi * Double((k * j) % n) / Double(n)
                out[r * n + j] = Float(cos(phase))
                out[(n + r) * n + j] = Float(sin(phase))
            }
        }
        return out
    }
}

extension DFTMatrix {
    /// Number of non-negative frequencies `0…⌊n/2⌋` a real signal's spectrum needs:
    /// the others follow from Hermitian symmetry `F[−k] = conj(F[k])`.
    public static func halfCount(_ n: Int) -> Int { n / 2 + 1 }

    /// The stacked `2h × n` matrix `[C; S]` for the frequencies `k = 0…h−1` only
    /// (`h` = ``halfCount(_:)``), row-major, in natural order.
    public static func halfCosSin(_ n: Int) -> [Float] {
        precondition(n > 0, "a DFT needs at least one sample")
        let h = halfCount(n)
        var out = [Float](repeating: 0, count: 2 * h * n)
        for k in 0..<h {
            for j in 0..<n {
                let phase = 2 * Double.pi * Double((k * j) % n) / Double(n)
                out[k * n + j] = Float(cos(phase))
                out[(h + k) * n + j] = Float(sin(phase))
            }
        }
        return out
    }
}
