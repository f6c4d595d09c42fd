import CFFTW
import Foundation

/// 2-D discrete Fourier transforms of real planes through FFTW (single precision),
/// in centred (`numpy.fft.fftshift`) order — the transform the `spectrum` and
/// `residual-spectrum` families use.
///
/// Measured against the GEMM formulation (``Transform2D/centredDFT(_:rows:cols:)``,
/// kept for reference and tests): per 256² plane on one core the FFTW path (transform,
/// Hermitian expansion and shift included) was 3.9× faster than the half-spectrum GEMMs
/// in a release build (`telltale-benchmarks transforms`; `scripts/bench/fft_vs_gemm.sh`
/// compares the bare library calls), so the FFT is used for the DFT. The DCT stays a batched GEMM (FFTW's REDFT10 was not
/// faster by enough to matter next to the residual families).
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
            precondition(plane.count == n, "plane size does not match rows × cols")
            var sum = 0.0
            for v in plane { sum += Double(v) }
            let mean = Float(sum / Double(n))
            for i in 0..<n { input[i] = plane[i] - mean }
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

    /// FFTW plans by size, made once under a lock.
    final class PlanCache: @unchecked Sendable {
        static let shared = PlanCache()

        /// A plan made on arrays from `fftwf_alloc_*`, so any array from them has its alignment.
        final class Plan: @unchecked Sendable {
            let plan: fftwf_plan
            init(_ plan: fftwf_plan) { self.plan = plan }
        }

        private let lock = NSLock()
        private var plans: [Int: Plan] = [:]

        func plan(rows: Int, cols: Int) -> Plan {
            lock.lock()
            defer { lock.unlock() }
            let key = rows << 32 | cols
            if let plan = plans[key] { return plan }
            let input = fftwf_alloc_real(rows * cols)!
            let output = fftwf_alloc_complex(rows * (cols / 2 + 1))!
            defer {
                fftwf_free(input)
                fftwf_free(output)
            }
            let plan = Plan(fftwf_plan_dft_r2c_2d(Int32(rows), Int32(cols), input, output, FFTW_ESTIMATE)!)
            plans[key] = plan
            return plan
        }
    }
}
