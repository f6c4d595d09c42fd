import TelltaleSupport

/// A fitted calibration map from a classifier's score to a calibrated probability of "fake".
public enum Calibrator: Sendable, Equatable {
    case platt(PlattScalingModel)
    case isotonic(IsotonicRegressionModel)

    /// The method's name in model files: "platt" or "isotonic".
    public var method: String {
        switch self {
        case .platt: return "platt"
        case .isotonic: return "isotonic"
        }
    }

    /// Calibrated probabilities of `scores`.
    public func transform(_ scores: [Double]) -> [Double] {
        switch self {
        case .platt(let m): return m.transform(scores)
        case .isotonic(let m): return m.transform(scores)
        }
    }
}

/// How a model file's probabilities were calibrated (written by `telltale calibrate`): the
/// fitted map, what it maps, and the held-out set it was fitted on.
///
/// With a calibration, ``ModelFile/predictProbability(_:)`` is the calibrator applied to the
/// classifier's **log-odds** (its decision function z, whose sigmoid is the uncalibrated
/// probability) — as scikit-learn's `CalibratedClassifierCV` calibrates `decision_function`.
/// Log-odds keep the resolution that probabilities lose near 0 and 1.
///
/// In the model file (sorted keys):
///
///     calibration { method ("platt" | "isotonic"), input ("log-odds"),
///                   platt { a, b, convergence } | isotonic { xThresholds, yThresholds },
///                   validation { fingerprint, rows, realCount, fakeCount },
///                   baseModelSHA256, toolVersion }
///
/// No wall-clock time is recorded: the same model, validation set and options give a
/// byte-identical calibrated model file, as `train` does.
public struct ModelCalibration: Sendable, Equatable {
    /// The calibrator's input: the classifier's log-odds.
    public static let logOddsInput = "log-odds"

    /// The held-out images a calibration (or a threshold) was fitted on.
    public struct ValidationSet: Codable, Sendable, Equatable {
        /// ``TrainingFingerprint`` of the rows (image SHA-256 and label).
        public var fingerprint: String
        public var rows: Int
        public var realCount: Int
        public var fakeCount: Int
        /// The test-time condition the validation images were scored under (`jpeg:90`: the
        /// calibration is for images re-compressed so); absent: as they are.
        public var condition: String?

        public init(fingerprint: String, rows: Int, realCount: Int, fakeCount: Int, condition: String? = nil) {
            self.fingerprint = fingerprint
            self.rows = rows
            self.realCount = realCount
            self.fakeCount = fakeCount
            self.condition = condition
        }
    }

    public var calibrator: Calibrator
    /// What the calibrator maps; only ``logOddsInput``.
    public var input: String
    public var validation: ValidationSet
    /// SHA-256 of the bytes of the model file that was calibrated.
    public var baseModelSHA256: String
    /// The telltale version that fitted it.
    public var toolVersion: String

    public init(calibrator: Calibrator, input: String = ModelCalibration.logOddsInput, validation: ValidationSet,
                baseModelSHA256: String, toolVersion: String) {
        self.calibrator = calibrator
        self.input = input
        self.validation = validation
        self.baseModelSHA256 = baseModelSHA256
        self.toolVersion = toolVersion
    }

    /// The method's name: "platt" or "isotonic".
    public var method: String { calibrator.method }

    /// Calibrated probabilities from the classifier's log-odds.
    public func probabilities(logOdds: [Double]) -> [Double] { calibrator.transform(logOdds) }
}

extension ModelCalibration: Codable {
    enum CodingKeys: String, CodingKey { case method, input, platt, isotonic, validation, baseModelSHA256, toolVersion }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .method) {
        case "platt":
            let model = try c.decode(PlattScalingModel.self, forKey: .platt)
            guard model.a.isFinite, model.b.isFinite else {
                throw DecodingError.dataCorruptedError(forKey: .platt, in: c, debugDescription: "Platt parameters must be finite")
            }
            calibrator = .platt(model)
        case "isotonic":
            let model = try c.decode(IsotonicRegressionModel.self, forKey: .isotonic)
            do { try model.validate() } catch {
                throw DecodingError.dataCorruptedError(forKey: .isotonic, in: c, debugDescription: "\(error)")
            }
            calibrator = .isotonic(model)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .method, in: c, debugDescription: "unknown calibration method \(other)")
        }
        input = try c.decode(String.self, forKey: .input)
        guard input == Self.logOddsInput else {
            throw DecodingError.dataCorruptedError(forKey: .input, in: c, debugDescription: "unknown calibration input \(input)")
        }
        validation = try c.decode(ValidationSet.self, forKey: .validation)
        baseModelSHA256 = try c.decode(String.self, forKey: .baseModelSHA256)
        toolVersion = try c.decode(String.self, forKey: .toolVersion)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        switch calibrator {
        case .platt(let m): try c.encode(m, forKey: .platt)
        case .isotonic(let m): try c.encode(m, forKey: .isotonic)
        }
        try c.encode(input, forKey: .input)
        try c.encode(validation, forKey: .validation)
        try c.encode(baseModelSHA256, forKey: .baseModelSHA256)
        try c.encode(toolVersion, forKey: .toolVersion)
    }
}
