/// Quantiles of sorted samples.
enum Percentile {
    /// `numpy.percentile(values, 100·q)` with the default linear method (Hyndman &
    /// Fan 1996, type 7): h = (n − 1)·q, Q = v_⌊h⌋ + (h − ⌊h⌋)(v_⌊h⌋+1 − v_⌊h⌋).
    /// `sorted` must be sorted ascending and non-empty; q in [0, 1].
    static func linear(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty)
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        let fraction = h - Double(lo)
        return sorted[lo] + fraction * (sorted[hi] - sorted[lo])
    }
}
