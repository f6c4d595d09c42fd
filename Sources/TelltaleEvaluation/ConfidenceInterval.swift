/// A point estimate with a two-sided confidence interval.
public struct ConfidenceInterval: Codable, Sendable, Hashable {
    /// The metric on the original data.
    public let estimate: Double
    public let lower: Double
    public let upper: Double

    public init(estimate: Double, lower: Double, upper: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies in [lower, upper].
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
