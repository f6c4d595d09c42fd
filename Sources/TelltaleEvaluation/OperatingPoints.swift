/// The true-positive rate a detector reaches within a false-positive budget — the number a
/// moderation deployment cares about ("TPR at 1 % FPR").
///
/// **Definition.** The highest TPR among the ROC points with FPR ≤ the target, taken on
/// the full ROC curve (`sklearn.metrics.roc_curve(y, s, drop_intermediate=False)`: one
/// point per distinct score, plus (0, 0) at +∞), **without interpolation** between points:
/// `max(tpr[fpr <= target])`. That point is the one ``LabelledScores/threshold(forFalsePositiveRate:)``
/// chooses (the lowest distinct score whose FPR is within the target; when even the highest
/// score exceeds it, a threshold just above the highest score, TPR 0).
public struct TPRAtFPR: Codable, Sendable, Hashable {
    /// The false-positive budget.
    public let targetFalsePositiveRate: Double
    /// The TPR (recall) reached.
    public let truePositiveRate: Double
    /// The FPR actually spent (≤ the target).
    public let falsePositiveRate: Double
    /// The threshold of that ROC point (predict fake when `score ≥ threshold`).
    public let threshold: Double

    public init(targetFalsePositiveRate: Double, truePositiveRate: Double, falsePositiveRate: Double, threshold: Double) {
        self.targetFalsePositiveRate = targetFalsePositiveRate
        self.truePositiveRate = truePositiveRate
        self.falsePositiveRate = falsePositiveRate
        self.threshold = threshold
    }
}

/// The best accuracy any threshold reaches on this set, and that threshold — the "oracle"
/// accuracy SIDBench reports beside the accuracy at 0.5: how much of a drop in accuracy is
/// a misplaced threshold rather than a loss of ranking. It is tuned on the test set itself,
/// so it is an upper bound, never an operating point.
///
/// **Definition.** The candidates are the distinct scores (predict fake when `score ≥ t`)
/// and one value just above the highest score (nothing predicted fake) — the candidates of
/// ``ThresholdChoice``; the oracle is the candidate of highest accuracy (TP + TN) / N and,
/// among equally accurate candidates, the **highest** threshold (the fewest images called fake).
public struct OracleAccuracy: Codable, Sendable, Hashable {
    public let accuracy: Double
    public let threshold: Double

    public init(accuracy: Double, threshold: Double) {
        self.accuracy = accuracy
        self.threshold = threshold
    }
}

extension LabelledScores {
    /// The TPR at a false-positive budget (see ``TPRAtFPR`` for the definition).
    /// - Throws: `singleClass` unless both classes occur; `invalidArgument` for a target outside [0, 1].
    public func truePositiveRate(atFalsePositiveRate target: Double) throws -> TPRAtFPR {
        try requireBothClasses(for: "The TPR at a false-positive rate")
        let choice = try threshold(forFalsePositiveRate: target)
        return TPRAtFPR(targetFalsePositiveRate: target, truePositiveRate: choice.achieved.recall,
                        falsePositiveRate: choice.achieved.falsePositiveRate, threshold: choice.threshold)
    }

    /// The best accuracy over all thresholds (see ``OracleAccuracy``).
    /// - Throws: `singleClass` unless both classes occur (with one class the oracle is
    ///   trivially 100 %).
    public func oracleAccuracy() throws -> OracleAccuracy {
        try requireBothClasses(for: "The oracle accuracy")
        return OracleAccuracy(RankedScores(self))
    }
}

extension OracleAccuracy {
    init(_ ranked: RankedScores) {
        let n = ranked.positives + ranked.negatives
        // Nothing predicted fake: every real right.
        var bestCorrect = ranked.negatives
        var best = ranked.thresholds[0].nextUp
        for k in ranked.thresholds.indices {
            let correct = ranked.truePositives[k] + (ranked.negatives - ranked.falsePositives[k])
            if correct > bestCorrect { bestCorrect = correct; best = ranked.thresholds[k] }
        }
        self.init(accuracy: bestCorrect / n, threshold: best)
    }
}
