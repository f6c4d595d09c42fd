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
    ///
    /// For a model trained on tile rows (``tileScore`` set), `features` is what
    /// ``features(of:transform:workers:memoryBudget:label:reporter:)`` returns: one row per
    /// image holding the image's combined log-odds, turned here into its probability.
    public func scores(_ features: FeatureFile, source: String) throws -> [Double] {
        if model.tileScore != nil {
            guard features.featureNames == [Self.imageLogOddsColumn], features.configurationHash == model.featureConfigurationHash else {
                throw PipelineError.file(source, reason: "this model scores images from their \(model.tileScore == nil ? "tiles" : "tiles or faces"): give it images or a feature file of its rows")
            }
            return model.probabilities(logOdds: features.matrix.values.map(Double.init))
        }
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
    ///
    /// With a model trained on tile rows, the tile rows become one row per image (the first
    /// tile's row without its `image` and `tile`), holding one value: the image's log-odds,
    /// its tiles' log-odds combined by the model's ``TelltaleLearning/ModelFile/tileScore``
    /// (column ``imageLogOddsColumn``) — what ``scores(_:source:)`` turns into probabilities.
    public func features(of input: DetectorInput, transform: ImageTransform, workers: Int, memoryBudget: Int?,
                         label: String, reporter: any PipelineReporter) throws -> FeatureFile {
        let table: FeatureFile, source: String
        switch input {
        case .featureFile(let path, let split):
            guard transform.isIdentity else { throw PipelineError.inputs("perturbations need images, not a feature file") }
            try MemoryBudget.requireImages(false, given: memoryBudget)
            table = try FeatureFile.read(from: path).selecting(split: split, reporter: reporter)
            source = path
        case .images(let items):
            table = try FeatureFile.extract(items: items, extractor: extractor, transform: transform, workers: workers,
                                            memoryBudget: memoryBudget ?? DecodeOptions.defaultMemoryBudget, label: label,
                                            reporter: reporter)
            source = label
        }
        return model.tileScore == nil ? table : try imageLogOdds(table, source: source)
    }

    /// The one column of the per-image rows a tile-row model's ``features(of:transform:workers:memoryBudget:label:reporter:)`` gives.
    public static let imageLogOddsColumn = "image-log-odds"

    /// Tile rows → one row per image (same path and hash, in order of first appearance) with
    /// the image's combined log-odds.
    func imageLogOdds(_ table: FeatureFile, source: String) throws -> FeatureFile {
        guard let rule = model.tileScore else { return table }
        do {
            try model.checkCompatible(featureConfigurationHash: table.configurationHash, featureNames: table.featureNames)
        } catch {
            throw PipelineError.file(source, reason: "\(error)")
        }
        if let row = table.rows.first(where: { $0.tile == nil }) {
            throw PipelineError.file(row.path, reason: "a whole-image row, but this model scores images from their tiles")
        }
        struct Key: Hashable { var path: String; var sha256: String }
        let images = TileImages(keys: table.rows.map { Key(path: $0.path, sha256: $0.sha256) }, rule: rule)
        let z = table.rows.isEmpty ? [] : try model.decisionFunction(table.matrix)
        let groups = images.images(of: Array(table.rows.indices))
        var sidecar = table.sidecar
        sidecar.rows = groups.map { g in
            var row = table.rows[g.positions[0]]
            row.image = nil
            row.tile = nil
            return row
        }
        sidecar.rowCount = sidecar.rows.count
        sidecar.featureNames = [Self.imageLogOddsColumn]
        let values = groups.map { g in Float(rule.combine(g.positions.map { z[$0] })) }
        return FeatureFile(sidecar: sidecar, matrix: try Matrix(rows: values.count, cols: 1, values: values))
    }

    /// The probability of each image from its feature vectors: its one vector, or with a
    /// model trained on tile rows its tiles' vectors, their log-odds combined by the model's
    /// tile score (then calibrated, or the sigmoid; the log-odds rounded to a float, as in
    /// ``imageLogOdds(_:source:)``). One probability call for all images.
    public func imageProbabilities(_ images: [[[Float]]]) throws -> [Double] {
        guard !images.isEmpty else { return [] }
        guard let rule = model.tileScore else {
            return try model.predictProbability(try Matrix(rows: images.map { v in
                precondition(v.count == 1, "several vectors for an image of a whole-image model")
                return v[0]
            }))
        }
        let z = try model.decisionFunction(try Matrix(rows: images.flatMap { $0 }))
        var logOdds: [Double] = [], start = 0
        for v in images {
            // Through a float, as the one-column rows of ``imageLogOdds(_:source:)`` hold it, so
            // `score` and `explain` give `predict`'s and `evaluate`'s probabilities exactly.
            logOdds.append(Double(Float(rule.combine(Array(z[start..<(start + v.count)])))))
            start += v.count
        }
        return model.probabilities(logOdds: logOdds)
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
