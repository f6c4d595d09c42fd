import Foundation

/// Metrics that read the scores as probabilities of "fake", not just as a ranking.
extension LabelledScores {
    /// The probability clipping of ``logLoss()``: p is taken in [ε, 1 − ε], ε = 1e-15
    /// (scikit-learn's `log_loss` default before 1.5), so a confident mistake costs
    /// at most −log(1e-15) ≈ 34.5 instead of infinity.
    public static let logLossClipping = 1e-15

    /// Mean log-loss (cross-entropy), `sklearn.metrics.log_loss`:
    /// −(1/N) Σ [y log p + (1 − y) log(1 − p)], with p clipped to [ε, 1 − ε]
    /// (``logLossClipping``). Defined with one class too.
    /// - Throws: ``EvaluationError/invalidArgument(_:)`` when a score lies outside [0, 1]
    ///   (a score that is not a probability has no log-loss).
    public func logLoss() throws -> Double {
        if let i = scores.firstIndex(where: { !(0 ... 1).contains($0) }) {
            throw EvaluationError.invalidArgument("Log-loss needs probabilities, but the score at index \(i) is \(scores[i]).")
        }
        let eps = Self.logLossClipping
        var sum = 0.0
        for (y, p) in zip(labels, scores) {
            let q = min(max(p, eps), 1 - eps)
            sum -= y == 1 ? log(q) : log(1 - q)
        }
        return sum / Double(count)
    }
}
