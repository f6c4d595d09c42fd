import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltaleLearning
import TelltaleSupport

/// A detector: what a model file is, as one fitted object from pixels to a decision
/// (scikit-learn's `Pipeline`) — the feature configuration that turns an image into a
/// vector (``extractor``), the trained classifier with its standardiser, the calibration
/// of its probabilities when the model file has one (`telltale calibrate`: Platt scaling or
/// isotonic regression of the log-odds, applied by ``TelltaleLearning/ModelFile/predictProbability(_:)``,
/// so every score — predict, evaluate, score, bench — is the calibrated probability), and the
/// decision threshold (``threshold``), together with where they came from (the
/// ``ModelFile``'s provenance: tool version, training fingerprint, seed, CV results).
///
/// The model's own feature configuration decides how images become vectors; a
/// feature file made with any other configuration (or other feature names) is refused.
/// `train`, `crossval` and `bench` make detectors (``Trainer``); `predict`, `evaluate`,
/// `score` and `bench` apply them.
public struct Detector: Sendable {
    /// The model file: classifier, threshold, feature configuration and provenance.
    public let model: ModelFile
    /// The feature extractor built from the model's feature configuration.
    public let extractor: FeatureExtractor
    /// Where the model came from (its file, as given), for messages and provenance.
    public let source: String

    /// Reads the model file at `modelPath`.
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
        self.source = modelPath
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

    /// The decision threshold: an image is called fake when its score reaches it.
    public var threshold: Double { model.threshold.value }

    /// Probabilities of "fake" (calibrated when the model is) for every row of `features`
    /// (whose configuration must be the model's); `source` names the features in errors.
    public func scores(_ features: FeatureFile, source: String) throws -> [Double] {
        do {
            try model.checkCompatible(featureConfigurationHash: features.configurationHash, featureNames: features.featureNames)
        } catch {
            throw PipelineError.file(source, reason: "\(error)")
        }
        guard !features.rows.isEmpty else { return [] }
        return try model.predictProbability(features.matrix)
    }

    /// The features of `input`: a feature file as it is, or images extracted with the
    /// model's configuration after `transform`, each read and decoded within
    /// `memoryBudget` bytes (nil: the option was not given — the default budget; given
    /// for a feature file, it is an error).
    public func features(of input: DetectorInput, transform: ImageTransform, workers: Int, memoryBudget: Int?,
                         label: String, reporter: any PipelineReporter) throws -> FeatureFile {
        switch input {
        case .featureFile(let path, let split):
            guard transform.isIdentity else { throw PipelineError.inputs("perturbations need images, not a feature file") }
            try MemoryBudget.requireImages(false, given: memoryBudget)
            return try FeatureFile.read(from: path).selecting(split: split, reporter: reporter)
        case .images(let items):
            return try FeatureFile.extract(items: items, extractor: extractor, transform: transform, workers: workers,
                                           memoryBudget: memoryBudget ?? DecodeOptions.defaultMemoryBudget, label: label,
                                           reporter: reporter)
        }
    }

    /// The CSV `predict` writes (path,sha256,label,group,score,decision), the failures last.
    public func predictionCSV(_ features: FeatureFile, scores: [Double]) -> String {
        var csv = CSV.record(["path", "sha256", "label", "group", "score", "decision"])
        for (row, score) in zip(features.rows, scores) {
            csv += CSV.record([row.path, row.sha256, row.label.map { String($0.rawValue) } ?? "", row.group ?? "",
                               String(format: "%.6f", score), score >= threshold ? "fake" : "real"])
        }
        for failure in features.failures {
            csv += CSV.record([failure.path, "", "", "", "", "error: \(failure.reason)"])
        }
        return csv
    }
}
