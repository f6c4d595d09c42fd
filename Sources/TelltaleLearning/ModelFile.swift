import TelltaleSupport

/// Everything needed to apply a trained classifier and to know where it came from.
///
/// On disk it is one canonical JSON object (``CanonicalJSON``: sorted keys) with
/// the fields below plus `checksum`, the SHA-256 of the compact canonical encoding
/// of all the other fields — so any edit or truncation is detected when reading.
/// Floating-point values are written as the shortest decimal that reads back to
/// the same binary value (MLP weights are widened to double first), so a model
/// read back predicts bit-identically. Layout (format version 1):
///
///     formatVersion, toolVersion, kind ("logistic-regression" | "mlp"),
///     featureConfiguration (JSON), featureConfigurationHash, featureNames,
///     model { kind, logisticRegression | mlp: { configuration (hyper-parameters),
///             standardiser { mean, scale }, coefficients + intercept | layers,
///             convergence | history } },
///     threshold { value, method }, trainingFingerprint, trainingRows,
///     seed (decimal string), crossValidation (optional), trainingImages (optional,
///     ``TrainingImageDigests``), checksum, calibration (optional: ``ModelCalibration``,
///     written by `telltale calibrate`), tileScore (optional: for a model trained on tile
///     rows, the ``TileScore`` rule giving an image's log-odds from its tiles')
///
/// An optional field that is absent is not written at all, so a model file without a
/// calibration has the same bytes (and checksum) as before the field existed.
public struct ModelFile: Sendable, Equatable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var toolVersion: String
    public var featureConfiguration: JSONValue
    public var featureConfigurationHash: String
    public var featureNames: [String]
    public var model: TrainedClassifier
    public var threshold: DecisionThreshold
    public var trainingFingerprint: String
    public var trainingRows: Int
    public var seed: UInt64
    public var crossValidation: CrossValidationResult?
    /// The training images (``TrainingImageDigests``), to warn when a model is tested on
    /// them; nil in model files from before Telltale 0.3.
    public var trainingImages: TrainingImageDigests?
    /// How the probabilities were calibrated on held-out data, when they were (`telltale calibrate`).
    public var calibration: ModelCalibration?
    /// For a model trained on tile rows (tiling aggregation `tile-rows`): how the tiles'
    /// log-odds become the image's (``TileScore``). Absent — not written — otherwise.
    public var tileScore: TileScore?

    public init(toolVersion: String, featureConfiguration: JSONValue, featureConfigurationHash: String,
                featureNames: [String], model: TrainedClassifier, threshold: DecisionThreshold = .init(),
                trainingFingerprint: String, trainingRows: Int, seed: UInt64,
                crossValidation: CrossValidationResult? = nil, trainingImages: TrainingImageDigests? = nil,
                calibration: ModelCalibration? = nil) {
        self.formatVersion = Self.currentFormatVersion
        self.toolVersion = toolVersion
        self.featureConfiguration = featureConfiguration
        self.featureConfigurationHash = featureConfigurationHash
        self.featureNames = featureNames
        self.model = model
        self.threshold = threshold
        self.trainingFingerprint = trainingFingerprint
        self.trainingRows = trainingRows
        self.seed = seed
        self.crossValidation = crossValidation
        self.trainingImages = trainingImages
        self.calibration = calibration
    }

    public var kind: String { model.kind }

    /// Throws unless features computed with `featureConfigurationHash` and named
    /// `featureNames` (in order) are what this model was trained on.
    public func checkCompatible(featureConfigurationHash hash: String, featureNames names: [String]) throws {
        guard hash == featureConfigurationHash else {
            throw ModelFileError.featureConfigurationMismatch(model: featureConfigurationHash, current: hash)
        }
        guard names == featureNames else {
            let first = zip(names, featureNames).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(names.count, featureNames.count)
            throw ModelFileError.featureNamesMismatch(model: featureNames.count, current: names.count, firstDifference: first)
        }
    }

    /// P(generated | x) per row: the classifier's probability, or, when the model file has a
    /// ``calibration``, the calibrated probability (the calibrator applied to the log-odds).
    public func predictProbability(_ x: Matrix) throws -> [Double] {
        guard let calibration else { return try model.predictProbability(x) }
        return calibration.probabilities(logOdds: try model.decisionFunction(x))
    }

    /// Probabilities from log-odds: the calibration's when the model has one, else the sigmoid
    /// (for log-odds combined from tiles by ``tileScore``).
    public func probabilities(logOdds: [Double]) -> [Double] {
        guard let calibration else { return logOdds.map(TileScore.sigmoid) }
        return calibration.probabilities(logOdds: logOdds)
    }

    /// The classifier's log-odds of "generated" per row (before any calibration).
    public func decisionFunction(_ x: Matrix) throws -> [Double] { try model.decisionFunction(x) }

    /// 1 (generated) where the probability reaches the threshold, else 0.
    public func predict(_ x: Matrix) throws -> [Int] {
        try predictProbability(x).map { $0 >= threshold.value ? 1 : 0 }
    }
}

extension ModelFile: Codable {
    enum CodingKeys: String, CodingKey {
        case formatVersion, toolVersion, kind, featureConfiguration, featureConfigurationHash, featureNames, model
        case threshold, trainingFingerprint, trainingRows, seed, crossValidation, trainingImages
        case calibration, tileScore
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        toolVersion = try c.decode(String.self, forKey: .toolVersion)
        featureConfiguration = try c.decode(JSONValue.self, forKey: .featureConfiguration)
        featureConfigurationHash = try c.decode(String.self, forKey: .featureConfigurationHash)
        featureNames = try c.decode([String].self, forKey: .featureNames)
        model = try c.decode(TrainedClassifier.self, forKey: .model)
        let kind = try c.decode(String.self, forKey: .kind)
        guard kind == model.kind else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "kind \(kind) but model is \(model.kind)")
        }
        threshold = try c.decode(DecisionThreshold.self, forKey: .threshold)
        trainingFingerprint = try c.decode(String.self, forKey: .trainingFingerprint)
        trainingRows = try c.decode(Int.self, forKey: .trainingRows)
        let seedText = try c.decode(String.self, forKey: .seed)
        guard let seed = UInt64(seedText) else {
            throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: "seed \(seedText) is not a UInt64")
        }
        self.seed = seed
        crossValidation = try c.decodeIfPresent(CrossValidationResult.self, forKey: .crossValidation)
        trainingImages = try c.decodeIfPresent(TrainingImageDigests.self, forKey: .trainingImages)
        calibration = try c.decodeIfPresent(ModelCalibration.self, forKey: .calibration)
        tileScore = try c.decodeIfPresent(TileScore.self, forKey: .tileScore)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(toolVersion, forKey: .toolVersion)
        try c.encode(kind, forKey: .kind)
        try c.encode(featureConfiguration, forKey: .featureConfiguration)
        try c.encode(featureConfigurationHash, forKey: .featureConfigurationHash)
        try c.encode(featureNames, forKey: .featureNames)
        try c.encode(model, forKey: .model)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(trainingFingerprint, forKey: .trainingFingerprint)
        try c.encode(trainingRows, forKey: .trainingRows)
        try c.encode(String(seed), forKey: .seed)
        try c.encodeIfPresent(crossValidation, forKey: .crossValidation)
        try c.encodeIfPresent(trainingImages, forKey: .trainingImages)
        try c.encodeIfPresent(calibration, forKey: .calibration)
        try c.encodeIfPresent(tileScore, forKey: .tileScore)
    }
}
