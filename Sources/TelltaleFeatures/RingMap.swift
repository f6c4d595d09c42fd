/// Which ring of integer radius each bin of a centred `rows × cols` spectrum lies on.
///
/// The centre is the zero frequency after `fftshift`: row `⌊rows/2⌋`, column
/// `⌊cols/2⌋` — right for odd, even and non-square sizes alike (Durall et al.'s
/// public code centres at `((n−1)/2, (n−1)/2)`, half a bin off for even sizes and
/// wrong for non-square ones; their issue #3). Bin `(y, x)` is on ring
/// `⌊√((y − ⌊rows/2⌋)² + (x − ⌊cols/2⌋)²)⌋` (truncation, as their `r.astype(int)`).
/// Neighbouring bins differ in radius by at most 1, so every ring from 0 to the
/// largest is non-empty.
struct RingMap: Sendable {
    let rows: Int
    let cols: Int
    /// Ring of each bin, row-major.
    let ring: [Int32]
    /// Number of bins on each ring (all > 0).
    let count: [Int]

    init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        let cy = rows / 2, cx = cols / 2
        var ring = [Int32](repeating: 0, count: rows * cols)
        var largest = 0
        for y in 0..<rows {
            for x in 0..<cols {
                let dy = Double(y - cy), dx = Double(x - cx)
                let r = Int((dy * dy + dx * dx).squareRoot())
                ring[y * cols + x] = Int32(r)
                largest = max(largest, r)
            }
        }
        var count = [Int](repeating: 0, count: largest + 1)
        for r in ring { count[Int(r)] += 1 }
        self.ring = ring
        self.count = count
    }

    /// Number of rings (largest radius + 1).
    var ringCount: Int { count.count }
}
