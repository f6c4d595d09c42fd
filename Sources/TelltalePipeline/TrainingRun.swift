import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltaleLearning
import TelltaleSupport

/// `telltale train` as one call: load or extract the features, then fit a model per seed
/// (one seed: one model file, as always; several: one model file per seed, `OUT.seed<N>.json`,
/// and the spread of the cross-validation numbers across seeds in `OUT.seeds.json`).
public struct TrainingRun {
    public var inputs: [String]
    public var split: SplitSelection?
    /// The feature options given (nil: the defaults for images; required nil for feature files).
    public var configuration: FeatureConfiguration?
    /// Blur and JPEG probability of training-time augmentation (nil: none); drawn from each seed.
    public var augmentation: Augmentation?
    public var settings: TrainingSettings
    /// The seeds to train with (each sets the folds, initial weights, mini-batches, augmentation).
    public var seeds: [UInt64]
    public var targetFPR: Double?
    public var targetPrecision: Double?
    public var workers: Int
    public var memoryBudget: Int?

    public init(inputs: [String], split: SplitSelection?, configuration: FeatureConfiguration?, augmentation: Augmentation?,
                settings: TrainingSettings, seeds: [UInt64], targetFPR: Double?, targetPrecision: Double?,
                workers: Int, memoryBudget: Int?) {
        self.inputs = inputs
        self.split = split
        self.configuration = configuration
        self.augmentation = augmentation
        self.settings = settings
        self.seeds = seeds
        self.targetFPR = targetFPR
        self.targetPrecision = targetPrecision
        self.workers = workers
        self.memoryBudget = memoryBudget
    }

    public struct Result {
        /// The features trained on (with `augmentation`, those of the last seed: each seed
        /// draws its own augmented copies).
        public var table: FeatureFile
        /// One trained model per seed, in the order of ``TrainingRun/seeds``.
        public var models: [(seed: UInt64, trained: Trainer.Result)]
        /// Across seeds: each setting's CV numbers (nil with one seed or without CV).
        public var spread: SeedStudy?

        /// What `train` prints: the models, the failures, each seed's CV table, convergence
        /// and threshold, and the spread across seeds.
        public func summary(seconds: Double) -> [String] {
            let tiled = table.rows.first?.tile != nil
            let images = tiled ? Set(table.rows.map { [$0.path, $0.sha256] }).count : table.rows.count
            let what = tiled ? "\(images) image(s) as \(table.rows.count) \(table.rowKind) rows" : "\(images) image(s)"
            var lines = ["trained \(models.count) \(models[0].trained.file.kind) model(s) on \(what) × \(table.featureNames.count) features in \(String(format: "%.1f", seconds)) s"]
            if !table.failures.isEmpty { lines.append("\(table.failures.count) image(s) skipped (unreadable, or refused with a reason); listed above") }
            for (seed, trained) in models {
                if models.count > 1 { lines.append("\nseed \(seed):") }
                if let cv = trained.file.crossValidation { lines.append(trained.cvTable(cv)) }
                lines.append(trained.convergenceLine)
                lines.append("decision threshold \(String(format: "%.4f", trained.file.threshold.value)) (\(trained.file.threshold.method))")
            }
            if let spread { lines.append("\n" + spread.table()) }
            return lines
        }
    }

    public func run(reporter: any PipelineReporter) throws -> Result {
        var table: FeatureFile?
        var models: [(seed: UInt64, trained: Trainer.Result)] = []
        for seed in seeds {
            if table == nil || augmentation != nil {
                table = try TrainingInput.load(inputs, split: split, configuration: configuration,
                                               augmentation: augmentation.map { ($0, seed) }, workers: workers,
                                               memoryBudget: memoryBudget,
                                               label: seeds.count > 1 ? "train: features (seed \(seed))" : "train: features",
                                               reporter: reporter)
            }
            var s = settings
            s.seed = seed
            models.append((seed, try Trainer(table: table!, settings: s).fit(targetFPR: targetFPR, targetPrecision: targetPrecision)))
        }
        let studies = models.compactMap { $0.trained.file.crossValidation }
        let spread = seeds.count > 1 && studies.count == seeds.count ? SeedStudy(seeds: seeds, results: studies) : nil
        return Result(table: table!, models: models, spread: spread)
    }

    /// Where the model of `seed` goes: `output` itself with one seed, else `OUT.seed<N>.json`.
    public func modelPath(_ output: String, seed: UInt64) -> String {
        seeds.count == 1 ? output : Self.stem(output) + ".seed\(seed).json"
    }

    /// `OUT.seeds.json`, the spread across seeds.
    public static func spreadPath(_ output: String) -> String { stem(output) + ".seeds.json" }

    private static func stem(_ output: String) -> String {
        (output as NSString).pathExtension.lowercased() == "json" ? (output as NSString).deletingPathExtension : output
    }

    /// Writes every model and, with several seeds, the spread; returns the paths written.
    public func write(_ result: Result, to output: String) throws -> [String] {
        var written: [String] = []
        for (seed, trained) in result.models {
            let path = modelPath(output, seed: seed)
            try trained.file.write(to: path)
            written.append(path)
        }
        if let spread = result.spread {
            try AtomicFile.write(try CanonicalJSON.encode(spread), to: Self.spreadPath(output))
            written.append(Self.spreadPath(output))
        }
        return written
    }
}

/// Cross-validation across seeds: each grid setting's mean CV numbers under every seed
/// (the folds and initial weights change with the seed), as `mean ± std`, and the
/// setting each seed chose.
public struct SeedStudy: Codable, Sendable, Hashable {
    public struct Setting: Codable, Sendable, Hashable {
        public var parameters: [String: String]
        public var rocAUC: SeedSpread
        public var logLoss: SeedSpread
        public var accuracy: SeedSpread
    }

    public var seeds: [String]
    public var settings: [Setting]
    /// The parameters chosen under each seed, in seed order.
    public var chosen: [[String: String]]

    public init(seeds: [UInt64], results: [CrossValidationResult]) {
        self.seeds = seeds.map(String.init)
        settings = results[0].settings.indices.map { i in
            Setting(parameters: results[0].settings[i].parameters,
                    rocAUC: SeedSpread(results.map { $0.settings[i].meanROCAUC }),
                    logLoss: SeedSpread(results.map { $0.settings[i].meanLogLoss }),
                    accuracy: SeedSpread(results.map { $0.settings[i].meanAccuracy }))
        }
        chosen = results.map { $0.settings[$0.bestIndex].parameters }
    }

    /// The table `train --seeds` prints.
    public func table() -> String {
        var t = TextTable(["setting", "CV ROC AUC", "log-loss", "accuracy", "chosen by"])
        for s in settings {
            let by = zip(seeds, chosen).filter { $0.1 == s.parameters }.map(\.0)
            t.add([Estimator.describe(s.parameters), s.rocAUC.description, s.logLoss.description, s.accuracy.description,
                   by.isEmpty ? "" : "seed " + by.joined(separator: ",")])
        }
        return "Across \(seeds.count) seeds (\(seeds.joined(separator: ", "))), mean ± std (n − 1) of each setting's mean CV numbers:\n" + t.render()
    }
}
