import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltaleLearning
import TelltaleSupport

/// Applying a model file to images or features: the model's own feature
/// configuration decides how images become vectors, and a feature file made
/// with any other configuration is refused.
struct ModelScoring {
    let model: ModelFile
    let extractor: FeatureExtractor

    init(modelPath: String) throws {
        let model: ModelFile
        do {
            model = try ModelFile.read(from: modelPath)
        } catch {
            throw CLIError("\(modelPath): \(error)")
        }
        try self.init(model: model, source: modelPath)
    }

    /// A model already in memory; `source` names it in errors.
    init(model: ModelFile, source modelPath: String) throws {
        self.model = model
        let configuration: FeatureConfiguration
        do {
            configuration = try model.featureConfiguration.decode(as: FeatureConfiguration.self)
        } catch {
            throw CLIError("\(modelPath): its feature configuration cannot be read by this version of telltale (\(error))")
        }
        extractor = try FeatureExtractor(configuration: configuration)
        guard configuration.hash == model.featureConfigurationHash else {
            throw CLIError("\(modelPath): the feature configuration does not match its recorded hash (written by another version?)")
        }
        try model.checkCompatible(featureConfigurationHash: configuration.hash, featureNames: extractor.featureNames)
    }

    /// Probabilities of "fake" for every row of `table` (whose configuration must be the model's).
    func scores(_ table: FeatureTable, source: String) throws -> [Double] {
        do {
            try model.checkCompatible(featureConfigurationHash: table.configurationHash, featureNames: table.featureNames)
        } catch {
            throw CLIError("\(source): \(error)")
        }
        guard !table.rows.isEmpty else { return [] }
        return try model.predictProbability(table.matrix)
    }

    /// What to score: one feature file, or images.
    enum Source {
        case featureFile(String)
        case images([LabelledImage])
    }

    /// Resolves the inputs once: a feature file, or images (labelled datasets, or plain
    /// files and folders when `allowUnlabelled`). What the walks left out is reported on stderr.
    static func source(_ inputs: [String], allowUnlabelled: Bool) throws -> Source {
        if inputs.count == 1, FeatureTable.isFeatureFile(inputs[0]) { return .featureFile(inputs[0]) }
        if allowUnlabelled, let plain = try unlabelled(inputs) {
            Console.report(plain.report)
            return .images(plain.files.map { LabelledImage(path: $0, label: nil) })
        }
        return .images(try Datasets.load(inputs).items)
    }

    /// The rows of `source`, images extracted with the model's configuration after `transform`,
    /// each image read and decoded within `memoryBudget` bytes (nil: the option was not
    /// given — the default budget; given for a feature file, it is an error).
    func table(for source: Source, transform: ImageTransform, workers: Int, memoryBudget: Int?,
               label: String) throws -> FeatureTable {
        switch source {
        case .featureFile(let path):
            guard transform.isIdentity else { throw CLIError("perturbations need images, not a feature file") }
            try MemoryBudgetOption.requireImages(false, given: memoryBudget)
            return try FeatureTable.read(featureFile: path)
        case .images(let items):
            return try FeatureTable.extract(items: items, extractor: extractor, transform: transform, workers: workers,
                                            memoryBudget: memoryBudget ?? DecodeOptions.defaultMemoryBudget, label: label)
        }
    }

    /// Inputs that are not labelled datasets: the walk of them (nil when any is a labelled dataset).
    private static func unlabelled(_ inputs: [String]) throws -> FileWalk? {
        for input in inputs where (try? DatasetLoader.load(input)) != nil { return nil }
        return try ImageFiles.walk(inputs)
    }
}
