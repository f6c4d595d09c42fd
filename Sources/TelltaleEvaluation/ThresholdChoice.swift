/// A threshold chosen on validation data for a target operating point, with the
/// values it achieves there.
///
/// Candidates are the distinct scores (each used as "predict fake when
/// `score ≥ t`"), plus one value just above the highest score, which predicts
/// nothing fake. Choose the threshold on a validation set, then apply it to the
/// test set with ``ThresholdMetrics`` — never tune it on the test scores.
public struct ThresholdChoice: Codable, Sendable, Hashable {
    /// The kind of target.
    public enum Criterion: String, Codable, Sendable, Hashable {
        /// False-positive rate at most the target.
        case maximumFalsePositiveRate
        /// Precision at least the target.
        case minimumPrecision
    }

    public let criterion: Criterion
    public let target: Double
    /// The chosen threshold (predict fake when `score ≥ threshold`).
    public let threshold: Double
    /// The metrics it achieves on the data it was chosen on.
    public let achieved: ThresholdMetrics

    public init(criterion: Criterion, target: Double, threshold: Double, achieved: ThresholdMetrics) {
        self.criterion = criterion
        self.target = target
        self.threshold = threshold
        self.achieved = achieved
    }
}

extension LabelledScores {
    /// The threshold with the highest recall whose false-positive rate is ≤ `target`:
    /// the *lowest* distinct score t with FPR(t) ≤ target (FPR only grows as t falls,
    /// so this is the ROC point of largest TPR within the FPR budget — the
    /// Neyman–Pearson operating point). When even the highest score gives
    /// FPR > target, the threshold is `nextUp` of the highest score (FPR 0, nothing
    /// predicted fake).
    /// - Throws: ``EvaluationError/singleClass(metric:presentLabel:count:)`` when
    ///   there are no reals (FPR undefined), `invalidArgument` for a target outside [0, 1].
    public func threshold(forFalsePositiveRate target: Double) throws -> ThresholdChoice {
        guard target >= 0, target <= 1 else {
            throw EvaluationError.invalidArgument("A target false-positive rate must lie in [0, 1]; got \(target).")
        }
        guard realCount > 0 else {
            throw EvaluationError.singleClass(metric: "A false-positive-rate threshold", presentLabel: 1, count: count)
        }
        let ranked = RankedScores(self)
        var chosen = ranked.thresholds[0].nextUp
        for k in ranked.thresholds.indices {
            if ranked.falsePositives[k] / ranked.negatives <= target { chosen = ranked.thresholds[k] } else { break }
        }
        return ThresholdChoice(criterion: .maximumFalsePositiveRate, target: target,
                               threshold: chosen, achieved: metrics(atThreshold: chosen))
    }

    /// The threshold with the highest recall whose precision is ≥ `target`: the
    /// lowest distinct score t with precision(t) ≥ target (precision is not
    /// monotone in t, so every candidate is checked).
    /// - Throws: ``EvaluationError/unreachableTarget(criterion:target:)`` when no
    ///   threshold reaches the precision, `singleClass` when there are no fakes,
    ///   `invalidArgument` for a target outside [0, 1].
    public func threshold(forPrecision target: Double) throws -> ThresholdChoice {
        guard target >= 0, target <= 1 else {
            throw EvaluationError.invalidArgument("A target precision must lie in [0, 1]; got \(target).")
        }
        guard fakeCount > 0 else {
            throw EvaluationError.singleClass(metric: "A precision threshold", presentLabel: 0, count: count)
        }
        let ranked = RankedScores(self)
        var chosen: Double?
        for k in ranked.thresholds.indices {
            let tp = ranked.truePositives[k], fp = ranked.falsePositives[k]
            if tp / (tp + fp) >= target { chosen = ranked.thresholds[k] }
        }
        guard let threshold = chosen else {
            throw EvaluationError.unreachableTarget(criterion: "precision", target: target)
        }
        return ThresholdChoice(criterion: .minimumPrecision, target: target,
                               threshold: threshold, achieved: metrics(atThreshold: threshold))
    }
}
