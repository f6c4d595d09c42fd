import CFFTW
import Foundation

/// 2-D DFTs and DCTs of real planes through FFTW (single precision): the centred
/// (`numpy.fft.fftshift`) DFT of the `spectrum` and `residual-spectrum` families and
/// the orthonormal DCT-II of the `dct` family.
///
/// Measured against the GEMM formulations (``Transform2D``, batched OpenBLAS sgemm,
/// kept as the tested reference): per 256² plane on one core, in release builds, the
/// FFTW DFT path (transform, Hermitian expansion and shift included) was 3.2–4.6× faster
/// than the half-spectrum GEMMs and the FFTW DCT 1.5–2.9× faster than the two GEMMs (`telltale-benchmarks transforms`;
/// `scripts/bench/fft_vs_gemm.sh` compares the bare library calls), so FFTW is used.
///
/// Reproducibility: plans are made with `FFTW_ESTIMATE`, which chooses the algorithm
/// by fixed heuristics (never by timing, as `FFTW_MEASURE` does), so the same input
/// gives the same bits on every run. The planner is not thread-safe and runs under a
/// lock; executing a plan on new (equally aligned) arrays is thread-safe.
///
/// Precision: as in ``Transform2D``, each plane's mean (in double) is subtracted
/// first and the zero-frequency coefficient is then set exactly to `Σ X`, so a
/// constant plane transforms to exact zeros away from the origin.
public enum FFT2D {
    /// `F[u][v] = Σ X[y][x] e^{−2πi(u y / rows + v x / cols)}` of each plane, centred:
    /// frequency `(u, v)` at `((u + ⌊rows/2⌋) mod rows, (v + ⌊cols/2⌋) mod cols)`.
    public static func centredDFT(_ planes: [[Float]], rows: Int, cols: Int) -> [ComplexPlane] {
        let n = rows * cols, half = cols / 2 + 1
        let plan = PlanCache.shared.plan(rows: rows, cols: cols)
        let input = fftwf_alloc_real(n)!
        let output = fftwf_alloc_complex(rows * half)!
        defer {
            fftwf_free(input)
            fftwf_free(output)
        }
        return planes.map { plane in
            let sum = loadCentred(plane, into: input, count: n)
            fftwf_execute_dft_r2c(plan.plan, input, output)
            var re = [Float](repeating: 0, count: n), im = [Float](repeating: 0, count: n)
            let cr = rows / 2, cc = cols / 2
            re.withUnsafeMutableBufferPointer { r in
                im.withUnsafeMutableBufferPointer { m in
                    for u in 0..<rows {
                        let su = (u + cr) % rows, mu = (rows - u) % rows
                        for v in 0..<cols {
                            let value: (Float, Float)
                            if v < half {
                                value = output[u * half + v]
                            } else {
                                // Hermitian symmetry of a real input: F(u, v) = conj F(−u, −v).
                                let c = output[mu * half + (cols - v)]
                                value = (c.0, -c.1)
                            }
                            let o = su * cols + (v + cc) % cols
                            r[o] = value.0
                            m[o] = value.1
                        }
                    }
                }
            }
            re[cr * cols + cc] = Float(sum)
            im[cr * cols + cc] = 0
            return ComplexPlane(rows: rows, cols: cols, real: re, imaginary: im)
        }
    }

    /// Orthonormal 2-D DCT-II of each `rows × cols` plane (row-major in and out), equal to
    /// `scipy.fft.dctn(X, norm="ortho")` and to ``Transform2D/dct(_:rows:cols:)``.
    ///
    /// FFTW's `REDFT10` computes the unnormalised DCT-II `Y_k = 2 Σ x_n cos(π(n + ½)k / N)`
    /// along each dimension; the orthonormal scaling multiplies by `√(1/(4N))` for `k = 0`
    /// and `√(1/(2N))` otherwise, per dimension.
    public static func dct(_ planes: [[Float]], rows: Int, cols: Int) -> [[Float]] {
        let n = rows * cols
        let plan = PlanCache.shared.plan(rows: rows, cols: cols, kind: .dct)
        let input = fftwf_alloc_real(n)!
        let output = fftwf_alloc_real(n)!
        defer {
            fftwf_free(input)
            fftwf_free(output)
        }
        func scale(_ k: Int, _ size: Int) -> Double { (k == 0 ? 1 / (4 * Double(size)) : 1 / (2 * Double(size))).squareRoot() }
        let rowScale = (0..<rows).map { scale($0, rows) }, colScale = (0..<cols).map { Float(scale($0, cols)) }
        return planes.map { plane in
            let sum = loadCentred(plane, into: input, count: n)
            fftwf_execute_r2r(plan.plan, input, output)
            var out = [Float](repeating: 0, count: n)
            out.withUnsafeMutableBufferPointer { o in
                for u in 0..<rows {
                    let r = Float(rowScale[u])
                    for v in 0..<cols { o[u * cols + v] = output[u * cols + v] * r * colScale[v] }
                }
            }
            out[0] = Float(sum / Double(n).squareRoot())
            return out
        }
    }

    /// Copies `plane` minus its mean into `input` and returns the plane's sum (in double).
    private static func loadCentred(_ plane: [Float], into input: UnsafeMutablePointer<Float>, count n: Int) -> Double {
        precondition(plane.count == n, "plane size does not match rows × cols")
        var sum = 0.0
        for v in plane { sum += Double(v) }
        let mean = Float(sum / Double(n))
        for i in 0..<n { input[i] = plane[i] - mean }
        return sum
    }

    /// FFTW plans by size, made once under a lock.
    final class PlanCache: @unchecked Sendable {
        static let shared = PlanCache()

        /// A plan made on arrays from `fftwf_alloc_*`, so any array from them has its alignment.
        final class Plan: @unchecked Sendable {
            let plan: fftwf_plan
            init(_ plan: fftwf_plan) { self.plan = plan }
        }

        enum Kind: Int {
            case dft = 0
            case dct = 1
        }

        private let lock = NSLock()
        private var plans: [Int: Plan] = [:]

        func plan(rows: Int, cols: Int, kind: Kind = .dft) -> Plan {
            lock.lock()
            defer { lock.unlock() }
            let key = (rows << 32 | cols) << 1 | kind.rawValue
            if let plan = plans[key] { return plan }
            let input = fftwf_alloc_real(rows * cols)!
            let complexOutput = fftwf_alloc_complex(rows * (cols / 2 + 1))!
            let realOutput = fftwf_alloc_real(rows * cols)!
            defer {
                fftwf_free(input)
                fftwf_free(complexOutput)
                fftwf_free(realOutput)
            }
            let plan: Plan
            switch kind {
            case .dft:
                plan = Plan(fftwf_plan_dft_r2c_2d(Int32(rows), Int32(cols), input, complexOutput, FFTW_ESTIMATE)!)
            case .dct:
                plan = Plan(fftwf_plan_r2r_2d(Int32(rows), Int32(cols), input, realOutput, FFTW_REDFT10, FFTW_REDFT10, FFTW_ESTIMATE)!)
            }
            plans[key] = plan
            return plan
        }
    }
}
