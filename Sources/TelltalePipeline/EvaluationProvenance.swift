import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleLearning
import TelltaleSupport

/// What produced an evaluation, recorded under `provenance` in `report.json`: the build
/// of Telltale, the model (or that the scores came from a file: see the report's
/// `scoreSource`), the test data and split, and the choices the numbers depend on.
public struct EvaluationProvenance: Codable, Sendable, Hashable {
    /// The model evaluated, as its file describes itself.
    public struct Model: Codable, Sendable, Hashable {
        /// The model file as given.
        public var path: String
        /// SHA-256 of the model file's canonical bytes (those `telltale train` writes).
        public var sha256: String
        public var kind: String
        /// The Telltale version that trained it.
        public var toolVersion: String
        public var featureConfiguration: JSONValue
        public var featureConfigurationHash: String
        public var trainingFingerprint: String
        public var trainingRows: Int
        public var seed: String
        /// How the threshold was chosen.
        public var thresholdMethod: String
        /// `platt` or `isotonic` when the model is calibrated.
        public var calibration: String?
    }

    public var toolVersion: String
    /// The commit and flavour of the build; nil in a bench run folder, whose reports must not
    /// change with a rebuild (the build is in its `environment.json`).
    public var gitCommit: String?
    public var buildFlavour: String?
    public var model: Model?
    public var datasets: [String]
    /// `--split` (nil: the inputs held one split, or none).
    public var split: String?
    /// Extra test conditions, in order.
    public var conditions: [String]
    /// Test images that were training images of the model (nil for a score file).
    public var trainingOverlap: TrainingOverlap?
    /// With a face-crop model: the landmark model (path and SHA-256) and dlib's version, which
    /// decide the faces found besides the configuration (``TelltaleFeatures/FeatureExtractor/computation``).
    public var faceDetection: [String: String]?

    public init(detector: Detector?, datasets: [String], split: SplitSelection?, conditions: [String],
                trainingOverlap: TrainingOverlap?) throws {
        toolVersion = TelltaleVersion.string
        gitCommit = BuildInfo.gitCommit
        buildFlavour = BuildInfo.flavour
        model = try detector.map { d in
            let m = d.model
            return Model(path: d.source, sha256: Digest.sha256(try m.encoded()), kind: m.kind, toolVersion: m.toolVersion,
                         featureConfiguration: m.featureConfiguration, featureConfigurationHash: m.featureConfigurationHash,
                         trainingFingerprint: m.trainingFingerprint, trainingRows: m.trainingRows, seed: String(m.seed),
                         thresholdMethod: m.threshold.method, calibration: m.calibration?.method)
        }
        self.datasets = datasets
        self.split = split?.description
        self.conditions = conditions
        self.trainingOverlap = trainingOverlap
        if let d = detector, d.extractor.faceDetector != nil {
            faceDetection = d.extractor.computation.filter { ["face_landmark_model", "dlib"].contains($0.key) }
        }
    }

    /// `report` as JSON with this provenance under `provenance`.
    public func json(with report: EvaluationReport) throws -> Data {
        try CanonicalJSON.encode(JSONValue.object(encoding: report, adding: ["provenance": try JSONValue(encoding: self)]))
    }
}
