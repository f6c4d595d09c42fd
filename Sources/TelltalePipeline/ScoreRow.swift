import Foundation

/// One line of `telltale score` output: an image's path, the SHA-256 of its bytes,
/// the model's probability of "generated" (six decimals), the decision at the
/// model's threshold, or why the file could not be scored.
public struct ScoreRow: Equatable, Sendable {
    public static let columns = ["path", "sha256", "score", "decision", "error"]

    public var path: String
    /// Empty when the file could not be read.
    public var sha256: String
    /// The probability as written (`%.6f`), empty on failure.
    public var score: String
    /// `fake`, `real`, or empty on failure.
    public var decision: String
    /// Empty on success.
    public var error: String
    /// With a face-crop model, in JSON Lines only: every face judged, as a compact JSON array
    /// of ``Explanation/FaceScore`` (box, region, confidence, landmarks, score); empty otherwise.
    public var faces: String = ""

    public var failed: Bool { !error.isEmpty }

    /// A scored image.
    public init(path: String, sha256: String, probability: Double, threshold: Double) {
        self.init(path: path, sha256: sha256, score: String(format: "%.6f", probability),
                  decision: probability >= threshold ? "fake" : "real", error: "")
    }

    /// A file that could not be scored.
    public init(path: String, sha256: String, failure reason: String) {
        self.init(path: path, sha256: sha256, score: "", decision: "", error: reason.isEmpty ? "failed" : reason)
    }

    public init(path: String, sha256: String, score: String, decision: String, error: String) {
        self.path = path
        self.sha256 = sha256
        self.score = score
        self.decision = decision
        self.error = error
    }

    public var fields: [String] { [path, sha256, score, decision, error] }
}
