/// Every metric of one labelled set of scores: the hard-decision metrics at a
/// threshold, the threshold-free ones when both classes are present, and
/// optional bootstrap intervals.
public struct MetricSummary: Codable, Sendable, Hashable {
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
    /// Why the threshold-free metrics and intervals are absent, when they are.
    public let undefinedReason: String?
    /// Bootstrap intervals, when requested and defined.
    public let intervals: BootstrapIntervals?

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
            undefinedReason = nil
            intervals = bootstrap.flatMap { try? data.bootstrapIntervals(threshold: threshold, configuration: $0) }
        } else {
            rocAUC = nil
            averagePrecision = nil
            equalErrorRate = nil
            intervals = nil
            undefinedReason = EvaluationError.singleClass(
                metric: "ROC AUC, average precision and the equal error rate",
                presentLabel: data.fakeCount > 0 ? 1 : 0, count: data.count).description
        }
    }
}
