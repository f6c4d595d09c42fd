import Foundation

/// A sum of natural logarithms accumulated as a product, so that a block of `k` values
/// costs one call to `log` instead of `k`.
///
/// Every positive normal `x` is `m · 2^e` with `m ∈ [1, 2)` (its IEEE-754 fields), so
///
///     Σ ln xᵢ = ln 2 · Σ eᵢ + ln Π mᵢ,
///
/// an exact identity. The exponents are summed as integers (exact) and the mantissas
/// multiplied in double precision, renormalised (the product's own exponent moved into
/// the integer sum) before the product can overflow — after at most 256 factors below 4,
/// i.e. below 2⁵¹². Each multiplication adds at most half an ulp of double precision,
/// so `k` values give a relative error of about `k · 1.1e-16` in `ln Π mᵢ`: more precise
/// than summing `k` single-precision logarithms, and identical on every IEEE-754 machine
/// (no fused multiply-add, a fixed order of operations).
///
/// The spectral families average `ln |F|` over rings and `ln (|D| + ε)` over grid cells
/// (``SpectrumFamily``, ``DCTFamily``); with this they call `log` once per ring or cell
/// (256 times instead of 65,536 for the 16×16 DCT grid of a 256² crop).
///
/// Values must be positive and normal (the families clamp or add `ε` first); zero,
/// subnormal, infinite or NaN inputs are a programming error (checked in debug builds).
struct LogSum {
    /// Product of mantissas since the last renormalisation, in [1, 2⁵¹²).
    private var mantissa: Double = 1
    /// Sum of binary exponents (exact).
    private var exponent: Int = 0
    /// Factors multiplied into `mantissa` since the last renormalisation.
    private var factors: Int = 0

    init() {}

    /// `ln 2 · Σ e + ln Π m`.
    var value: Double {
        Double(exponent) * 0.693_147_180_559_945_309_417_232_121_458 + log(mantissa)
    }

    /// Adds `ln x` for a positive normal single-precision `x`.
    @inline(__always)
    mutating func add(_ x: Float) {
        assert(x.isNormal && x > 0, "LogSum needs positive normal values")
        let bits = x.bitPattern
        exponent &+= Int(bits >> 23) &- 127
        mantissa *= Double(Float(bitPattern: bits & 0x007F_FFFF | 0x3F80_0000))
        factors &+= 1
        if factors == 256 { renormalise() }
    }

