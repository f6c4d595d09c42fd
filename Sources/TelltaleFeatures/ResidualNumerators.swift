/// The integer numerators `N = Σ w · X` of the built-in ``HighPassFilter``s over the valid
/// region of an integer plane (``FeatureInput/integerPlanes(_:)``), computed exactly and
/// with fewer operations than tap by tap, using the kernels' structure:
///
/// - `d1h`, `d1v`, `d2h`, `d2v`: the differences themselves;
/// - `kb = −[1 −2 1]ᵀ[1 −2 1]` is separable: the vertical second difference of the `d2h`
///   numerators, negated (6 operations per pixel instead of 9 taps);
/// - `kv` is symmetric in both axes: with the row sums `S = X₀ + X₄`, `U = X₁ + X₃`, `V = X₂`
///   of a 5-row window, its columns combine them as `A = −S + 2U − 2V` (kernel columns 0
///   and 4), `B = 2S − 6U + 8V` (columns 1 and 3) and `C = −2S + 8U − 12V` (column 2), so
///   `N[x] = A[x] + A[x+4] + B[x+1] + B[x+3] + C[x+2]` (about 16 integer operations
///   instead of 25 multiply-adds).
///
/// Any other kernel is applied tap by tap. Range: with 8-bit pixels scaled by at most
/// 1000, `|N| ≤ 96 · 255 000 < 2³¹` for every built-in kernel (`Σ|w| ≤ 96`, `kv`).
/// Tested against the tap-by-tap sum on random planes.
enum ResidualNumerators {
    /// Writes the numerators of `filter` on the `n × n` plane `x` into `out`
    /// (`(n − kw + 1) × (n − kh + 1)`, row-major) and returns that size; nothing is
    /// written when the kernel does not fit. `scratch` holds at least `3n` values.
    static func compute(_ filter: HighPassFilter, _ x: UnsafePointer<Int32>, side n: Int,
                        into out: UnsafeMutablePointer<Int32>, scratch: UnsafeMutablePointer<Int32>) -> (width: Int, height: Int) {
        let (ow, oh) = filter.outputSize(width: n, height: n)
        guard ow > 0, oh > 0 else { return (ow, oh) }
        guard HighPassFilter.named(filter.name) == filter else {
            taps(filter, x, side: n, into: out)
            return (ow, oh)
        }
        switch filter.name {
        case "d1h":
            for y in 0..<oh {
                let r = x + y * n, o = out + y * ow
                for i in 0..<ow { o[i] = r[i + 1] &- r[i] }
            }
        case "d1v":
            for y in 0..<oh {
                let r = x + y * n, below = r + n, o = out + y * ow
                for i in 0..<ow { o[i] = below[i] &- r[i] }
            }
        case "d2h":
            for y in 0..<oh { secondDifference(x + y * n, step: 1, count: ow, into: out + y * ow) }
        case "d2v":
            for y in 0..<oh { secondDifference(x + y * n, step: n, count: ow, into: out + y * ow) }
        case "kb":
            // Rolling three rows of d2h numerators (scratch), then −(H₀ − 2H₁ + H₂).
            let h = scratch
            for y in 0..<2 { secondDifference(x + y * n, step: 1, count: ow, into: h + y * ow) }
            for y in 0..<oh {
                secondDifference(x + (y + 2) * n, step: 1, count: ow, into: h + ((y + 2) % 3) * ow)
                let h0 = h + (y % 3) * ow, h1 = h + ((y + 1) % 3) * ow, h2 = h + ((y + 2) % 3) * ow
                let o = out + y * ow
                for i in 0..<ow { o[i] = (h1[i] &<< 1) &- h0[i] &- h2[i] }
            }
        case "kv":
            let a = scratch, b = scratch + n, c = scratch + 2 * n
            for y in 0..<oh {
                kvColumns(x + y * n, side: n, into: a, b, c)
                let o = out + y * ow
                for i in 0..<ow { o[i] = a[i] &+ a[i + 4] &+ b[i + 1] &+ b[i + 3] &+ c[i + 2] }
            }
        default:
            taps(filter, x, side: n, into: out)
        }
        return (ow, oh)
    }

