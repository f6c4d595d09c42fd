/// A family's parameters that cannot be used (unknown filter, step ≤ 0, …),
/// reported before the family is built — its initialiser treats them as
/// programmer errors.
public struct FamilyParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The family's name (`residual`, `spam`, …).
    public let family: String
    public let reason: String

    public init(family: String, reason: String) {
        self.family = family
        self.reason = reason
    }

    public var description: String { "\(family): \(reason)" }
}
