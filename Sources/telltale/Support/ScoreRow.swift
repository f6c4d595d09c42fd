import Foundation

/// One line of `telltale score` output: an image's path, the SHA-256 of its bytes,
/// the model's probability of "generated" (six decimals), the decision at the
/// model's threshold, or why the file could not be scored.
struct ScoreRow: Equatable {
    static let columns = ["path", "sha256", "score", "decision", "error"]

    var path: String
    /// Empty when the file could not be read.
    var sha256: String
    /// The probability as written (`%.6f`), empty on failure.
    var score: String
    /// `fake`, `real`, or empty on failure.
    var decision: String
    /// Empty on success.
    var error: String

    var failed: Bool { !error.isEmpty }

    /// A scored image.
    init(path: String, sha256: String, probability: Double, threshold: Double) {
        self.init(path: path, sha256: sha256, score: String(format: "%.6f", probability),
                  decision: probability >= threshold ? "fake" : "real", error: "")
    }

    /// A file that could not be scored.
    init(path: String, sha256: String, failure reason: String) {
        self.init(path: path, sha256: sha256, score: "", decision: "", error: reason.isEmpty ? "failed" : reason)
    }

    init(path: String, sha256: String, score: String, decision: String, error: String) {
        self.path = path
        self.sha256 = sha256
        self.score = score
        self.decision = decision
        self.error = error
    }

    var fields: [String] { [path, sha256, score, decision, error] }
}