    /// The T = 2 symbols of `filter`'s numerators (``ResidualFamily/symbols2(_:_:)``,
    /// thresholds `a < b`) into `symbols` (row-major, the size of ``compute(_:_:side:into:scratch:)``'s
    /// output), each numerator quantised as it is computed: the same values as ``compute`` then
    /// ``ResidualFamily/quantise(_:count:thresholds:into:)``, without storing and reloading the
    /// numerators (measured 17 % faster on d2h). Returns the size, or `nil` (nothing written)
    /// for a filter that is not built in. `scratch` holds at least `3n` values.
    static func symbols(_ filter: HighPassFilter, _ x: UnsafePointer<Int32>, side n: Int, thresholds a: Int32, _ b: Int32,
                        into symbols: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Int32>) -> (width: Int, height: Int)? {
        guard HighPassFilter.named(filter.name) == filter else { return nil }
        let (ow, oh) = filter.outputSize(width: n, height: n)
        guard ow > 0, oh > 0 else { return (ow, oh) }
        let θ = ResidualFamily.thresholds2(a, b)

        // The arithmetic of ``compute``, case by case; per row sixteen numerators at a time, then
        // the rest one by one. (Written out per case: as closures passed to a shared row loop
        // they were not inlined, and ran 20× slower.)
        switch filter.name {
        case "d1h", "d1v":
            let step = filter.name == "d1h" ? 1 : n
            for y in 0..<oh {
                let r = x + y * n, next = r + step, o = symbols + y * ow
                var i = 0
                while i &+ 16 <= ow {
                    let v = load(next, i) &- load(r, i)
                    UnsafeMutableRawPointer(o + i).storeBytes(of: ResidualFamily.symbols2(v, θ), as: SIMD16<UInt8>.self)
                    i &+= 16
                }
                while i < ow {
                    o[i] = ResidualFamily.symbol2(next[i] &- r[i], a, b)
                    i &+= 1
                }
            }
        case "d2h", "d2v":
            let step = filter.name == "d2h" ? 1 : n
            for y in 0..<oh {
                let r = x + y * n, r1 = r + step, r2 = r + 2 * step, o = symbols + y * ow
                var i = 0
                while i &+ 16 <= ow {
                    let v = load(r, i) &+ load(r2, i) &- (load(r1, i) &<< 1)
                    UnsafeMutableRawPointer(o + i).storeBytes(of: ResidualFamily.symbols2(v, θ), as: SIMD16<UInt8>.self)
                    i &+= 16
                }
                while i < ow {
                    o[i] = ResidualFamily.symbol2(r[i] &+ r2[i] &- (r1[i] &<< 1), a, b)
                    i &+= 1
                }
            }
        case "kb":
            let h = scratch
            for y in 0..<2 { secondDifference(x + y * n, step: 1, count: ow, into: h + y * ow) }
            for y in 0..<oh {
                secondDifference(x + (y + 2) * n, step: 1, count: ow, into: h + ((y + 2) % 3) * ow)
                let h0 = UnsafePointer(h + (y % 3) * ow), h1 = UnsafePointer(h + ((y + 1) % 3) * ow)
                let h2 = UnsafePointer(h + ((y + 2) % 3) * ow), o = symbols + y * ow
                var i = 0
                while i &+ 16 <= ow {
                    let v = (load(h1, i) &<< 1) &- load(h0, i) &- load(h2, i)
                    UnsafeMutableRawPointer(o + i).storeBytes(of: ResidualFamily.symbols2(v, θ), as: SIMD16<UInt8>.self)
                    i &+= 16
                }
                while i < ow {
                    o[i] = ResidualFamily.symbol2((h1[i] &<< 1) &- h0[i] &- h2[i], a, b)
                    i &+= 1
                }
            }
        case "kv":
            let colA = scratch, colB = scratch + n, colC = scratch + 2 * n
            let a0 = UnsafePointer(colA), a4 = UnsafePointer(colA + 4), b1 = UnsafePointer(colB + 1)
            let b3 = UnsafePointer(colB + 3), c2 = UnsafePointer(colC + 2)
            for y in 0..<oh {
                kvColumns(x + y * n, side: n, into: colA, colB, colC)
                let o = symbols + y * ow
                var i = 0
                while i &+ 16 <= ow {
                    let v = load(a0, i) &+ load(a4, i) &+ load(b1, i) &+ load(b3, i) &+ load(c2, i)
                    UnsafeMutableRawPointer(o + i).storeBytes(of: ResidualFamily.symbols2(v, θ), as: SIMD16<UInt8>.self)
                    i &+= 16
                }
                while i < ow {
                    o[i] = ResidualFamily.symbol2(a0[i] &+ a4[i] &+ b1[i] &+ b3[i] &+ c2[i], a, b)
                    i &+= 1
                }
            }
        default:
            return nil
        }
        return (ow, oh)
    }

