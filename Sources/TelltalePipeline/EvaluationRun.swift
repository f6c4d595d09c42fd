import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleFeatures
import TelltaleImaging
import TelltaleSupport

/// Scores for labelled items: what every evaluation starts from, whoever computed them —
/// a Telltale model (``EvaluationRun/Scorer/detector(_:alsoNeutralised:perturbations:workers:memoryBudget:)``)
/// or another detector's score file (``ScoreFile``).
public struct LabelledScoreSet {
    /// The scored images, in input order.
    public var items: [ScoredItem]
    /// Images that got no score (could not be decoded, or have no score in the file), with why.
    public var failures: [InputFailure]
    /// The decision threshold: the model's, or the one given with a score file.
    public var threshold: Double
    /// Extra test conditions, each scored again (the robustness table); when any, the first is "none".
    public var conditions: [PerturbedScores]
    /// The unperturbed features the scores were computed from (for the spectra figure), if any.
    public var features: FeatureFile?
    /// The score file, when the scores came from one.
    public var source: ScoreSource?
    /// For a model: the test images that were its training images.
    public var overlap: TrainingOverlap?
    /// Every scored image under each extra test condition (as ``conditions``, with paths).
    public var conditionItems: [(condition: String, items: [ScoredItem])] = []

    public init(items: [ScoredItem], failures: [InputFailure], threshold: Double, conditions: [PerturbedScores] = [],
                features: FeatureFile? = nil, source: ScoreSource? = nil, overlap: TrainingOverlap? = nil) {
        self.items = items
        self.failures = failures
        self.threshold = threshold
        self.conditions = conditions
        self.features = features
        self.source = source
        self.overlap = overlap
    }
}

/// The evaluation `evaluate` and `bench` share: get scores for the labelled test images —
/// from a model applied to them (also under each extra test condition: neutralisation,
/// perturbations), or from another detector's score file — then build the
/// ``EvaluationReport`` from them, the same way whatever their source (bootstrap intervals,
/// per-generator table, robustness table).
public struct EvaluationRun {
    /// Where the scores come from.
    public enum Scorer: Sendable {
        /// A Telltale model applied to the images (features extracted with its configuration;
        /// its threshold), and again under each extra test condition: `alsoNeutralised` (a
        /// JPEG quality, and for a tiled model the side of the square its tiles are laid on,
        /// larger than its crop size; nil: the crop size) and each perturbation.
        case detector(Detector, alsoNeutralised: (quality: Int, side: Int?)?, perturbations: [Perturbation], workers: Int,
                      memoryBudget: Int?)
        /// Another detector's per-image scores (``ScoreFile``), decided at `threshold`.
        case scoreFile(String, threshold: Double)
    }

    public var scorer: Scorer
    /// Labelled datasets (or, for a model, one feature file with the model's configuration);
    /// for a score file, the datasets its paths belong to (empty: labels from the file).
    public var datasets: [String]
    /// Bootstrap resamples (0: no intervals) and their seed.
    public var bootstrap: Int = 1000
    public var seed: UInt64 = 0
    public var pooling: RealPoolingRule = .default
    /// Prefix of the progress lines.
    public var label: String = "evaluate"
    public var reporter: any PipelineReporter
    /// The split of the test images (``SplitSelection``; nil refuses images of several splits).
    public var split: SplitSelection?
    /// Fail, rather than warn, when test images are training images of the model (``TrainingOverlap``).
    public var strict = false

    /// A model's evaluation.
    public init(detector: Detector, datasets: [String], alsoNeutralised: (quality: Int, side: Int?)? = nil,
                perturbations: [Perturbation] = [],
                bootstrap: Int = 1000, seed: UInt64 = 0, pooling: RealPoolingRule = .default, workers: Int,
                memoryBudget: Int? = nil, label: String = "evaluate", reporter: any PipelineReporter) {
        self.init(scorer: .detector(detector, alsoNeutralised: alsoNeutralised, perturbations: perturbations, workers: workers,
                                    memoryBudget: memoryBudget),
                  datasets: datasets, bootstrap: bootstrap, seed: seed, pooling: pooling, label: label, reporter: reporter)
    }

