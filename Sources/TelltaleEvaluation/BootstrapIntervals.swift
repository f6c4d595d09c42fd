import TelltaleSupport

/// Percentile-bootstrap confidence intervals for precision, recall, ROC AUC and
/// average precision.
///
/// **Method** (Efron & Tibshirani, *An Introduction to the Bootstrap*, 1993, ch. 13,
/// the percentile interval): draw B resamples, compute the metric on each, and
/// take the α/2 and 1 − α/2 quantiles of the B values (α = 1 − confidence). The
/// quantile is `numpy.percentile`'s default (linear interpolation between order
/// statistics, Hyndman & Fan type 7): with the sorted values v_0 ≤ … ≤ v_{B−1} and
/// h = (B − 1)·q, Q(q) = v_⌊h⌋ + (h − ⌊h⌋)·(v_⌊h⌋+1 − v_⌊h⌋).
///
/// **Stratified resampling.** Each resample draws, with replacement, exactly as
/// many fakes from the fakes and as many reals from the reals as the data holds,
/// so every resample has both classes (AUC and AP are always defined) and the
/// class balance is that of the data. Draws come from
/// `SeededGenerator.stream(seed: seed, "bootstrap")`, fakes first then reals in
/// each resample, so the intervals are identical under one seed. A resample in
/// which nothing is predicted fake has precision 0 (scikit-learn's zero-division value).
public struct BootstrapIntervals: Codable, Sendable, Hashable {
    public let configuration: BootstrapConfiguration
    /// Always true: resampling is stratified by class (see the type's notes).
    public let stratified: Bool
    /// The threshold of precision and recall (predict fake when `score ≥ threshold`).
    public let threshold: Double
    public let precision: ConfidenceInterval
    public let recall: ConfidenceInterval
    public let rocAUC: ConfidenceInterval
    public let averagePrecision: ConfidenceInterval

    public init(configuration: BootstrapConfiguration, stratified: Bool, threshold: Double,
                precision: ConfidenceInterval, recall: ConfidenceInterval,
                rocAUC: ConfidenceInterval, averagePrecision: ConfidenceInterval) {
        self.configuration = configuration
        self.stratified = stratified
        self.threshold = threshold
        self.precision = precision
        self.recall = recall
        self.rocAUC = rocAUC
        self.averagePrecision = averagePrecision
    }
}

extension LabelledScores {
    /// Stratified percentile-bootstrap intervals (see ``BootstrapIntervals``).
    ///
    /// Each resample is evaluated as counts of fakes and reals per distinct score of
    /// the original data (the sort is done once; O(n) per resample), which gives the
    /// same AUC, AP, precision and recall as scikit-learn on the materialised resample.
    /// - Throws: `singleClass` with one class; `invalidArgument` when B < 2 or the
    ///   confidence is outside (0, 1).
    public func bootstrapIntervals(threshold: Double,
                                   configuration: BootstrapConfiguration = BootstrapConfiguration()) throws
        -> BootstrapIntervals {
        try requireBothClasses(for: "A bootstrap interval")
        guard configuration.resamples >= 2 else {
            throw EvaluationError.invalidArgument("The bootstrap needs at least 2 resamples; got \(configuration.resamples).")
        }
        guard configuration.confidence > 0, configuration.confidence < 1 else {
            throw EvaluationError.invalidArgument("A confidence level must lie in (0, 1); got \(configuration.confidence).")
        }
        // Distinct scores (decreasing) and, per item, the index of its score among them.
        let order = RankedScores.decreasingOrder(scores)
        var distinct: [Double] = []
        var fakeGroups: [Int] = [], realGroups: [Int] = []
        for i in order {
            if distinct.last != scores[i] { distinct.append(scores[i]) }
            if labels[i] == 1 { fakeGroups.append(distinct.count - 1) } else { realGroups.append(distinct.count - 1) }
        }

        var generator = SeededGenerator.stream(seed: configuration.seed, "bootstrap")
        let b = configuration.resamples
        var precisions = [Double](), recalls = [Double](), aucs = [Double](), aps = [Double]()
        precisions.reserveCapacity(b); recalls.reserveCapacity(b); aucs.reserveCapacity(b); aps.reserveCapacity(b)
        var positives = [Double](repeating: 0, count: distinct.count)
        var negatives = [Double](repeating: 0, count: distinct.count)
        for _ in 0..<b {
            for k in distinct.indices { positives[k] = 0; negatives[k] = 0 }
            for _ in fakeGroups.indices { positives[fakeGroups[generator.nextIndex(below: fakeGroups.count)]] += 1 }
            for _ in realGroups.indices { negatives[realGroups[generator.nextIndex(below: realGroups.count)]] += 1 }
            let ranked = RankedScores(groupThresholds: distinct, groupPositives: positives, groupNegatives: negatives)
            let pr = ranked.precisionRecall(atThreshold: threshold)
            precisions.append(pr.precision)
            recalls.append(pr.recall)
            aucs.append(ranked.rocAUC)
            aps.append(ranked.averagePrecision)
        }

        let ranked = RankedScores(self)
        let point = metrics(atThreshold: threshold)
        let alpha = 1 - configuration.confidence
        func interval(_ estimate: Double, _ values: [Double]) -> ConfidenceInterval {
            let sorted = values.sorted()
            return ConfidenceInterval(estimate: estimate,
                                      lower: Percentile.linear(sorted, alpha / 2),
                                      upper: Percentile.linear(sorted, 1 - alpha / 2))
        }
        return BootstrapIntervals(
            configuration: configuration, stratified: true, threshold: threshold,
            precision: interval(point.precision, precisions),
            recall: interval(point.recall, recalls),
            rocAUC: interval(ranked.rocAUC, aucs),
            averagePrecision: interval(ranked.averagePrecision, aps))
    }
}