    /// Sixteen numerators from `p + i`.
    @inline(__always)
    private static func load(_ p: UnsafePointer<Int32>, _ i: Int) -> SIMD16<Int32> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Int32>.self)
    }

    /// The column combinations `A`, `B`, `C` of `kv` (see above) for the 5-row window starting
    /// at row `r0`, `n` values each.
    @inline(__always)
    private static func kvColumns(_ r0: UnsafePointer<Int32>, side n: Int, into a: UnsafeMutablePointer<Int32>,
                                  _ b: UnsafeMutablePointer<Int32>, _ c: UnsafeMutablePointer<Int32>) {
        let r1 = r0 + n, r2 = r1 + n, r3 = r2 + n, r4 = r3 + n
        for i in 0..<n {
            // With P = U − V and D = P − V: A = 2P − S, B = −2(A + D), C = 2(A + 2D) —
            // shifts and additions only (written as 6U and 12V, the compiler multiplied,
            // which SSE2 emulates slowly; measured 25 % faster on this loop).
            let s = r0[i] &+ r4[i], u = r1[i] &+ r3[i], v = r2[i]
            let p = u &- v, d = p &- v
            let av = (p &<< 1) &- s
            a[i] = av
            b[i] = 0 &- ((av &+ d) &<< 1)
            c[i] = (av &+ (d &<< 1)) &<< 1
        }
    }

    /// `X[i] − 2 X[i + step] + X[i + 2 step]` for `count` consecutive `i`. The shifted rows
    /// are pointers taken once: an index `i + step` inside the loop carries an overflow check
    /// that keeps the compiler from vectorising it (measured: d1v and d2v ran scalar).
    @inline(__always)
    private static func secondDifference(_ r: UnsafePointer<Int32>, step: Int, count: Int, into o: UnsafeMutablePointer<Int32>) {
        let r1 = r + step, r2 = r + 2 * step
        for i in 0..<count { o[i] = r[i] &+ r2[i] &- (r1[i] &<< 1) }
    }

    /// The numerators tap by tap (any kernel with integer weights; the reference the fast
    /// paths are tested against).
    static func taps(_ filter: HighPassFilter, _ x: UnsafePointer<Int32>, side n: Int, into out: UnsafeMutablePointer<Int32>) {
        let (ow, oh) = filter.outputSize(width: n, height: n)
        guard ow > 0, oh > 0 else { return }
        for y in 0..<oh {
            let o = out + y * ow
            o.update(repeating: 0, count: ow)
            for tap in filter.taps {
                let s = x + (y + tap.row) * n + tap.column, w = Int32(tap.weight)
                for i in 0..<ow { o[i] = o[i] &+ w &* s[i] }
            }
        }
    }
}
