/// The metrics of a hard decision at one threshold (predict fake when `score ≥ t`).
///
/// With TP, FP, TN, FN from ``ConfusionMatrix`` (fake = positive):
/// - precision = TP / (TP + FP)                      (`sklearn.metrics.precision_score`)
/// - recall = TPR = fake accuracy = TP / (TP + FN)   (`recall_score`)
/// - F1 = 2·TP / (2·TP + FP + FN)                    (`f1_score`, the scikit-learn ≥ 1.3 formula,
///   equal to the harmonic mean of precision and recall whenever that is defined)
/// - accuracy = (TP + TN) / N                        (`accuracy_score`)
/// - real accuracy = TNR = specificity = TN / (TN + FP); fake accuracy = recall
///   (reported separately because a detector that calls everything fake has perfect
///   fake accuracy; CNNDetection and GRIP report both)
/// - balanced accuracy = mean of the per-class recalls over the classes present in
///   the labels (`balanced_accuracy_score`): (TPR + TNR) / 2 with both classes,
///   the one class's recall with one
/// - FPR = FP / (FP + TN) = 1 − real accuracy.
///
/// **Zero division.** When a denominator is 0 (precision with no fake predictions,
/// recall/fake accuracy with no fakes, real accuracy/FPR with no reals, F1 when
/// TP + FP + FN = 0) the value is reported as **0** — scikit-learn's
/// `zero_division="warn"` behaviour — and the metric is listed in ``zeroDivision``,
/// the analogue of scikit-learn's `UndefinedMetricWarning`. Balanced accuracy is
/// listed there when a class is absent (it then averages over one class only).
public struct ThresholdMetrics: Codable, Sendable, Hashable {
    /// The metrics that can hit a zero denominator.
    public enum Metric: String, Codable, Sendable, Hashable, CaseIterable {
        case precision, recall, f1, realAccuracy, fakeAccuracy, balancedAccuracy, falsePositiveRate
    }

    /// The threshold: an item is predicted fake when its score is ≥ this.
    public let threshold: Double
    public let confusion: ConfusionMatrix
    public let precision: Double
    /// Recall = true-positive rate = fake accuracy.
    public let recall: Double
    public let f1: Double
    public let accuracy: Double
    /// Accuracy on the real images alone (TNR).
    public let realAccuracy: Double
    /// Accuracy on the fake images alone (TPR).
    public let fakeAccuracy: Double
    public let balancedAccuracy: Double
    public let falsePositiveRate: Double
    /// Metrics whose denominator was 0 and which are therefore reported as 0 (see the type's notes).
    public let zeroDivision: [Metric]

    /// Metrics from a confusion matrix computed at `threshold`.
    public init(confusion c: ConfusionMatrix, threshold: Double) {
        var undefined: [Metric] = []
        func ratio(_ num: Int, _ den: Int, _ metric: Metric) -> Double {
            if den == 0 { undefined.append(metric); return 0 }
            return Double(num) / Double(den)
        }
        self.threshold = threshold
        self.confusion = c
        precision = ratio(c.truePositives, c.truePositives + c.falsePositives, .precision)
        recall = ratio(c.truePositives, c.positives, .recall)
        f1 = ratio(2 * c.truePositives, 2 * c.truePositives + c.falsePositives + c.falseNegatives, .f1)
        accuracy = c.total == 0 ? 0 : Double(c.truePositives + c.trueNegatives) / Double(c.total)
        realAccuracy = ratio(c.trueNegatives, c.negatives, .realAccuracy)
        fakeAccuracy = ratio(c.truePositives, c.positives, .fakeAccuracy)
        falsePositiveRate = ratio(c.falsePositives, c.negatives, .falsePositiveRate)
        switch (c.positives > 0, c.negatives > 0) {
        case (true, true): balancedAccuracy = (recall + realAccuracy) / 2
        case (true, false): balancedAccuracy = recall; undefined.append(.balancedAccuracy)
        case (false, true): balancedAccuracy = realAccuracy; undefined.append(.balancedAccuracy)
        case (false, false): balancedAccuracy = 0; undefined.append(.balancedAccuracy)
        }
        zeroDivision = undefined
    }

    /// Metrics of `data` at `threshold` (predict fake when `score ≥ threshold`).
    public init(_ data: LabelledScores, threshold: Double) {
        self.init(confusion: ConfusionMatrix(data, threshold: threshold), threshold: threshold)
    }
}
