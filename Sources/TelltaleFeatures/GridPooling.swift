/// Mean pooling of a 2-D array over a grid of `gridRows × gridCols` cells.
///
/// Cell `i` along an axis of length `n` spans `lo = ⌊i n / g⌋ ..< max(⌊(i + 1) n / g⌋, lo + 1)`:
/// the cells tile the axis when `n ≥ g`, and when `n < g` (a small image under the
/// `largestSquare` policy) each cell still holds at least one value, so the output
/// length is always `g²` — nearest-neighbour resampling of the array to the grid.
public enum GridPooling {
    /// Cell bounds along an axis of length `n` split into `g` cells.
    static func bounds(_ n: Int, _ g: Int) -> [Range<Int>] {
        (0..<g).map { i in
            let lo = min(i * n / g, n - 1)
            return lo..<max((i + 1) * n / g, lo + 1)
        }
    }

    /// Cell means of `values` (`rows × cols`, row-major), row-major over the grid.
    public static func mean(_ values: [Float], rows: Int, cols: Int, gridRows: Int, gridCols: Int) -> [Float] {
        precondition(values.count == rows * cols, "array size does not match rows × cols")
        let rb = bounds(rows, gridRows), cb = bounds(cols, gridCols)
        var out = [Float]()
        out.reserveCapacity(gridRows * gridCols)
        values.withUnsafeBufferPointer { v in
            for r in rb {
                for c in cb {
                    var s = 0.0
                    for y in r { for x in c { s += Double(v[y * cols + x]) } }
                    out.append(Float(s / Double(r.count * c.count)))
                }
            }
        }
        return out
    }
}
