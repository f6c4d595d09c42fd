import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleFeatures
import TelltaleImaging
import TelltaleLearning
import TelltaleSupport

/// Runs a resolved ``BenchSpec`` into a run folder. The deterministic files (the
/// same spec and inputs give the same bytes; ``deterministicFiles``):
///
///     spec.resolved.json                    the spec with absolute paths and every default
///     inputs.csv                            path, sha256, label, group, role of every input image
///     model-raw.json, model-neutralised.json
///     metrics/metrics.json, metrics/metrics.md   the protocols side by side
///     metrics/<protocol>/report.json, report.md, scores.csv, failures.csv, *.svg
///
/// and two that are not: environment.json and timings.json.
struct BenchRunner {
    public let spec: BenchSpec
    public let reporter: any PipelineReporter

    /// Files a `--check` does not compare.
    public static let nondeterministicFiles: Set<String> = ["environment.json", "timings.json"]

    /// Writes every file of the run into `folder` (which should be new and empty).
    public func run(into folder: String, timings: inout BenchTimings) throws -> BenchMetrics {
        func path(_ name: String) -> String { URL(fileURLWithPath: folder).appendingPathComponent(name).path }
        try AtomicFile.write(CanonicalJSON.encode(spec), to: path("spec.resolved.json"))

        let (trainItems, testItems) = try timings.measure("load datasets") {
            (try load(spec.train, split: spec.trainSplit, key: "trainSplit"), try load(spec.test, split: spec.testSplit, key: "testSplit"))
        }
        let inputs = timings.measure("hash inputs") {
            InputManifest.hash(train: trainItems, test: testItems, workers: spec.workers)
        }
        try AtomicFile.write(inputs.csv, to: path("inputs.csv"))
        let overlap = inputs.trainTestOverlap
        if !overlap.isEmpty {
            reporter.note("warning: \(overlap.count) test image(s) have the same bytes as a training image (first: \(overlap[0]))")
        }

        var protocols: [BenchMetrics.ProtocolMetrics] = []
        var perSeed: [[BenchMetrics.ProtocolMetrics]] = []
        let seeds = spec.seeds ?? [spec.seed]
        var tables: [String: FeatureFile] = [:]  // the training features of each protocol, extracted once
        for seed in seeds {
            let prefix = seeds.count > 1 ? "seed-\(seed)/" : ""
            perSeed.append(try runProtocols(seed: seed, trainItems: trainItems, prefix: prefix, folder: folder,
                                            tables: &tables, timings: &timings))
        }
        protocols = perSeed[0]
        var metrics = BenchMetrics(name: spec.name, trainImages: trainItems.count, testImages: testItems.count,
                                   trainTestOverlap: overlap, protocols: protocols)
        if seeds.count > 1 { metrics.acrossSeeds = BenchMetrics.SeedRows(seeds: seeds, perSeed: perSeed) }
        try AtomicFile.write(CanonicalJSON.encode(metrics), to: path("metrics/metrics.json"))
        var md = metrics.markdown
        for (name, _) in spec.protocol.runs {
            let report = try String(contentsOfFile: path((seeds.count > 1 ? "seed-\(seeds[0])/" : "") + "metrics/\(name)/report.md"), encoding: .utf8)
            // Each protocol's full report, one heading level down.
            md += "\n" + report.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("#") ? "#" + $0 : String($0) }.joined(separator: "\n")
        }
        try AtomicFile.write(md, to: path("metrics/metrics.md"))
        return metrics
    }

    /// The images of `datasets` in `split`; a refusal of several splits names the spec's key.
    private func load(_ datasets: [String], split: String?, key: String) throws -> [LabelledImage] {
        do {
            return try Datasets.load(datasets, split: split.map(SplitSelection.init), reporter: reporter).items
        } catch PipelineError.inputs(let reason) where split == nil && reason.contains("several splits") {
            throw PipelineError.inputs("\(datasets.joined(separator: ", ")): \(reason) (in a bench spec: set \"\(key)\")")
        }
    }

    /// Trains and evaluates every protocol with `seed`, writing the models and reports under
    /// `prefix` (`seed-<N>/` with several seeds, else the run folder itself).
    private func runProtocols(seed: UInt64, trainItems: [LabelledImage], prefix: String, folder: String,
                              tables: inout [String: FeatureFile], timings: inout BenchTimings) throws -> [BenchMetrics.ProtocolMetrics] {
        func path(_ name: String) -> String { URL(fileURLWithPath: folder).appendingPathComponent(name).path }
        var settings = spec.model.settings(seed: seed)
        settings.tileScore = spec.features.tileScore
        let setting = try settings.estimators()[0].parameters
        var entries: [BenchMetrics.ProtocolMetrics] = []
        for (name, neutralised) in spec.protocol.runs {
            let extractor = try FeatureExtractor(configuration: spec.features.configuration(neutralisation: neutralised))
            let table = try tables[name] ?? timings.measure("\(name): train features") {
                try FeatureFile.extract(items: trainItems, extractor: extractor, transform: .none,
                                         workers: spec.workers, memoryBudget: DecodeOptions.defaultMemoryBudget,
                                         label: "bench \(name): train features", reporter: reporter)
            }
            tables[name] = table
            var model = try timings.measure("\(prefix)\(name): fit") { try Trainer(table: table, settings: settings).fit().file }
            model.toolVersion = TelltaleVersion.string
            let modelName = prefix + "model-\(name).json"
            try model.write(to: path(modelName))

            var evaluation = try timings.measure("\(prefix)\(name): evaluate") {
                var run = EvaluationRun(detector: try Detector(model: model, source: modelName), datasets: spec.test,
                                  perturbations: spec.protocol.perturbations, bootstrap: spec.bootstrap, seed: seed, pooling: spec.pooling,
                                  workers: spec.workers, label: "bench \(prefix)\(name): test", reporter: reporter)
                run.split = spec.testSplit.map(SplitSelection.init)
                return try run.run(title: "\(spec.name): \(name) model on the test set")
            }
            evaluation.provenance.gitCommit = nil  // in environment.json: a rebuild must not change the reports
            evaluation.provenance.buildFlavour = nil
            try ReportFiles.write(evaluation, to: path(prefix + "metrics/\(name)"))
            entries.append(BenchMetrics.entry(name: name, modelPath: modelName, model: model, setting: setting,
                                              trainFailures: table.failures.count, report: evaluation.report))
        }
        return entries
    }
}
