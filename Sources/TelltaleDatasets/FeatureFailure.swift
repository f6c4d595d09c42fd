/// An input that produced no feature row, and why (undecodable, too small…).
public struct FeatureFailure: Sendable, Hashable, Codable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
