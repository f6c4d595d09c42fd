/// A receiver operating characteristic curve, as `sklearn.metrics.roc_curve`.
///
/// Points are (FPR_k, TPR_k) at decreasing thresholds; the first point is (0, 0)
/// at threshold +∞ (nothing predicted fake) and the last (1, 1) at the lowest
/// score. At threshold t an item is predicted fake when `score ≥ t`.
/// With `dropIntermediate` (scikit-learn's default) points collinear on a
/// vertical or horizontal run are removed (`np.diff(fps, 2)` / `np.diff(tps, 2)`
/// zero); this never changes the area.
public struct ROCCurve: Codable, Sendable, Hashable {
    /// False-positive rates, non-decreasing from 0 to 1.
    public let falsePositiveRates: [Double]
    /// True-positive rates, non-decreasing from 0 to 1.
    public let truePositiveRates: [Double]
    /// Thresholds, decreasing; `thresholds[0]` is `+infinity` (encoded as JSON `null`).
    public let thresholds: [Double]

    public init(falsePositiveRates: [Double], truePositiveRates: [Double], thresholds: [Double]) {
        self.falsePositiveRates = falsePositiveRates
        self.truePositiveRates = truePositiveRates
        self.thresholds = thresholds
    }

    init(_ ranked: RankedScores, dropIntermediate: Bool) {
        var tps = ranked.truePositives, fps = ranked.falsePositives, thr = ranked.thresholds
        if dropIntermediate && tps.count > 2 {
            var keep = [0]
            for k in 1..<(tps.count - 1) {
                let secondFP = fps[k + 1] - 2 * fps[k] + fps[k - 1]
                let secondTP = tps[k + 1] - 2 * tps[k] + tps[k - 1]
                if secondFP != 0 || secondTP != 0 { keep.append(k) }
            }
            keep.append(tps.count - 1)
            tps = keep.map { tps[$0] }; fps = keep.map { fps[$0] }; thr = keep.map { thr[$0] }
        }
        let p = ranked.positives, n = ranked.negatives
        falsePositiveRates = [0] + fps.map { $0 / n }
        truePositiveRates = [0] + tps.map { $0 / p }
        thresholds = [Double.infinity] + thr
    }

    /// The false-negative rates 1 − TPR.
    public var falseNegativeRates: [Double] { truePositiveRates.map { 1 - $0 } }

    /// Area under the curve by the trapezoidal rule (`sklearn.metrics.auc`).
    public var area: Double {
        var a = 0.0
        for k in 1..<falsePositiveRates.count {
            a += (falsePositiveRates[k] - falsePositiveRates[k - 1])
                * (truePositiveRates[k] + truePositiveRates[k - 1]) / 2
        }
        return a
    }

    private enum CodingKeys: String, CodingKey { case falsePositiveRates, truePositiveRates, thresholds }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        falsePositiveRates = try c.decode([Double].self, forKey: .falsePositiveRates)
        truePositiveRates = try c.decode([Double].self, forKey: .truePositiveRates)
        thresholds = try c.decode([Double?].self, forKey: .thresholds).map { $0 ?? .infinity }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(falsePositiveRates, forKey: .falsePositiveRates)
        try c.encode(truePositiveRates, forKey: .truePositiveRates)
        try c.encode(thresholds.map { $0.isFinite ? $0 : nil }, forKey: .thresholds)
    }
}
