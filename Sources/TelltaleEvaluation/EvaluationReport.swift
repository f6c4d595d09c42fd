import TelltaleSupport

/// Everything measured on one labelled set of scores, ready for the writers
/// (``ReportWriter``). Deterministic: it holds no timings or dates, so the same
/// inputs and seed give byte-identical JSON.
public struct EvaluationReport: Codable, Sendable, Hashable {
    /// The ROC and precision–recall curves of the whole set.
    public struct Curves: Codable, Sendable, Hashable {
        /// scikit-learn's default (drop-intermediate) ROC curve.
        public let roc: ROCCurve
        public let precisionRecall: PrecisionRecallCurve
    }

    /// A free-form title (e.g. the model and test set).
    public var title: String
    /// The decision threshold (predict fake when `score ≥ threshold`).
    public var threshold: Double
    /// How the threshold was chosen on validation data, when it was.
    public var thresholdChoice: ThresholdChoice?
    /// The bootstrap settings used for the intervals, if any.
    public var bootstrap: BootstrapConfiguration?
    /// Metrics of all scored items.
    public var summary: MetricSummary
    /// nil when the set holds one class.
    public var curves: Curves?
    /// The reliability curve of the whole set (``ReliabilityCurve/defaultBinCount`` equal-width
    /// bins); nil when a score is not a probability in [0, 1].
    public var reliability: ReliabilityCurve?
    /// Images that failed to decode: counted here and listed, never dropped silently.
    public var decodeFailures: [InputFailure]
    /// Per-generator table; nil when no item carries a group.
    public var groups: GroupTable?
    public var robustness: RobustnessTable?
    public var crossGenerator: CrossGeneratorMatrix?
    /// The scored items, in the order given.
    public var items: [ScoredItem]
    /// The score file the scores came from, when they were not a Telltale model's
    /// (nil, and absent from the JSON, for a model's evaluation).
    public var scoreSource: ScoreSource?

    /// Evaluates `items`.
    /// - Parameters:
    ///   - title: report title.
    ///   - items: the scored images (labels 0 real / 1 fake).
    ///   - decodeFailures: images that could not be scored.
    ///   - threshold: decision threshold, default 0.5 (accuracy at 0.5 as in CNNDetection).
    ///   - thresholdChoice: the validation-set choice that produced `threshold`, if any.
    ///   - bootstrap: interval settings; nil for no intervals.
    ///   - pooling: reals in per-group rows (default ``RealPoolingRule/auto``: each
    ///     generator's own reals when every generator has some, else all reals pooled).
    ///   - robustness: perturbed score sets, in table order.
    ///   - crossGenerator: a cross-generator matrix computed elsewhere.
    ///   - scoreSource: the score file the scores came from, if any.
    /// - Throws: ``EvaluationError`` for invalid labels/scores or an empty list.
    public init(title: String, items: [ScoredItem], decodeFailures: [InputFailure] = [],
                threshold: Double = 0.5, thresholdChoice: ThresholdChoice? = nil,
                bootstrap: BootstrapConfiguration? = BootstrapConfiguration(),
                pooling: RealPoolingRule = .default, robustness: [PerturbedScores] = [],
                crossGenerator: CrossGeneratorMatrix? = nil, scoreSource: ScoreSource? = nil) throws {
        let data = try LabelledScores(items: items)
        self.title = title
        self.threshold = threshold
        self.thresholdChoice = thresholdChoice
        self.bootstrap = bootstrap
        self.summary = MetricSummary(data, threshold: threshold, bootstrap: bootstrap)
        if data.hasBothClasses {
            let ranked = RankedScores(data)
            curves = Curves(roc: ROCCurve(ranked, dropIntermediate: true),
                            precisionRecall: PrecisionRecallCurve(ranked))
        } else {
            curves = nil
        }
        reliability = data.scoresAreProbabilities ? try data.reliabilityCurve() : nil
        self.decodeFailures = decodeFailures
        if items.contains(where: { $0.group != nil }) {
            groups = try GroupTable(data, groups: items.map(\.group), threshold: threshold,
                                    pooling: pooling, bootstrap: bootstrap)
        } else {
            groups = nil
        }
        self.robustness = robustness.isEmpty ? nil : RobustnessTable(robustness, threshold: threshold, bootstrap: bootstrap)
        self.crossGenerator = crossGenerator
        self.items = items
        self.scoreSource = scoreSource
    }
}
