/// The 2×2 confusion matrix at a threshold, with fake (label 1) as the positive class.
///
/// An item is predicted fake when `score ≥ threshold`. Counts are the entries of
/// `sklearn.metrics.confusion_matrix(y_true, y_pred)`: `[[TN, FP], [FN, TP]]`.
public struct ConfusionMatrix: Codable, Sendable, Hashable {
    /// Fakes predicted fake.
    public var truePositives: Int
    /// Reals predicted fake.
    public var falsePositives: Int
    /// Reals predicted real.
    public var trueNegatives: Int
    /// Fakes predicted real.
    public var falseNegatives: Int

    public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// Counts the four outcomes, predicting fake when `score ≥ threshold`.
    public init(_ data: LabelledScores, threshold: Double) {
        var tp = 0, fp = 0, tn = 0, fn = 0
        for (label, score) in zip(data.labels, data.scores) {
            let predictedFake = score >= threshold
            switch (label == 1, predictedFake) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            }
        }
        self.init(truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn)
    }

    /// Fakes in the data: TP + FN.
    public var positives: Int { truePositives + falseNegatives }
    /// Reals in the data: TN + FP.
    public var negatives: Int { trueNegatives + falsePositives }
    /// All items.
    public var total: Int { positives + negatives }
}
