/// Every metric of one labelled set of scores: the hard-decision metrics at a
/// threshold, the threshold-free ones when both classes are present, the calibration
/// metrics when the scores are probabilities, and optional bootstrap intervals.
public struct MetricSummary: Codable, Sendable, Hashable {
    /// The false-positive budgets of ``tprAtFPR``: 1 % and 5 %.
    public static let falsePositiveRateTargets = [0.01, 0.05]

    public let count: Int
    public let realCount: Int
    public let fakeCount: Int
    /// Metrics at the threshold (predict fake when `score ≥ threshold`).
    public let atThreshold: ThresholdMetrics
    /// ROC AUC; nil when undefined (one class — see ``undefinedReason``).
    public let rocAUC: Double?
    /// Average precision; nil when undefined.
    public let averagePrecision: Double?
    /// Equal error rate; nil when undefined.
    public let equalErrorRate: EqualErrorRate?
    /// The TPR at each of ``falsePositiveRateTargets`` (see ``TPRAtFPR``); nil when undefined.
    public let tprAtFPR: [TPRAtFPR]?
    /// The best accuracy over all thresholds, beside ``atThreshold``'s accuracy at the
    /// model's threshold (see ``OracleAccuracy``); nil when undefined.
    public let oracleAccuracy: OracleAccuracy?
    /// Why the threshold-free metrics and intervals are absent, when they are.
    public let undefinedReason: String?
    /// Bootstrap intervals, when requested and defined.
    public let intervals: BootstrapIntervals?
    /// With one class: the rate the set measures (FPR of a real-only set, recall of a
    /// fake-only set) with its intervals.
    public let singleClass: SingleClassRate?
    /// The Brier score (``LabelledScores/brierScore()``); nil when a score is not a probability.
    public let brierScore: Double?
    /// The expected calibration error over ``ReliabilityCurve/defaultBinCount`` equal-width
    /// bins; nil when a score is not a probability.
    public let expectedCalibrationError: ExpectedCalibrationError?
    /// Why the Brier score and the ECE are absent (a score outside [0, 1]), when they are.
    public let calibrationUndefinedReason: String?

    /// Computes the summary; never throws: undefined metrics are nil with a reason.
    public init(_ data: LabelledScores, threshold: Double, bootstrap: BootstrapConfiguration? = nil) {
        count = data.count
        realCount = data.realCount
        fakeCount = data.fakeCount
        atThreshold = data.metrics(atThreshold: threshold)
        if data.hasBothClasses {
            let ranked = RankedScores(data)
            rocAUC = ranked.rocAUC
            averagePrecision = ranked.averagePrecision
            equalErrorRate = EqualErrorRate(ranked)
            tprAtFPR = Self.falsePositiveRateTargets.compactMap { try? data.truePositiveRate(atFalsePositiveRate: $0) }
            oracleAccuracy = OracleAccuracy(ranked)
            undefinedReason = nil
            intervals = bootstrap.flatMap { try? data.bootstrapIntervals(threshold: threshold, configuration: $0) }
            singleClass = nil
        } else {
            rocAUC = nil
            averagePrecision = nil
            equalErrorRate = nil
            tprAtFPR = nil
            oracleAccuracy = nil
            intervals = nil
            undefinedReason = EvaluationError.singleClass(
                metric: "ROC AUC, average precision, the equal error rate, the TPR at a false-positive rate and the oracle accuracy",
                presentLabel: data.fakeCount > 0 ? 1 : 0, count: data.count).description
            singleClass = (try? data.singleClassRate(threshold: threshold, bootstrap: bootstrap))
                ?? (try? data.singleClassRate(threshold: threshold))
        }
        if data.scoresAreProbabilities {
            brierScore = try? data.brierScore()
            expectedCalibrationError = try? data.expectedCalibrationError()
            calibrationUndefinedReason = nil
        } else {
            brierScore = nil
            expectedCalibrationError = nil
            calibrationUndefinedReason = "The Brier score and the expected calibration error need probabilities in [0, 1]; "
                + "these scores range over [\(data.scores.min()!), \(data.scores.max()!)]."
        }
    }
}
