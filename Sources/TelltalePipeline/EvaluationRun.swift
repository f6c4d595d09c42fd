import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleFeatures
import TelltaleImaging
import TelltaleSupport

/// The evaluation `evaluate` and `bench` share: score the labelled test images with
/// a model, then again under each extra test condition (neutralisation, perturbations),
/// and build the ``EvaluationReport`` (with bootstrap intervals and the robustness table).
public struct EvaluationRun {
    public var detector: Detector
    /// Labelled datasets (or one feature file with the model's configuration).
    public var datasets: [String]
    /// Also score neutralised test images: centre crop to the model's crop size, JPEG at this quality.
    public var alsoNeutralised: Int?
    /// Test-time perturbations, each a row of the robustness table.
    public var perturbations: [Perturbation] = []
    /// Bootstrap resamples (0: no intervals) and their seed.
    public var bootstrap: Int = 1000
    public var seed: UInt64 = 0
    public var pooling: RealPoolingRule = .default
    public var workers: Int
    /// `--memory-budget` in bytes (nil: not given, the default).
    public var memoryBudget: Int?
    /// Prefix of the progress lines.
    public var label: String = "evaluate"
    public var reporter: any PipelineReporter

    public init(detector: Detector, datasets: [String], alsoNeutralised: Int? = nil, perturbations: [Perturbation] = [],
                bootstrap: Int = 1000, seed: UInt64 = 0, pooling: RealPoolingRule = .default, workers: Int,
                memoryBudget: Int? = nil, label: String = "evaluate", reporter: any PipelineReporter) {
        self.detector = detector
        self.datasets = datasets
        self.alsoNeutralised = alsoNeutralised
        self.perturbations = perturbations
        self.bootstrap = bootstrap
        self.seed = seed
        self.pooling = pooling
        self.workers = workers
        self.memoryBudget = memoryBudget
        self.label = label
        self.reporter = reporter
    }

    /// The report, the scored items and the unperturbed feature table.
    public struct Result {
        public var report: EvaluationReport
        public var items: [ScoredItem]
        public var table: FeatureFile
    }

    public func run(title: String) throws -> Result {
        let threshold = detector.threshold
        let source = try DetectorInput.resolve(datasets, allowUnlabelled: false, reporter: reporter)
        let raw = try detector.features(of: source, transform: .none, workers: workers, memoryBudget: memoryBudget, label: label, reporter: reporter)
        let items = try Self.scoredItems(raw, scores: detector.scores(raw, source: datasets.joined(separator: " ")))

        var conditions: [(String, ImageTransform)] = []
        if let q = alsoNeutralised {
            let side = detector.extractor.configuration.cropSize
            conditions.append(("neutralised (crop \(side), JPEG q\(q))", ImageTransform(neutralise: Neutralisation(cropSize: side, jpegQuality: q))))
        }
        for p in perturbations { conditions.append((p.description, ImageTransform(perturbation: p))) }
        var perturbed: [PerturbedScores] = []
        if !conditions.isEmpty {
            perturbed.append(PerturbedScores(perturbation: "none", data: try LabelledScores(items: items)))
        }
        for (name, transform) in conditions {
            let table = try detector.features(of: source, transform: transform, workers: workers, memoryBudget: memoryBudget,
                                          label: "\(label) \(name)", reporter: reporter)
            let scored = try Self.scoredItems(table, scores: detector.scores(table, source: name))
            perturbed.append(PerturbedScores(perturbation: name, data: try LabelledScores(items: scored)))
        }

        let report = try EvaluationReport(
            title: title, items: items, decodeFailures: raw.failures.map { InputFailure(path: $0.path, reason: $0.reason) },
            threshold: threshold, bootstrap: bootstrap > 0 ? BootstrapConfiguration(resamples: bootstrap, seed: seed) : nil,
            pooling: pooling, robustness: perturbed)
        return Result(report: report, items: items, table: raw)
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
        func ci(_ c: ConfidenceInterval?) -> String {
            c.map { String(format: " [%.1f, %.1f]", 100 * $0.lower, 100 * $0.upper) } ?? ""
        }
        return "precision \(pct(s.atThreshold.precision))\(ci(s.intervals?.precision)), "
            + "recall \(pct(s.atThreshold.recall))\(ci(s.intervals?.recall)), "
            + "ROC AUC \(pct(s.rocAUC))\(ci(s.intervals?.rocAUC)), AP \(pct(s.averagePrecision))\(ci(s.intervals?.averagePrecision)) "
            + "at threshold \(String(format: "%.4f", threshold)) (\(s.realCount) real, \(s.fakeCount) fake)"
    }
}
