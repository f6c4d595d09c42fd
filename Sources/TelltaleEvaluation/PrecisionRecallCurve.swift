/// A precision–recall curve, as `sklearn.metrics.precision_recall_curve`
/// (default `drop_intermediate=False`).
///
/// Ordered by *increasing* threshold, as scikit-learn returns it: `precision[k]`
/// and `recall[k]` are measured predicting fake when `score ≥ thresholds[k]`,
/// with k running over the distinct scores; the last point (precision 1, recall 0)
/// has no threshold, so `thresholds.count == precision.count − 1`.
public struct PrecisionRecallCurve: Codable, Sendable, Hashable {
    public let precision: [Double]
    public let recall: [Double]
    public let thresholds: [Double]

    public init(precision: [Double], recall: [Double], thresholds: [Double]) {
        self.precision = precision
        self.recall = recall
        self.thresholds = thresholds
    }

    init(_ ranked: RankedScores) {
        let p = ranked.positives
        var precision: [Double] = [], recall: [Double] = []
        for k in ranked.thresholds.indices {
            let tp = ranked.truePositives[k], fp = ranked.falsePositives[k]
            precision.append(tp + fp > 0 ? tp / (tp + fp) : 0)
            recall.append(tp / p)
        }
        self.precision = precision.reversed() + [1]
        self.recall = recall.reversed() + [0]
        self.thresholds = ranked.thresholds.reversed()
    }
}
