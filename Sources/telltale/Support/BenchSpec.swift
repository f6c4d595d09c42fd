import Foundation
import TelltaleFeatures
import TelltaleLearning

/// A reproducible benchmark run (`telltale bench SPEC`), as a JSON file: the datasets,
/// the features, the classifier and its grid, the seed and the protocol. Every field
/// but `train` and `test` has a default; unknown keys are refused. Once resolved
/// (``BenchSpec/load(from:)``) the paths are absolute and every default is written
/// out, so `spec.resolved.json` alone re-runs the benchmark.
struct BenchSpec: Codable, Equatable {
    /// The name of the run (default: the spec file's name without extension).
    var name: String
    /// Training datasets (layout folders or CSV manifests).
    var train: [String]
    /// Test datasets.
    var test: [String]
    var features: Features
    var model: Model
    /// Seed of training (folds, initial weights) and of the bootstrap.
    var seed: UInt64
    var `protocol`: BenchProtocol
    /// Bootstrap resamples for the 95 % intervals (0: none).
    var bootstrap: Int
    /// Worker threads (default: the processor count when the spec is resolved). Part of
    /// the spec because the model bytes are reproducible for a given worker count.
    var workers: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, train, test, features, model, seed, `protocol`, bootstrap, workers
    }

    /// The feature configuration of the raw protocol.
    struct Features: Codable, Equatable {
        var families: [String] = FeatureConfiguration.defaultFamilies
        var size: Int = 256
        var colour: ColourMode = .luminance
        var smallImages: SmallImagePolicy = .largestSquare

        enum CodingKeys: String, CodingKey, CaseIterable { case families, size, colour, smallImages }

        init() {}

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            families = try c.decodeIfPresent([String].self, forKey: .families) ?? families
            size = try c.decodeIfPresent(Int.self, forKey: .size) ?? size
            colour = try c.decodeIfPresent(ColourMode.self, forKey: .colour) ?? colour
            smallImages = try c.decodeIfPresent(SmallImagePolicy.self, forKey: .smallImages) ?? smallImages
        }

        /// The configuration, neutralised when `neutralisation` is given.
        func configuration(neutralisation quality: Int? = nil) -> FeatureConfiguration {
            var c = FeatureConfiguration(families: families, cropSize: size, smallImages: smallImages, colour: colour)
            c.neutralisation = quality.map { Neutralisation(cropSize: size, jpegQuality: $0) }
            return c
        }
    }

    /// The classifier and its hyper-parameter grid (see ``TrainingSettings``).
    struct Model: Codable, Equatable {
        var kind: TrainingSettings.ModelKind = .logistic
        /// Logistic regression: inverse L2 strengths; several are a grid searched by cross-validation.
        var C: [Double] = [1]
        /// MLP: hidden layer sizes per grid setting, e.g. `[[64], [128, 32]]`.
        var hidden: [[Int]] = [[64]]
        var weightDecay: [Double] = [0.0001]
        var epochs: Int = 200
        var classWeight: ClassWeighting = .none
        /// Folds of cross-validation for model selection (0: off).
        var cv: Int = 5
        var groupedCV: Bool = false

        enum CodingKeys: String, CodingKey, CaseIterable {
            case kind, C, hidden, weightDecay, epochs, classWeight, cv, groupedCV
        }

        init() {}

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decodeIfPresent(TrainingSettings.ModelKind.self, forKey: .kind) ?? kind
            C = try c.decodeIfPresent([Double].self, forKey: .C) ?? C
            hidden = try c.decodeIfPresent([[Int]].self, forKey: .hidden) ?? hidden
            weightDecay = try c.decodeIfPresent([Double].self, forKey: .weightDecay) ?? weightDecay
            epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? epochs
            classWeight = try c.decodeIfPresent(ClassWeighting.self, forKey: .classWeight) ?? classWeight
            cv = try c.decodeIfPresent(Int.self, forKey: .cv) ?? cv
            groupedCV = try c.decodeIfPresent(Bool.self, forKey: .groupedCV) ?? groupedCV
        }

        func settings(seed: UInt64) -> TrainingSettings {
            TrainingSettings(model: kind, cs: C, hidden: hidden, weightDecays: weightDecay, epochs: epochs,
                             classWeight: classWeight, cv: cv, groupedCV: groupedCV, seed: seed)
        }
    }

    init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        train = try c.decode([String].self, forKey: .train)
        test = try c.decode([String].self, forKey: .test)
        features = try c.decodeIfPresent(Features.self, forKey: .features) ?? Features()
        model = try c.decodeIfPresent(Model.self, forKey: .model) ?? Model()
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        `protocol` = try c.decodeIfPresent(BenchProtocol.self, forKey: .protocol) ?? BenchProtocol()
        bootstrap = try c.decodeIfPresent(Int.self, forKey: .bootstrap) ?? 1000
        workers = try c.decodeIfPresent(Int.self, forKey: .workers) ?? ProcessInfo.processInfo.activeProcessorCount
    }
}
