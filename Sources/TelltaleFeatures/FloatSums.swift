/// Sums and dot products of float arrays in double precision, shared by the families: four
/// interleaved accumulators (a single running sum is a chain of dependent additions, 3–4×
/// slower) combined in a fixed order, so the result does not depend on the machine.
enum FloatSums {
    /// Σ a (double accumulators, four interleaved for speed).
    static func sum(_ a: UnsafePointer<Float>, _ count: Int) -> Double {
        var s = SIMD4<Double>.zero
        var k = 0
        while k + 4 <= count {
            s += SIMD4(Double(a[k]), Double(a[k + 1]), Double(a[k + 2]), Double(a[k + 3]))
            k += 4
        }
        var total = s.sum()
        while k < count { total += Double(a[k]); k += 1 }
        return total
    }

    /// Σ a·b (products exact in double, four interleaved accumulators).
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Double {
        var s = SIMD4<Double>.zero
        var k = 0
        while k + 4 <= count {
            let x = SIMD4(Double(a[k]), Double(a[k + 1]), Double(a[k + 2]), Double(a[k + 3]))
            let y = SIMD4(Double(b[k]), Double(b[k + 1]), Double(b[k + 2]), Double(b[k + 3]))
            s += x * y
            k += 4
        }
        var total = s.sum()
        while k < count { total += Double(a[k]) * Double(b[k]); k += 1 }
        return total
    }
}
