/// Settings of the bootstrap confidence intervals (``LabelledScores/bootstrapIntervals(threshold:configuration:)``).
public struct BootstrapConfiguration: Codable, Sendable, Hashable {
    /// Number of resamples B.
    public var resamples: Int
    /// Confidence level of the two-sided interval, e.g. 0.95.
    public var confidence: Double
    /// Seed of the ``TelltaleSupport/SeededGenerator`` stream `"bootstrap"`.
    public var seed: UInt64

    public init(resamples: Int = 1000, confidence: Double = 0.95, seed: UInt64 = 0) {
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }
}