    /// The evaluation of another detector's scores: `scoreFile`, labelled by `datasets` (or by
    /// its own label column when none is given).
    public init(scoreFile: String, datasets: [String] = [], threshold: Double = ScoreFile.defaultThreshold,
                bootstrap: Int = 1000, seed: UInt64 = 0, pooling: RealPoolingRule = .default,
                label: String = "evaluate", reporter: any PipelineReporter) {
        self.init(scorer: .scoreFile(scoreFile, threshold: threshold), datasets: datasets, bootstrap: bootstrap, seed: seed,
                  pooling: pooling, label: label, reporter: reporter)
    }

    public init(scorer: Scorer, datasets: [String], bootstrap: Int = 1000, seed: UInt64 = 0,
                pooling: RealPoolingRule = .default, label: String = "evaluate", reporter: any PipelineReporter) {
        self.scorer = scorer
        self.datasets = datasets
        self.bootstrap = bootstrap
        self.seed = seed
        self.pooling = pooling
        self.label = label
        self.reporter = reporter
    }

    /// The report, the scored items and the unperturbed feature table (nil for a score file).
    public struct Result {
        public var report: EvaluationReport
        public var items: [ScoredItem]
        public var table: FeatureFile?
        /// Test images that were training images of the model (nil for a score file).
        public var overlap: TrainingOverlap?
        /// Every image's score under every test condition, `none` first (`scores-long.csv`).
        public var conditions: [(condition: String, items: [ScoredItem])]
        /// What produced it (`provenance` in `report.json`).
        public var provenance: EvaluationProvenance
    }

    /// Scores the labelled items, then evaluates them (``evaluate(_:title:)``).
    public func run(title: String) throws -> Result {
        try evaluate(scores(), title: title)
    }

    /// The scores of the labelled items, from the ``scorer``.
    public func scores() throws -> LabelledScoreSet {
        switch scorer {
        case .detector(let detector, let alsoNeutralised, let perturbations, let workers, let memoryBudget):
            return try Self.scores(of: detector, datasets: datasets, split: split, strict: strict, alsoNeutralised: alsoNeutralised,
                                   perturbations: perturbations, workers: workers, memoryBudget: memoryBudget, label: label,
                                   reporter: reporter)
        case .scoreFile(let path, let threshold):
            let images = datasets.isEmpty ? nil : try Datasets.load(datasets, split: split, allowSingleClass: true, reporter: reporter).items
            return try ScoreFile.labelledScores(path, images: images, datasets: datasets, threshold: threshold, reporter: reporter)
        }
    }

    /// The common core: the report of labelled scores, whatever computed them.
    public func evaluate(_ scored: LabelledScoreSet, title: String) throws -> Result {
        let report = try EvaluationReport(
            title: title, items: scored.items, decodeFailures: scored.failures, threshold: scored.threshold,
            bootstrap: bootstrap > 0 ? BootstrapConfiguration(resamples: bootstrap, seed: seed) : nil,
            pooling: pooling, robustness: scored.conditions, scoreSource: scored.source)
        var detector: Detector?
        if case .detector(let d, _, _, _, _) = scorer { detector = d }
        let provenance = try EvaluationProvenance(detector: detector, datasets: datasets, split: split,
                                                  conditions: scored.conditions.map(\.perturbation).filter { $0 != "none" },
                                                  trainingOverlap: scored.overlap)
        return Result(report: report, items: scored.items, table: scored.features, overlap: scored.overlap,
                      conditions: [("none", scored.items)] + scored.conditionItems, provenance: provenance)
    }

