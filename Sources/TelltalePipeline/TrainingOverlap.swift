import TelltaleLearning

/// Test images that are byte-identical to a model's training images (by SHA-256,
/// against the model file's ``TelltaleLearning/TrainingImageDigests``): scoring a
/// model on what it was trained on gives numbers that mean nothing, so `evaluate` and
/// `score` warn loudly, and with `--strict` fail.
public struct TrainingOverlap: Sendable, Codable, Hashable {
    /// Whether the model file records its training images (files from before 0.3 do not).
    public var checked: Bool
    /// Test images examined.
    public var total: Int
    /// Test images identical to a training image.
    public var count: Int
    /// The first ``listed`` of them, in input order (the rest are counted only, so memory
    /// stays flat however many there are).
    public var paths: [String]
    /// How many paths ``paths`` keeps at most.
    public static let listed = 100

    /// Nothing examined yet; ``examine(path:sha256:)`` adds images one by one.
    public init(model: ModelFile) {
        digests = model.trainingImages
        checked = digests != nil
        total = 0
        count = 0
        paths = []
    }

    /// Checks the images of `rows` (path and hexadecimal SHA-256) against `model`.
    public init(model: ModelFile, rows: [(path: String, sha256: String)]) {
        self.init(model: model)
        for row in rows { examine(path: row.path, sha256: row.sha256) }
    }

    /// Examines one more image.
    public mutating func examine(path: String, sha256: String) {
        total += 1
        guard let digests, digests.contains(sha256Hex: sha256) else { return }
        count += 1
        if paths.count < Self.listed { paths.append(path) }
    }

    private var digests: TrainingImageDigests?
    enum CodingKeys: String, CodingKey { case checked, total, count, paths }

    /// The line to show a person, nil when there is nothing to say.
    public var warning: String? {
        guard checked else {
            return "note: the model file records no training images (written before Telltale 0.3), so overlap between test and training images cannot be checked"
        }
        guard count > 0 else { return nil }
        let share = 100 * Double(count) / Double(max(total, 1))
        return "WARNING: \(count) of \(total) test image(s) (\(String(format: "%.1f", share)) %) are byte-identical to images this model was trained on (first: \(paths[0])); numbers on them measure memory, not detection"
    }

    /// With `strict`, throws when any test image is a training image or when that cannot be checked.
    public func enforce(strict: Bool) throws {
        guard strict else { return }
        if !checked {
            throw PipelineError.inputs("--strict: the model file records no training images, so overlap cannot be ruled out")
        }
        if count > 0 {
            throw PipelineError.inputs("--strict: \(count) of \(total) test image(s) were training images of the model (first: \(paths[0]))")
        }
    }
}
