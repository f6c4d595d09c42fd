import Foundation

/// Radix-2 fast Fourier transforms for power-of-two sides, used by ``Transform2D``
/// instead of its matrix products when both sides of a plane are powers of two (the
/// default 256² crops): `O(n² log n)` work instead of `O(n³)`.
///
/// Every 1-D transform runs along the first axis of a row-major `n × m` array, for all
/// `m` columns at once: each butterfly combines two whole rows, so the inner loops are
/// contiguous and vectorise ("vector-radix" layout). The second axis is handled by
/// transposing. Iterative decimation in time (Cooley–Tukey): bit-reversed row order,
/// then `log₂ n` stages of butterflies with twiddles `e^{−2πik/n}` computed in double
/// precision. The error grows like `log₂ n · ε` — smaller than a length-`n` dot product's.
enum FFT {
    /// Twiddles and permutations of one power-of-two length, shared by all threads.
    final class Plan: Sendable {
        let n: Int
        /// `cos(2πk/n)`, `−sin(2πk/n)` for `k < n/2`.
        let cosine: [Float], sine: [Float]
        /// Bit-reversal swaps `(i, j)` with `i < j`.
        let swaps: [(Int, Int)]
        /// `α_k cos(πk/2n)` and `α_k sin(πk/2n)` for the DCT-II post-twiddle (orthonormal `α_k`).
        let dctCosine: [Float], dctSine: [Float]

        init(_ n: Int) {
            precondition(FFT.isPowerOfTwo(n), "FFT length must be a power of two")
            self.n = n
            cosine = (0..<(n / 2)).map { Float(cos(2 * Double.pi * Double($0) / Double(n))) }
            sine = (0..<(n / 2)).map { Float(-sin(2 * Double.pi * Double($0) / Double(n))) }
            var swaps: [(Int, Int)] = []
            let bits = n.trailingZeroBitCount
            for i in 0..<n {
                var j = 0
                for b in 0..<bits where i & (1 << b) != 0 { j |= 1 << (bits - 1 - b) }
                if i < j { swaps.append((i, j)) }
            }
            self.swaps = swaps
            let a0 = (1 / Double(n)).squareRoot(), a = (2 / Double(n)).squareRoot()
            dctCosine = (0..<n).map { k in Float((k == 0 ? a0 : a) * cos(Double.pi * Double(k) / Double(2 * n))) }
            dctSine = (0..<n).map { k in Float((k == 0 ? a0 : a) * sin(Double.pi * Double(k) / Double(2 * n))) }
        }
    }

    static func isPowerOfTwo(_ n: Int) -> Bool { n > 0 && n & (n - 1) == 0 }

    /// In place: `X[k][j] = Σ_t x[t][j] e^{−2πi k t / n}` for every column `j` of the
    /// row-major `n × m` complex array `(re, im)`.
    static func alongFirstAxis(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, m: Int, plan: Plan) {
        let n = plan.n
        for (i, j) in plan.swaps {
            swapRows(re + i * m, re + j * m, m)
            swapRows(im + i * m, im + j * m, m)
        }
        var size = 2
        while size <= n {
            let half = size / 2, step = n / size
            var block = 0
            while block < n {
                for k in 0..<half {
                    let wr = plan.cosine[k * step], wi = plan.sine[k * step]
                    let ar = re + (block + k) * m, ai = im + (block + k) * m
                    let br = re + (block + k + half) * m, bi = im + (block + k + half) * m
                    if k == 0 {
                        for x in 0..<m {
                            let tr = br[x], ti = bi[x]
                            br[x] = ar[x] - tr; bi[x] = ai[x] - ti
                            ar[x] += tr; ai[x] += ti
                        }
                    } else {
                        for x in 0..<m {
                            let tr = wr * br[x] - wi * bi[x], ti = wr * bi[x] + wi * br[x]
                            br[x] = ar[x] - tr; bi[x] = ai[x] - ti
                            ar[x] += tr; ai[x] += ti
                        }
                    }
                }
                block += size
            }
            size *= 2
        }
    }

    /// In place: the orthonormal DCT-II along the first axis of the real row-major `n × m`
    /// array `x`, `C[k][j] = α_k Σ_t x[t][j] cos(πk(2t + 1)/2n)`, through one length-`n`
    /// complex FFT of the even/odd reordering `v = (x₀, x₂, …, x₃, x₁)` (Makhoul 1980):
    /// `C[k] = α_k Re(e^{−iπk/2n} V[k])`. `scratch` holds at least `2 n m` values.
    static func dctAlongFirstAxis(_ x: UnsafeMutablePointer<Float>, m: Int, plan: Plan, scratch: UnsafeMutablePointer<Float>) {
        let n = plan.n
        let re = scratch, im = scratch + n * m
        for t in 0..<(n / 2) {
            (re + t * m).update(from: x + 2 * t * m, count: m)
            (re + (n - 1 - t) * m).update(from: x + (2 * t + 1) * m, count: m)
        }
        if n == 1 { re.update(from: x, count: m) }
        im.update(repeating: 0, count: n * m)
        alongFirstAxis(re: re, im: im, m: m, plan: plan)
        for k in 0..<n {
            let c = plan.dctCosine[k], s = plan.dctSine[k]
            let vr = re + k * m, vi = im + k * m, out = x + k * m
            for j in 0..<m { out[j] = c * vr[j] + s * vi[j] }
        }
    }

    /// Writes the transpose of the row-major `rows × cols` array `src` into `dst`, in tiles.
    static func transpose(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        let tile = 16
        var y0 = 0
        while y0 < rows {
            var x0 = 0
            while x0 < cols {
                for y in y0..<min(y0 + tile, rows) {
                    for x in x0..<min(x0 + tile, cols) { dst[x * rows + y] = src[y * cols + x] }
                }
                x0 += tile
            }
            y0 += tile
        }
    }

    private static func swapRows(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ m: Int) {
        for x in 0..<m { let t = a[x]; a[x] = b[x]; b[x] = t }
    }
}
