/// The 3 × 3 median filter, edges replicated (`scipy.ndimage.median_filter(X, size=3, mode="nearest")`).
public enum MedianFilter {
    /// The median of each pixel's 3 × 3 neighbourhood of a `rows × cols` plane, row-major.
    public static func median3x3(_ plane: [Float], rows: Int, cols: Int) -> [Float] {
        precondition(plane.count == rows * cols, "plane size does not match rows × cols")
        var out = [Float](repeating: 0, count: rows * cols)
        plane.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                var w = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
                for y in 0..<rows {
                    let y0 = max(y - 1, 0) * cols, y1 = y * cols, y2 = min(y + 1, rows - 1) * cols
                    for x in 0..<cols {
                        let x0 = max(x - 1, 0), x2 = min(x + 1, cols - 1)
                        w = (p[y0 + x0], p[y0 + x], p[y0 + x2],
                             p[y1 + x0], p[y1 + x], p[y1 + x2],
                             p[y2 + x0], p[y2 + x], p[y2 + x2])
                        o[y1 + x] = median9(&w)
                    }
                }
            }
        }
        return out
    }

    /// Median of nine values by the 19-exchange network of Paeth / Devillard ("Fast median search", 1998).
    @inline(__always)
    static func median9(_ v: inout (Float, Float, Float, Float, Float, Float, Float, Float, Float)) -> Float {
        @inline(__always) func s(_ a: inout Float, _ b: inout Float) { if a > b { swap(&a, &b) } }
        s(&v.1, &v.2); s(&v.4, &v.5); s(&v.7, &v.8)
        s(&v.0, &v.1); s(&v.3, &v.4); s(&v.6, &v.7)
        s(&v.1, &v.2); s(&v.4, &v.5); s(&v.7, &v.8)
        s(&v.0, &v.3); s(&v.5, &v.8); s(&v.4, &v.7)
        s(&v.3, &v.6); s(&v.1, &v.4); s(&v.2, &v.5)
        s(&v.4, &v.7); s(&v.4, &v.2); s(&v.6, &v.4)
        s(&v.4, &v.2)
        return v.4
    }
}
