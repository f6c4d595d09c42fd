import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltaleLearning
import TelltaleSupport

/// Applying a model file to images or features: the model's own feature
/// configuration decides how images become vectors, and a feature file made
/// with any other configuration is refused.
public struct ModelScoring: Sendable {
    public let model: ModelFile
    public let extractor: FeatureExtractor

    public init(modelPath: String) throws {
        let model: ModelFile
        do {
            model = try ModelFile.read(from: modelPath)
        } catch {
            throw PipelineError.file(modelPath, reason: "\(error)")
        }
        try self.init(model: model, source: modelPath)
    }

    /// A model already in memory; `source` names it in errors.
    public init(model: ModelFile, source modelPath: String) throws {
        self.model = model
        let configuration: FeatureConfiguration
        do {
            configuration = try model.featureConfiguration.decode(as: FeatureConfiguration.self)
        } catch {
            throw PipelineError.file(modelPath, reason: "its feature configuration cannot be read by this version of telltale (\(error))")
        }
        extractor = try FeatureExtractor(configuration: configuration)
        guard configuration.hash == model.featureConfigurationHash else {
            throw PipelineError.file(modelPath, reason: "the feature configuration does not match its recorded hash (written by another version?)")
        }
        try model.checkCompatible(featureConfigurationHash: configuration.hash, featureNames: extractor.featureNames)
    }

    /// Probabilities of "fake" for every row of `table` (whose configuration must be the model's).
    public func scores(_ table: FeatureFile, source: String) throws -> [Double] {
        do {
            try model.checkCompatible(featureConfigurationHash: table.configurationHash, featureNames: table.featureNames)
        } catch {
            throw PipelineError.file(source, reason: "\(error)")
        }
        guard !table.rows.isEmpty else { return [] }
        return try model.predictProbability(table.matrix)
    }

    /// What to score: one feature file, or images.
    public enum Source: Sendable {
        case featureFile(String)
        case images([LabelledImage])
    }

    /// Resolves the inputs once: a feature file, or images (labelled datasets, or plain
    /// files and folders when `allowUnlabelled`). What the walks left out goes to `reporter`.
    public static func source(_ inputs: [String], allowUnlabelled: Bool, reporter: any PipelineReporter) throws -> Source {
        if inputs.count == 1, FeatureFile.isFeatureFile(inputs[0]) { return .featureFile(inputs[0]) }
        if allowUnlabelled, let plain = try unlabelled(inputs) {
            reporter.report(plain.report)
            return .images(plain.files.map { LabelledImage(path: $0, label: nil) })
        }
        return .images(try Datasets.load(inputs, reporter: reporter).items)
    }

    /// The rows of `source`, images extracted with the model's configuration after `transform`,
    /// each image read and decoded within `memoryBudget` bytes (nil: the option was not
    /// given — the default budget; given for a feature file, it is an error).
    public func table(for source: Source, transform: ImageTransform, workers: Int, memoryBudget: Int?,
               label: String, reporter: any PipelineReporter) throws -> FeatureFile {
        switch source {
        case .featureFile(let path):
            guard transform.isIdentity else { throw PipelineError.inputs("perturbations need images, not a feature file") }
            try MemoryBudget.requireImages(false, given: memoryBudget)
            return try FeatureFile.read(from: path)
        case .images(let items):
            return try FeatureFile.extract(items: items, extractor: extractor, transform: transform, workers: workers,
                                            memoryBudget: memoryBudget ?? DecodeOptions.defaultMemoryBudget, label: label, reporter: reporter)
        }
    }

    /// The CSV `predict` writes (path,sha256,label,group,score,decision), the failures last.
    public func predictionCSV(_ table: FeatureFile, scores: [Double]) -> String {
        let threshold = model.threshold.value
        var csv = CSV.record(["path", "sha256", "label", "group", "score", "decision"])
        for (row, score) in zip(table.rows, scores) {
            csv += CSV.record([row.path, row.sha256, row.label.map { String($0.rawValue) } ?? "", row.group ?? "",
                               String(format: "%.6f", score), score >= threshold ? "fake" : "real"])
        }
        for failure in table.failures {
            csv += CSV.record([failure.path, "", "", "", "", "error: \(failure.reason)"])
        }
        return csv
    }

    /// Inputs that are not labelled datasets: the walk of them (nil when any is a labelled dataset).
    private static func unlabelled(_ inputs: [String]) throws -> FileWalk? {
        for input in inputs where (try? DatasetLoader.load(input)) != nil { return nil }
        return try ImageFiles.walk(inputs)
    }
}