    /// A model's scores of the labelled images: unperturbed, then under each condition.
    static func scores(of detector: Detector, datasets: [String], split: SplitSelection?, strict: Bool,
                       alsoNeutralised: (quality: Int, side: Int?)?, perturbations: [Perturbation],
                       workers: Int, memoryBudget: Int?, label: String, reporter: any PipelineReporter) throws -> LabelledScoreSet {
        let configuration = detector.extractor.configuration, s = configuration.cropSize
        let neutralisation = alsoNeutralised.map { Neutralisation(cropSize: $0.side ?? s, jpegQuality: $0.quality) }
        if let n = neutralisation {
            if configuration.faces != nil {
                throw PipelineError.setting("--also-neutralised crops every image to its centre; this model judges faces (--crop face), "
                    + "which that would cut away")
            }
            if let own = configuration.neutralisation {
                throw PipelineError.setting("--also-neutralised: this model neutralises every image itself (crop \(own.cropSize), "
                    + "JPEG q\(own.jpegQuality)), so its scores are neutralised ones already")
            }
            if let tiling = configuration.tiling, n.cropSize <= s {
                throw PipelineError.setting("--also-neutralised with this model's \(tiling.mode.rawValue) tiling needs "
                    + "--also-neutralised-side N, larger than its crop size \(s): the square its tiles are laid on "
                    + "(a square of side \(s) would leave one tile)")
            }
            if configuration.tiling == nil, n.cropSize != s {
                throw PipelineError.setting("--also-neutralised-side applies to a tiled model: this one judges its \(s)×\(s) centre")
            }
        }
        let source = try DetectorInput.resolve(datasets, split: split, allowUnlabelled: false, reporter: reporter)
        let raw = try detector.features(of: source, transform: .none, workers: workers, memoryBudget: memoryBudget, label: label, reporter: reporter)
        let overlap = TrainingOverlap(model: detector.model, rows: raw.rows.map { ($0.path, $0.sha256) })
        if let warning = overlap.warning { reporter.note(warning) }
        try overlap.enforce(strict: strict)
        let items = try Self.scoredItems(raw, scores: detector.scores(raw, source: datasets.joined(separator: " ")))

        var conditions: [(String, ImageTransform)] = []
        if let n = neutralisation {
            conditions.append(("neutralised (crop \(n.cropSize), JPEG q\(n.jpegQuality))", ImageTransform(neutralise: n)))
        }
        for p in perturbations { conditions.append((p.description, ImageTransform(perturbation: p))) }
        var perturbed: [PerturbedScores] = []
        var conditionItems: [(condition: String, items: [ScoredItem])] = []
        if !conditions.isEmpty {
            perturbed.append(PerturbedScores(perturbation: "none", data: try LabelledScores(items: items)))
        }
        for (name, transform) in conditions {
            let table = try detector.features(of: source, transform: transform, workers: workers, memoryBudget: memoryBudget,
                                          label: "\(label) \(name)", reporter: reporter)
            let scored = try Self.scoredItems(table, scores: detector.scores(table, source: name))
            // An image may fail under a condition and not without it (a face the perturbation hides
            // from the detector, say): its row is then computed on fewer images, and says so here.
            let lost = Set(table.failures.map(\.path)).subtracting(raw.failures.map(\.path))
            if let first = table.failures.first(where: { lost.contains($0.path) }) {
                reporter.note("\(name): \(lost.count) image(s) scored clean could not be scored under this condition "
                    + "(first: \(first.path): \(first.reason)); its numbers cover the other \(scored.count)")
            }
            perturbed.append(PerturbedScores(perturbation: name, data: try LabelledScores(items: scored)))
            conditionItems.append((name, scored))
        }
        var set = LabelledScoreSet(items: items, failures: raw.failures.map { InputFailure(path: $0.path, reason: $0.reason) },
                                   threshold: detector.threshold, conditions: perturbed, features: raw, overlap: overlap)
        set.conditionItems = conditionItems
        return set
    }

    public static func scoredItems(_ table: FeatureFile, scores: [Double]) throws -> [ScoredItem] {
        let labels = try table.labels(for: "evaluation")
        return zip(zip(table.rows, labels), scores).map { pair, score in
            ScoredItem(path: pair.0.path, label: pair.1, group: pair.0.group, score: score)
        }
    }

    /// One line for a person: precision, recall, ROC AUC and AP with their intervals, at the threshold.
    public static func headline(_ s: MetricSummary, threshold: Double) -> String {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f %%", 100 * $0) } ?? "n/a" }
        // With one class, precision (no real to call fake) or recall (no fake) is not defined.
        let zero = Set(s.atThreshold.zeroDivision)
        let precision = s.singleClass != nil && zero.contains(.precision) ? nil : s.atThreshold.precision
        let recall = s.singleClass != nil && zero.contains(.recall) ? nil : s.atThreshold.recall
        func ci(_ c: ConfidenceInterval?) -> String {
            c.map { String(format: " [%.1f, %.1f]", 100 * $0.lower, 100 * $0.upper) } ?? ""
        }
        return "precision \(pct(precision))\(ci(s.intervals?.precision)), "
            + "recall \(pct(recall))\(ci(s.intervals?.recall)), "
            + "ROC AUC \(pct(s.rocAUC))\(ci(s.intervals?.rocAUC)), AP \(pct(s.averagePrecision))\(ci(s.intervals?.averagePrecision)) "
            + "at threshold \(String(format: "%.4f", threshold)) (\(s.realCount) real, \(s.fakeCount) fake)"
    }
}
