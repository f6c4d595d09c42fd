import CFFTW
import Foundation

/// 2-D DFTs and DCTs of real planes through FFTW (single precision): the centred
/// (`numpy.fft.fftshift`) DFT of the `spectrum` and `residual-spectrum` families and
/// the orthonormal DCT-II of the `dct` family.
///
/// Measured against the GEMM formulations (``Transform2D``, batched OpenBLAS sgemm,
/// kept as the tested reference): per 256² plane on one core, in release builds, the
/// FFTW DFT path (transform, Hermitian expansion and shift included) was about 6× faster
/// than the half-spectrum GEMMs and the Makhoul DCT about 6× faster than the two GEMMs
/// (`telltale-benchmarks transforms`; `scripts/bench/fft_vs_gemm.sh` compares the bare
/// library calls), so FFTW is used.
///
/// Reproducibility: plans come from wisdom compiled into Telltale or from `FFTW_ESTIMATE`
/// (``PlanCache``), never from timing at run time (as `FFTW_MEASURE` would), so the same
/// input gives the same bits on every run. The planner is not thread-safe and runs under a
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
        let workspace = Workspace(rows: rows, cols: cols)
        let output = workspace.output
        return planes.map { plane in
            _ = plane.withUnsafeBufferPointer { workspace.halfSpectrum($0) }
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
            return ComplexPlane(rows: rows, cols: cols, real: re, imaginary: im)
        }
    }

    /// Orthonormal 2-D DCT-II of each `rows × cols` plane (row-major in and out), equal to
    /// `scipy.fft.dctn(X, norm="ortho")` and to ``Transform2D/dct(_:rows:cols:)``.
    ///
    /// Computed through one real-to-complex FFT per plane (Makhoul, "A fast cosine transform
    /// in one and two dimensions", IEEE TASSP 28(1), 1980): the input is reordered along each
    /// axis, `v[n] = x[2n]` and `v[N − 1 − n] = x[2n + 1]`, so that with `V = DFT(v)` and
    /// `t_k = e^{−iπk/(2N)}`
    ///
    ///     Σ x[n₁, n₂] cos(π(2n₁+1)k₁/(2N₁)) cos(π(2n₂+1)k₂/(2N₂))
    ///         = ½ Re( t_{k₁} (t_{k₂} V[k₁, k₂] + t̄_{k₂} V[k₁, N₂ − k₂]) ),
    ///
    /// then scaled by `√(1/N)` for `k = 0` and `√(2/N)` otherwise, per axis. `V[k₁, N₂ − k₂]`
    /// comes from the stored half spectrum by Hermitian symmetry, `conj V[−k₁, k₂]`, so each
    /// stored pair gives the outputs at `k₂` and `N₂ − k₂`. Measured (`telltale-benchmarks
    /// transforms`) against FFTW's own `REDFT10` r2r transform (`fftwf_plan_r2r_2d`) on a
    /// 256² plane: 3× faster, scaling included (README "Performance").
    public static func dct(_ planes: [[Float]], rows: Int, cols: Int) -> [[Float]] {
        let workspace = Workspace(rows: rows, cols: cols)
        return planes.map { plane in
            var out = [Float](repeating: 0, count: rows * cols)
            plane.withUnsafeBufferPointer { p in
                out.withUnsafeMutableBufferPointer { o in dct(p, workspace: workspace, into: o.baseAddress!) }
            }
            return out
        }
    }

    /// ``dct(_:rows:cols:)`` of one plane into `out` (`rows × cols`, row-major).
    static func dct(_ plane: UnsafeBufferPointer<Float>, workspace w: Workspace, into out: UnsafeMutablePointer<Float>) {
        let rows = w.rows, cols = w.cols, half = w.half
        precondition(plane.count == rows * cols, "plane size does not match rows × cols")
        // Reordered load, minus the mean (restored exactly at (0, 0) below).
        let sum = FloatSums.sum(plane.baseAddress!, plane.count)
        let mean = Float(sum / Double(rows * cols))
        let input = w.input, src = plane.baseAddress!
        // Wrapping index arithmetic and a pointer to the row's end for the reversed half:
        // `to[cols − 1 − n₂]` with checked arithmetic ran as a scalar loop.
        let evens = (cols + 1) / 2, odds = cols / 2
        for n1 in 0..<rows {
            let m1 = 2 * n1 < rows ? 2 * n1 : 2 * (rows - 1 - n1) + 1
            let from = src + m1 * cols, to = input + n1 * cols
            let fromOdd = from + 1, toLast = to + (cols - 1)
            for n2 in 0..<evens { to[n2] = from[n2 &* 2] - mean }
            for n2 in 0..<odds { toLast[0 &- n2] = fromOdd[n2 &* 2] - mean }
        }
        fftwf_execute_dft_r2c(w.plan.plan, input, w.output)
        let t = TransformCache.shared.dctTwiddles(rows: rows, cols: cols)
        let v = UnsafeRawPointer(w.output).assumingMemoryBound(to: Float.self)
        t.table.withUnsafeBufferPointer { table in
            let c1s = table.baseAddress!, s1s = c1s + rows, c2s = s1s + rows, s2s = c2s + cols
            // Pairs (k₂, N₂ − k₂) with 0 < k₂ < N₂ − k₂ in a branch-free loop; k₂ = 0 and, for
            // even N₂, k₂ = N₂/2 (its own mirror) on their own.
            let pairs = (cols - 1) / 2
            let mirrored = w.scratch
            for k1 in 0..<rows {
                let a = v + 2 * k1 * half, b = v + 2 * ((rows - k1) % rows) * half
                let c1 = c1s[k1], s1 = s1s[k1], r1 = k1 == 0 ? t.rowScaleZero : t.rowScale
                let o = out + k1 * cols
                // k₂ = 0: V[k₁, N₂] = V[k₁, 0], t₀ = 1.
                o[0] = (c1 * (a[0] + a[0]) + s1 * (a[1] + a[1])) * r1 * t.colScaleZero
                // The column scale is √(2/N₂) for every k₂ > 0. The outputs at N₂ − k₂ go to
                // `mirrored` in increasing k₂ and are copied back reversed, so this loop
                // only moves forward (and vectorises; storing them reversed in place measured
                // about 20 % slower on the whole DCT family).
                let f = r1 * t.colScale
                for k2 in 1..<(pairs + 1) {
                    let ar = a[2 * k2], ai = a[2 * k2 + 1]
                    // V[k₁, N₂ − k₂] = conj V[−k₁, k₂].
                    let br = b[2 * k2], bi = -b[2 * k2 + 1]
                    let c2 = c2s[k2], s2 = s2s[k2]
                    let pr = ar + br, pi = ai + bi, mr = ar - br, mi = ai - bi
                    o[k2] = (c1 * (c2 * pr + s2 * mi) + s1 * (c2 * pi - s2 * mr)) * f
                    // t_{N₂−k₂} = −i t̄_{k₂}: the same with cos and sin exchanged and A, B swapped.
                    mirrored[k2] = (c1 * (s2 * pr - c2 * mi) + s1 * (s2 * pi + c2 * mr)) * f
                }
                let end = o + cols
                for k2 in 1..<(pairs + 1) { end[0 &- k2] = mirrored[k2] }
                if cols % 2 == 0 && cols > 1 {
                    let k = cols / 2
                    let ar = a[2 * k], ai = a[2 * k + 1], br = b[2 * k], bi = -b[2 * k + 1]
                    let c2 = c2s[k], s2 = s2s[k]
                    let pr = ar + br, pi = ai + bi, mr = ar - br, mi = ai - bi
                    o[k] = (c1 * (c2 * pr + s2 * mi) + s1 * (c2 * pi - s2 * mr)) * r1 * t.colScale
                }
            }
        }
        out[0] = Float(sum / Double(rows * cols).squareRoot())
    }

    /// Aligned FFTW buffers and the r2c plan for one plane size, reused across the planes
    /// of a batch (one thread).
    final class Workspace {
        let rows: Int, cols: Int, half: Int
        let plan: PlanCache.Plan
        let input: UnsafeMutablePointer<Float>
        let output: UnsafeMutablePointer<fftwf_complex>
        /// `cols` floats of scratch space.
        let scratch: UnsafeMutablePointer<Float>

        init(rows: Int, cols: Int) {
            self.rows = rows
            self.cols = cols
            self.half = cols / 2 + 1
            plan = PlanCache.shared.plan(rows: rows, cols: cols)
            input = fftwf_alloc_real(rows * cols)!
            output = fftwf_alloc_complex(rows * half)!
            scratch = .allocate(capacity: cols)
        }

        deinit {
            fftwf_free(input)
            fftwf_free(output)
            scratch.deallocate()
        }

        /// The half spectrum `F[u][v]`, `0 ≤ u < rows`, `0 ≤ v ≤ cols/2` (FFTW's r2c layout,
        /// zero frequency at (0, 0), not centred) of `plane` minus its mean, with `F[0][0]`
        /// set to `Σ X` exactly; returns `Σ X`. The result is in ``output``.
        @discardableResult
        func halfSpectrum(_ plane: UnsafeBufferPointer<Float>) -> Double {
            let sum = FFT2D.loadCentred(plane, into: input, count: rows * cols)
            fftwf_execute_dft_r2c(plan.plan, input, output)
            output[0] = (Float(sum), 0)
            return sum
        }
    }

    /// Copies `plane` minus its mean into `input` and returns the plane's sum (in double).
    static func loadCentred(_ plane: UnsafeBufferPointer<Float>, into input: UnsafeMutablePointer<Float>, count n: Int) -> Double {
        precondition(plane.count == n, "plane size does not match rows × cols")
        let sum = FloatSums.sum(plane.baseAddress!, plane.count)
        let mean = Float(sum / Double(n))
        for i in 0..<n { input[i] = plane[i] - mean }
        return sum
    }

    /// FFTW plans by size, made once under a lock.
    ///
    /// Each plan is deterministic — never chosen by timing at run time, so the same input
    /// gives the same bits on every run:
    /// - sizes covered by the wisdom compiled into Telltale (``wisdom``: `FFTW_PATIENT`
    ///   plans for 128², 256² and 512², made once by `scripts/bench/fftw_wisdom.sh`) use
    ///   that plan (`FFTW_WISDOM_ONLY`), where this CPU has the codelets it names;
    /// - every other size, or a CPU without them, gets the `FFTW_ESTIMATE` plan (fixed
    ///   heuristics).
    /// Measured on the 256² crops (`telltale-benchmarks families`): the wisdom plan makes
    /// the `spectrum` and `dct` families about 0.045 ms per image faster each.
    final class PlanCache: @unchecked Sendable {
        static let shared = PlanCache()

        /// A plan made on arrays from `fftwf_alloc_*`, so any array from them has its alignment.
        final class Plan: @unchecked Sendable {
            let plan: fftwf_plan
            /// `"wisdom"` or `"estimate"`: how the plan was chosen.
            let origin: String
            init(_ plan: fftwf_plan, origin: String) {
                self.plan = plan
                self.origin = origin
            }
        }

        private let lock = NSLock()
        private var plans: [Int: Plan] = [:]

        private init() {
            _ = FFT2D.wisdom.withCString { fftwf_import_wisdom_from_string($0) }
        }

        /// The real-to-complex plan of a `rows × cols` plane.
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
            let plan: Plan
            if let wise = fftwf_plan_dft_r2c_2d(Int32(rows), Int32(cols), input, output, FFTW_PATIENT | FFTW_WISDOM_ONLY) {
                plan = Plan(wise, origin: "wisdom")
            } else {
                plan = Plan(fftwf_plan_dft_r2c_2d(Int32(rows), Int32(cols), input, output, FFTW_ESTIMATE)!, origin: "estimate")
            }
            plans[key] = plan
            return plan
        }
    }

    /// How the transform of a `rows × cols` plane is planned: `"wisdom"` (the compiled-in
    /// `FFTW_PATIENT` plan) or `"estimate"` (see ``PlanCache``).
    public static func planOrigin(rows: Int, cols: Int) -> String {
        PlanCache.shared.plan(rows: rows, cols: cols).origin
    }
}
