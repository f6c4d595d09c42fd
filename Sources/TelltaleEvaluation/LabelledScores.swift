/// Validated pairs of labels and scores: the input of every metric.
///
/// Conventions (used throughout TelltaleEvaluation):
/// - label 1 = **fake** (generated), the positive class; label 0 = **real** (camera);
/// - score = the detector's probability (or any monotone score) that the image is fake;
/// - at a threshold `t` an image is *predicted fake when `score ≥ t`* (the same
///   convention as scikit-learn's `roc_curve`, whose thresholds are "instances with
///   score >= thresholds[i] predicted positive").
public struct LabelledScores: Sendable, Hashable {
    /// 0 = real, 1 = fake.
    public let labels: [Int]
    /// Probability of fake (higher means more likely fake).
    public let scores: [Double]

    /// Validates and stores the pairs.
    /// - Throws: ``EvaluationError`` when empty, of unequal lengths, with a label
    ///   outside {0, 1}, or with a non-finite score.
    public init(labels: [Int], scores: [Double]) throws {
        guard labels.count == scores.count else {
            throw EvaluationError.countMismatch(labels: labels.count, scores: scores.count)
        }
        guard !labels.isEmpty else { throw EvaluationError.empty }
        for (i, label) in labels.enumerated() where label != 0 && label != 1 {
            throw EvaluationError.invalidLabel(index: i, value: label)
        }
        for (i, score) in scores.enumerated() where !score.isFinite {
            throw EvaluationError.nonFiniteScore(index: i)
        }
        self.labels = labels
        self.scores = scores
    }

    /// The labels and scores of scored items, in order.
    public init(items: [ScoredItem]) throws {
        try self.init(labels: items.map(\.label), scores: items.map(\.score))
    }

    /// Number of items.
    public var count: Int { labels.count }
    /// Number of fakes (label 1, positives).
    public var fakeCount: Int { labels.reduce(0, +) }
    /// Number of reals (label 0, negatives).
    public var realCount: Int { count - fakeCount }
    /// Whether both classes are present (needed by ROC AUC, AP and EER).
    public var hasBothClasses: Bool { fakeCount > 0 && realCount > 0 }

    /// Throws ``EvaluationError/singleClass(metric:presentLabel:count:)`` unless both classes occur.
    public func requireBothClasses(for metric: String) throws {
        guard hasBothClasses else {
            throw EvaluationError.singleClass(metric: metric, presentLabel: fakeCount > 0 ? 1 : 0, count: count)
        }
    }

    /// The subset at the given indices (in that order).
    public func subset(_ indices: [Int]) throws -> LabelledScores {
        try LabelledScores(labels: indices.map { labels[$0] }, scores: indices.map { scores[$0] })
    }
}