    /// Adds `weight · ln x` (weight 1 or 2) for a positive normal double `x`. Inlined, so a
    /// constant `weight` leaves no branch. The integer steps wrap (they cannot overflow: the
    /// exponents are below 2¹¹), which spares an overflow check per value.
    @inline(__always)
    mutating func add(_ x: Double, weight: Int) {
        assert(x.isNormal && x > 0, "LogSum needs positive normal values")
        assert(weight == 1 || weight == 2, "weight must be 1 or 2")
        let bits = x.bitPattern
        exponent &+= weight &* (Int(bits >> 52) &- 1023)
        let m = Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)
        mantissa *= weight == 1 ? m : m * m
        factors &+= 1
        if factors == 256 { renormalise() }
    }

    /// Adds `weight · ln` of `pairs` pairs of positive normal doubles (weight 1 or 2), the
    /// first of each pair to `a` and the second to `b`: the steps of alternate
    /// ``add(_:weight:)`` calls on `a` and `b`, renormalisations included, so the same bits,
    /// with both sums' steps done as the two lanes of one vector. `next(j)` gives pair `j`.
    @inline(__always)
    static func addAlternately(_ a: inout LogSum, _ b: inout LogSum, pairs: Int, weight: Int,
                               _ next: (Int) -> SIMD2<Double>) {
        assert(weight == 1 || weight == 2, "weight must be 1 or 2")
        let fraction = SIMD2<UInt64>(repeating: 0x000F_FFFF_FFFF_FFFF), one = SIMD2<UInt64>(repeating: 0x3FF0_0000_0000_0000)
        var mantissas = SIMD2(a.mantissa, b.mantissa)
        var exponents = SIMD2(a.exponent, b.exponent)
        for j in 0..<pairs {
            let x = next(j)
            assert(x[0].isNormal && x[0] > 0 && x[1].isNormal && x[1] > 0, "LogSum needs positive normal values")
            let bits = unsafeBitCast(x, to: SIMD2<UInt64>.self)
            let e = unsafeBitCast(bits &>> 52, to: SIMD2<Int>.self) &- 1023
            exponents &+= weight == 1 ? e : e &<< 1
            let m = unsafeBitCast(bits & fraction | one, to: SIMD2<Double>.self)
            mantissas *= weight == 1 ? m : m * m
            a.factors &+= 1
            b.factors &+= 1
            if a.factors == 256 || b.factors == 256 {
                a.mantissa = mantissas[0]
                a.exponent = exponents[0]
                b.mantissa = mantissas[1]
                b.exponent = exponents[1]
                if a.factors == 256 { a.renormalise() }
                if b.factors == 256 { b.renormalise() }
                mantissas = SIMD2(a.mantissa, b.mantissa)
                exponents = SIMD2(a.exponent, b.exponent)
            }
        }
        a.mantissa = mantissas[0]
        a.exponent = exponents[0]
        b.mantissa = mantissas[1]
        b.exponent = exponents[1]
    }

    /// Adds the logarithms of `count` consecutive positive normal floats.
    ///
    /// Four partial products break the multiplication's dependency chain; they are
    /// combined in a fixed order, so the result does not depend on the hardware.
    mutating func add(_ values: UnsafePointer<Float>, count: Int) {
        let groups = count / 4
        var g = 0
        while g < groups {
            let blockEnd = min(groups, g + 64)
            var block = Block()
            while g < blockEnd {
                block.add(values + 4 &* g)
                g &+= 1
            }
            block.fold(into: &self)
        }
        for i in (4 * groups)..<count { add(values[i]) }
    }

    /// Moves the product's exponent into the integer sum.
    private mutating func renormalise() {
        let bits = mantissa.bitPattern
        exponent &+= Int(bits >> 52) &- 1023
        mantissa = Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)
        factors = 0
    }

    /// Up to 64 groups of four floats: four independent products (each < 2⁶⁴), `p0` of the
    /// groups' first floats … `p3` of their fourth, and the biased exponents summed per lane
    /// (at most 64 · 255, exact), folded into a ``LogSum`` afterwards.
    private struct Block {
        var p01 = SIMD2<Double>(1, 1), p23 = SIMD2<Double>(1, 1)
        var exponents = SIMD4<UInt32>()
        var groups = 0

        /// Multiplies in the four floats at `p`: one vector load, the exponents added lane by
        /// lane (one horizontal sum per block, in ``fold(into:)``, instead of one per group).
        @inline(__always)
        mutating func add(_ p: UnsafePointer<Float>) {
            let bits = UnsafeRawPointer(p).loadUnaligned(as: SIMD4<UInt32>.self)
            assert((0..<4).allSatisfy { Float(bitPattern: bits[$0]).isNormal && Float(bitPattern: bits[$0]) > 0 },
                   "LogSum needs positive normal values")
            exponents &+= bits &>> 23
            let m = unsafeBitCast(bits & 0x007F_FFFF | 0x3F80_0000, to: SIMD4<Float>.self)
            p01 *= SIMD2(Double(m[0]), Double(m[1]))
            p23 *= SIMD2(Double(m[2]), Double(m[3]))
            groups &+= 1
        }

        func fold(into sum: inout LogSum) {
            sum.exponent &+= Int(exponents.wrappedSum()) &- 4 &* 127 &* groups
            // (p0 p1)(p2 p3) < 2²⁵⁶, and the running product is below 2⁵¹² (at most 255
            // factors below 4 since its last renormalisation), so theirs is finite. Scaling by
            // a power of two never changes a product's rounding, so renormalising only after
            // the multiplication gives the same bits as before and after.
            sum.mantissa *= (p01[0] * p01[1]) * (p23[0] * p23[1])
            sum.renormalise()
        }
    }
}
