import Foundation

/// The three model-selection metrics, as small private-to-the-module pure functions
/// (the evaluation module owns the full metric suite).
enum BinaryScores {
    /// ROC AUC by the Mann–Whitney statistic: the probability that a random positive
    /// scores above a random negative, ties counting one half (Hanley & McNeil,
    /// Radiology 1982), computed from average ranks in O(n log n).
    /// `nil` when one class is absent.
    static func rocAUC(labels: [Int], scores: [Double]) -> Double? {
        let positives = labels.reduce(0, +), negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i ... j where labels[order[k]] == 1 { rankSum += averageRank }
            i = j + 1
        }
        let u = rankSum - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }

    /// Mean log-loss −[y log p + (1−y) log(1−p)], p clipped to [1e-15, 1 − 1e-15].
    static func logLoss(labels: [Int], probabilities: [Double]) -> Double {
        var sum = 0.0
        for (y, p) in zip(labels, probabilities) {
            let q = min(max(p, 1e-15), 1 - 1e-15)
            sum -= y == 1 ? log(q) : log(1 - q)
        }
        return sum / Double(labels.count)
    }

    /// Fraction of rows with (p ≥ threshold) == (y == 1).
    static func accuracy(labels: [Int], probabilities: [Double], threshold: Double = 0.5) -> Double {
        var correct = 0
        for (y, p) in zip(labels, probabilities) where (p >= threshold) == (y == 1) { correct += 1 }
        return Double(correct) / Double(labels.count)
    }
}
