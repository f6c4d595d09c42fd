import Foundation
import TelltaleEvaluation
import TelltaleFeatures
import TelltaleImaging

/// The evaluation `evaluate` and `bench` share: score the labelled test images with
/// a model, then again under each extra test condition (neutralisation, perturbations),
/// and build the ``EvaluationReport`` (with bootstrap intervals and the robustness table).
struct EvaluationRun {
    var scoring: ModelScoring
    /// Labelled datasets (or one feature file with the model's configuration).
    var datasets: [String]
    /// Also score neutralised test images: centre crop to the model's crop size, JPEG at this quality.
    var alsoNeutralised: Int?
    /// Test-time perturbations, each a row of the robustness table.
    var perturbations: [Perturbation] = []
    /// Bootstrap resamples (0: no intervals) and their seed.
    var bootstrap: Int = 1000
    var seed: UInt64 = 0
    var pooling: RealPooling = .allReals
    var workers: Int
    /// `--memory-budget` in bytes (nil: not given, the default).
    var memoryBudget: Int?
    /// Prefix of the progress lines.
    var label: String = "evaluate"

    /// The report, the scored items and the unperturbed feature table.
    struct Result {
        var report: EvaluationReport
        var items: [ScoredItem]
        var table: FeatureTable
    }

    func run(title: String) throws -> Result {
        let threshold = scoring.model.threshold.value
        let source = try ModelScoring.source(datasets, allowUnlabelled: false)
        let raw = try scoring.table(for: source, transform: .none, workers: workers, memoryBudget: memoryBudget, label: label)
        let items = try Self.scoredItems(raw, scores: scoring.scores(raw, source: datasets.joined(separator: " ")))

        var conditions: [(String, ImageTransform)] = []
        if let q = alsoNeutralised {
            let side = scoring.extractor.configuration.cropSize
            conditions.append(("neutralised (crop \(side), JPEG q\(q))", ImageTransform(neutralise: Neutralisation(cropSize: side, jpegQuality: q))))
        }
        for p in perturbations { conditions.append((p.description, ImageTransform(perturbation: p))) }
        var perturbed: [PerturbedScores] = []
        if !conditions.isEmpty {
            perturbed.append(PerturbedScores(perturbation: "none", data: try LabelledScores(items: items)))
        }
        for (name, transform) in conditions {
            let table = try scoring.table(for: source, transform: transform, workers: workers, memoryBudget: memoryBudget,
                                          label: "\(label) \(name)")
            let scored = try Self.scoredItems(table, scores: scoring.scores(table, source: name))
            perturbed.append(PerturbedScores(perturbation: name, data: try LabelledScores(items: scored)))
        }

        let report = try EvaluationReport(
            title: title, items: items, decodeFailures: raw.failures.map { DecodeFailure(path: $0.path, reason: $0.reason) },
            threshold: threshold, bootstrap: bootstrap > 0 ? BootstrapConfiguration(resamples: bootstrap, seed: seed) : nil,
            pooling: pooling, robustness: perturbed)
        return Result(report: report, items: items, table: raw)
    }

    static func scoredItems(_ table: FeatureTable, scores: [Double]) throws -> [ScoredItem] {
        let labels = try table.labels(for: "evaluation")
        return zip(zip(table.rows, labels), scores).map { pair, score in
            ScoredItem(path: pair.0.path, label: pair.1, group: pair.0.group, score: score)
        }
    }
}
