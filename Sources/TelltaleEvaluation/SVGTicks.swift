import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 × 10^k (Heckbert, "Nice numbers for graph
/// labels", Graphics Gems, 1990).
public enum SVGTicks {
    /// Ticks covering [lower, upper] with about `count` intervals; the returned
    /// range is widened outwards to the first and last tick.
    public static func nice(lower: Double, upper: Double, count: Int = 5)
        -> (range: ClosedRange<Double>, ticks: [Double]) {
        var lo = lower, hi = upper
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if hi < lo { swap(&lo, &hi) }
        if hi == lo { lo -= 0.5; hi += 0.5 }
        let rawStep = (hi - lo) / Double(Swift.max(count, 1))
        let magnitude = pow(10, (log10(rawStep)).rounded(.down))
        let fraction = rawStep / magnitude
        let step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return (ticks[0]...ticks[ticks.count - 1], ticks)
    }

    /// Decimals needed to print ticks spaced as these are.
    static func decimals(for ticks: [Double]) -> Int {
        guard ticks.count > 1 else { return 1 }
        let step = abs(ticks[1] - ticks[0])
        guard step > 0 else { return 1 }
        return Swift.max(0, Int((-log10(step)).rounded(.up)))
    }
}
