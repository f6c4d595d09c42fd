/// The reliability (calibration) curve of probabilities: the scores cut into equal-width
/// bins on [0, 1] and, per non-empty bin, the mean score against the fraction of fakes —
/// `sklearn.calibration.calibration_curve(y, p, n_bins=B, strategy="uniform")`, plus the
/// counts that curve leaves out (the weights of the expected calibration error).
///
/// **Bins.** The edges are numpy's `linspace(0, 1, B + 1)`: e_k = k·(1/B) (for B = 10:
/// 0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001,
/// 0.8, 0.9, 1). A score p falls in bin k when e_k < p ≤ e_{k+1} — bins are closed on the
/// **right** — except that bin 0 is [0, e_1]: the bin is the number of inner edges
/// e_1 … e_{B−1} strictly below p (`np.searchsorted(bins[1:-1], p)`, side "left"). So 0.1
/// is in the first bin, 0.1000000000000001 in the second, and 1 in the last.
public struct ReliabilityCurve: Codable, Sendable, Hashable {
    /// One non-empty bin.
    public struct Bin: Codable, Sendable, Hashable {
        /// The bin's edges: it holds the scores in (lower, upper] ([0, upper] for the first).
        public let lower: Double
        public let upper: Double
        /// Items in the bin.
        public let count: Int
        /// Mean score in the bin (`calibration_curve`'s `prob_pred`): the "confidence".
        public let meanScore: Double
        /// Fraction of fakes in the bin (`prob_true`): the observed frequency.
        public let fractionOfFakes: Double
    }

    /// The number of equal-width bins B.
    public let binCount: Int
    /// The non-empty bins, in increasing order of score.
    public let bins: [Bin]

    public init(binCount: Int, bins: [Bin]) {
        self.binCount = binCount
        self.bins = bins
    }

    /// The default number of bins (scikit-learn's `calibration_curve` default, and the usual
    /// choice for the expected calibration error since Guo et al., ICML 2017, used 15 or 10).
    public static let defaultBinCount = 10

    /// The bin edges e_0 … e_B: numpy's `linspace(0, 1, B + 1)`, k·(1/B) with e_B = 1.
    public static func edges(binCount: Int) -> [Double] {
        let step = 1 / Double(binCount)
        return (0...binCount).map { $0 == binCount ? 1 : Double($0) * step }
    }

    /// The expected calibration error: Σ_b (n_b / N) · |fraction of fakes_b − mean score_b|
    /// over the non-empty bins (Naeini, Cooper & Hauskrecht, AAAI 2015; Guo et al., ICML 2017).
    public var expectedCalibrationError: Double {
        let total = bins.reduce(0) { $0 + $1.count }
        guard total > 0 else { return 0 }
        return bins.reduce(0) { $0 + Double($1.count) / Double(total) * abs($1.fractionOfFakes - $1.meanScore) }
    }
}

/// The expected calibration error with the binning it was computed with.
public struct ExpectedCalibrationError: Codable, Sendable, Hashable {
    /// Σ_b (n_b / N) · |fraction of fakes_b − mean score_b|, in [0, 1].
    public let value: Double
    /// Equal-width bins on [0, 1], closed on the right (see ``ReliabilityCurve``).
    public let bins: Int

    public init(value: Double, bins: Int) {
        self.value = value
        self.bins = bins
    }
}

/// Metrics that read the scores as calibrated probabilities of "fake".
extension LabelledScores {
    /// Whether every score lies in [0, 1] (what the Brier score, the log-loss, the
    /// reliability curve and the ECE need).
    public var scoresAreProbabilities: Bool { scores.allSatisfy { (0 ... 1).contains($0) } }

    /// Throws unless every score lies in [0, 1].
    func requireProbabilities(for metric: String) throws {
        if let i = scores.firstIndex(where: { !(0 ... 1).contains($0) }) {
            throw EvaluationError.invalidArgument("\(metric) needs probabilities in [0, 1], but the score at index \(i) is \(scores[i]).")
        }
    }

    /// The Brier score, `sklearn.metrics.brier_score_loss(y, p)`: (1/N) Σ (p_i − y_i)², the mean
    /// squared error of the probability of "fake" (0 is perfect; always calling 0.5 scores 0.25).
    /// Defined with one class too.
    /// - Throws: ``EvaluationError/invalidArgument(_:)`` when a score lies outside [0, 1].
    public func brierScore() throws -> Double {
        try requireProbabilities(for: "The Brier score")
        var sum = 0.0
        for (y, p) in zip(labels, scores) {
            let d = p - Double(y)
            sum += d * d
        }
        return sum / Double(count)
    }

    /// The reliability curve over `bins` equal-width bins (see ``ReliabilityCurve`` for the
    /// edges and which side is closed). Defined with one class too.
    /// - Throws: `invalidArgument` when a score lies outside [0, 1] or `bins` < 1.
    public func reliabilityCurve(bins binCount: Int = ReliabilityCurve.defaultBinCount) throws -> ReliabilityCurve {
        guard binCount >= 1 else { throw EvaluationError.invalidArgument("A reliability curve needs at least one bin; got \(binCount).") }
        try requireProbabilities(for: "The reliability curve")
        let edges = ReliabilityCurve.edges(binCount: binCount)
        let inner = edges[1 ..< binCount]
        var sums = [Double](repeating: 0, count: binCount)
        var fakes = [Int](repeating: 0, count: binCount)
        var counts = [Int](repeating: 0, count: binCount)
        for (y, p) in zip(labels, scores) {
            // Number of inner edges strictly below p (np.searchsorted, side "left").
            var lo = inner.startIndex, hi = inner.endIndex
            while lo < hi {
                let mid = (lo + hi) / 2
                if inner[mid] < p { lo = mid + 1 } else { hi = mid }
            }
            let k = lo - 1
            sums[k] += p
            fakes[k] += y
            counts[k] += 1
        }
        let bins = (0 ..< binCount).filter { counts[$0] > 0 }.map { k in
            ReliabilityCurve.Bin(lower: edges[k], upper: edges[k + 1], count: counts[k],
                                 meanScore: sums[k] / Double(counts[k]),
                                 fractionOfFakes: Double(fakes[k]) / Double(counts[k]))
        }
        return ReliabilityCurve(binCount: binCount, bins: bins)
    }

    /// The expected calibration error over `bins` equal-width bins:
    /// ECE = Σ_b (n_b / N) · |fraction of fakes_b − mean score_b| (see ``ReliabilityCurve``).
    /// - Throws: `invalidArgument` when a score lies outside [0, 1] or `bins` < 1.
    public func expectedCalibrationError(bins: Int = ReliabilityCurve.defaultBinCount) throws -> ExpectedCalibrationError {
        ExpectedCalibrationError(value: try reliabilityCurve(bins: bins).expectedCalibrationError, bins: bins)
    }
}
