/// The probability at or above which a row is called "generated", and how that
/// value was chosen (for instance "default" for 0.5, or the name of a rule such as
/// "youden-j on out-of-fold predictions" when the caller tuned it).
public struct DecisionThreshold: Codable, Sendable, Equatable {
    public var value: Double
    public var method: String

    public init(value: Double = 0.5, method: String = "default") {
        self.value = value
        self.method = method
    }
}
