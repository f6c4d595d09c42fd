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
        exponent += Int(bits >> 23) - 127
        mantissa *= Double(Float(bitPattern: bits & 0x007F_FFFF | 0x3F80_0000))
        factors += 1
        if factors == 256 { renormalise() }
    }

    /// Adds `weight · ln x` (weight 1 or 2) for a positive normal double `x`.
    @inline(__always)
    mutating func add(_ x: Double, weight: Int) {
        assert(x.isNormal && x > 0, "LogSum needs positive normal values")
        assert(weight == 1 || weight == 2, "weight must be 1 or 2")
        let bits = x.bitPattern
        exponent += weight * (Int(bits >> 52) - 1023)
        let m = Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)
        mantissa *= weight == 1 ? m : m * m
        factors += 1
        if factors == 256 { renormalise() }
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
                let p = values + 4 * g
                block.add(p[0], p[1], p[2], p[3])
                g += 1
            }
            block.fold(into: &self)
        }
        for i in (4 * groups)..<count { add(values[i]) }
    }

    /// Moves the product's exponent into the integer sum.
    private mutating func renormalise() {
        let bits = mantissa.bitPattern
        exponent += Int(bits >> 52) - 1023
        mantissa = Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)
        factors = 0
    }

    /// Up to 64 groups of four floats: four independent products (each < 2⁶⁴) and one
    /// exponent sum, folded into a ``LogSum`` afterwards.
    private struct Block {
        var p0 = 1.0, p1 = 1.0, p2 = 1.0, p3 = 1.0
        var exponent = 0

        @inline(__always)
        mutating func add(_ a: Float, _ b: Float, _ c: Float, _ d: Float) {
            assert(a.isNormal && b.isNormal && c.isNormal && d.isNormal && a > 0 && b > 0 && c > 0 && d > 0,
                   "LogSum needs positive normal values")
            let ba = a.bitPattern, bb = b.bitPattern, bc = c.bitPattern, bd = d.bitPattern
            exponent += Int(ba >> 23) + Int(bb >> 23) + Int(bc >> 23) + Int(bd >> 23) - 4 * 127
            p0 *= Double(Float(bitPattern: ba & 0x007F_FFFF | 0x3F80_0000))
            p1 *= Double(Float(bitPattern: bb & 0x007F_FFFF | 0x3F80_0000))
            p2 *= Double(Float(bitPattern: bc & 0x007F_FFFF | 0x3F80_0000))
            p3 *= Double(Float(bitPattern: bd & 0x007F_FFFF | 0x3F80_0000))
        }

        func fold(into sum: inout LogSum) {
            sum.exponent += exponent
            // (p0 p1)(p2 p3) < 2²⁵⁶: multiplied in after a renormalisation, below 2²⁵⁷.
            sum.renormalise()
            sum.mantissa *= (p0 * p1) * (p2 * p3)
            sum.renormalise()
        }
    }
}
