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
    /// Each resample is evaluated as the original data with integer multiplicities
    /// as weights (the sort is done once), which gives the same AUC and AP as
    /// scikit-learn on the materialised resample.
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
        let order = RankedScores.decreasingOrder(scores)
        let sortedScores = order.map { scores[$0] }
        let sortedLabels = order.map { labels[$0] }
        let fakePositions = sortedLabels.indices.filter { sortedLabels[$0] == 1 }
        let realPositions = sortedLabels.indices.filter { sortedLabels[$0] == 0 }

        var generator = SeededGenerator.stream(seed: configuration.seed, "bootstrap")
        let b = configuration.resamples
        var precisions = [Double](), recalls = [Double](), aucs = [Double](), aps = [Double]()
        precisions.reserveCapacity(b); recalls.reserveCapacity(b); aucs.reserveCapacity(b); aps.reserveCapacity(b)
        var weights = [Double](repeating: 0, count: count)
        for _ in 0..<b {
            for i in weights.indices { weights[i] = 0 }
            for _ in fakePositions.indices {
                weights[fakePositions[generator.nextIndex(below: fakePositions.count)]] += 1
            }
            for _ in realPositions.indices {
                weights[realPositions[generator.nextIndex(below: realPositions.count)]] += 1
            }
            let ranked = RankedScores(sortedScores: sortedScores, sortedLabels: sortedLabels, weights: weights)
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
