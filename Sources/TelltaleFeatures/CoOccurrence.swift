/// Co-occurrence histograms of quantised residual symbols along a direction,
/// as in the spatial rich model (Fridrich & Kodovský, IEEE TIFS 2012, §II-C).
///
/// Symbols are bin indices `b ∈ {0, …, B − 1}` (a residual value `v ∈ [−T, T]`
/// stored as `v + T`, so `B = 2T + 1`). For order `d` the histogram counts the
/// `d`-tuples of consecutive symbols along a direction,
///
///     C[b₀ + B b₁ + … + B^{d−1} b_{d−1}] = #{(y, x): s[(y, x) + k·step] = b_k, k = 0…d−1},
///
/// (the first symbol varies fastest, like MATLAB's `M(:)`), normalised by the
/// number of tuples so the histogram sums to one (all zeros if no tuple fits).
public enum CoOccurrence {
    /// A direction on the pixel grid.
    public enum Direction: String, Codable, Sendable, Hashable, CaseIterable {
        /// Left to right along a row.
        case horizontal = "h"
        /// Top to bottom along a column.
        case vertical = "v"
    }

    /// Accumulates the normalised histogram of a `w × h` symbol plane into
    /// `histogram[offset ..< offset + B^order]` (which is overwritten).
    public static func histogram(_ symbols: UnsafeBufferPointer<UInt8>, width w: Int, height h: Int,
                                 bins: Int, order: Int, direction: Direction,
                                 into histogram: UnsafeMutableBufferPointer<Float>, offset: Int) {
        var size = 1
        for _ in 0..<order { size *= bins }
        let out = histogram.baseAddress! + offset
        out.update(repeating: 0, count: size)
        let (dx, dy) = direction == .horizontal ? (1, 0) : (0, 1)
        let ow = w - (order - 1) * dx, oh = h - (order - 1) * dy
        guard ow > 0, oh > 0, order > 0 else { return }
        let step = dy * w + dx
        let s = symbols.baseAddress!
        // Counts as integers (exact), converted once at the end. Four interleaved
        // copies (by x mod 4) break the store-to-load chains on the dominant bin.
        var counts = [Int32](repeating: 0, count: 4 * size)
        counts.withUnsafeMutableBufferPointer { c in
            let c0 = c.baseAddress!, c1 = c0 + size, c2 = c1 + size, c3 = c2 + size
            let b1 = bins, b2 = bins * bins
            @inline(__always) func index(_ p: UnsafePointer<UInt8>) -> Int {
                switch order {
                case 1: return Int(p[0])
                case 2: return Int(p[0]) &+ b1 &* Int(p[step])
                case 3: return Int(p[0]) &+ b1 &* Int(p[step]) &+ b2 &* Int(p[2 &* step])
                default:
                    var i = 0, scale = 1
                    for k in 0..<order {
                        i = i &+ scale &* Int(p[k &* step])
                        scale = scale &* bins
                    }
                    return i
                }
            }
            for y in 0..<oh {
                let row = UnsafePointer(s + y * w)
                var x = 0
                while x + 4 <= ow {
                    c0[index(row + x)] &+= 1
                    c1[index(row + x + 1)] &+= 1
                    c2[index(row + x + 2)] &+= 1
                    c3[index(row + x + 3)] &+= 1
                    x += 4
                }
                while x < ow {
                    c0[index(row + x)] &+= 1
                    x += 1
                }
            }
            for k in 0..<size { c0[k] = c0[k] &+ c1[k] &+ c2[k] &+ c3[k] }
        }
        let total = Float(ow * oh)
        for k in 0..<size { out[k] = Float(counts[k]) / total }
    }
}
