import Foundation
import TelltaleEvaluation
import TelltaleFeatures
import TelltaleLearning

/// A reproducible benchmark run (`telltale bench SPEC`), as a JSON file: the datasets,
/// the features, the classifier and its grid, the seed and the protocol. Every field
/// but `train` and `test` has a default; unknown keys are refused. Once resolved
/// (``BenchSpec/load(from:)``) the paths are absolute and every default is written
/// out, so `spec.resolved.json` alone re-runs the benchmark.
struct BenchSpec: Codable, Equatable {
    /// The name of the run (default: the spec file's name without extension).
    public var name: String
    /// Training datasets (layout folders or CSV manifests).
    public var train: [String]
    /// Test datasets.
    public var test: [String]
    public var features: Features
    public var model: Model
    /// Seed of training (folds, initial weights) and of the bootstrap.
    public var seed: UInt64
    /// Several seeds: the whole protocol once per seed (`seed-<N>/` in the run folder) and
    /// each number as mean ± std across them; `seed` is then the first. Absent: one seed.
    public var seeds: [UInt64]?
    public var `protocol`: BenchProtocol
    /// Bootstrap resamples for the 95 % intervals (0: none).
    public var bootstrap: Int
    /// The reals of the per-generator rows (`auto`, `same-group`, `all-reals`; default auto).
    public var pooling: RealPoolingRule
    /// The split of the training and of the test datasets (`train`, `val`, `test`, a
    /// manifest's own name, or `all`), for datasets that hold several (see ``SplitSelection``).
    public var trainSplit: String?
    public var testSplit: String?
    /// Worker threads (default: the processor count when the spec is resolved). Part of
    /// the spec because the model bytes are reproducible for a given worker count.
    public var workers: Int

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, train, test, trainSplit, testSplit, features, model, seed, seeds, `protocol`, bootstrap, pooling, workers
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        train = try c.decode([String].self, forKey: .train)
        test = try c.decode([String].self, forKey: .test)
        trainSplit = try c.decodeIfPresent(String.self, forKey: .trainSplit)
        testSplit = try c.decodeIfPresent(String.self, forKey: .testSplit)
        features = try c.decodeIfPresent(Features.self, forKey: .features) ?? Features()
        model = try c.decodeIfPresent(Model.self, forKey: .model) ?? Model()
        seeds = try c.decodeIfPresent([UInt64].self, forKey: .seeds)
        if let seeds {
            guard !seeds.isEmpty, Set(seeds).count == seeds.count else {
                throw DecodingError.dataCorruptedError(forKey: .seeds, in: c, debugDescription: "seeds must be distinct, and at least one")
            }
            if let single = try c.decodeIfPresent(UInt64.self, forKey: .seed), single != seeds[0] {
                throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: "give seed or seeds, not both")
            }
        }
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seeds?.first ?? 0
        `protocol` = try c.decodeIfPresent(BenchProtocol.self, forKey: .protocol) ?? BenchProtocol()
        bootstrap = try c.decodeIfPresent(Int.self, forKey: .bootstrap) ?? 1000
        pooling = try c.decodeIfPresent(RealPoolingRule.self, forKey: .pooling) ?? .default
        workers = try c.decodeIfPresent(Int.self, forKey: .workers) ?? ProcessInfo.processInfo.activeProcessorCount
    }
}
