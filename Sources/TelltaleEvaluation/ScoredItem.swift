/// One scored image: what the CLI collects per image and the report lists.
public struct ScoredItem: Codable, Sendable, Hashable {
    public var path: String
    /// 0 = real, 1 = fake.
    public var label: Int
    /// The generator (or other group) the image belongs to, if known.
    public var group: String?
    /// Probability of fake.
    public var score: Double

    public init(path: String, label: Int, group: String? = nil, score: Double) {
        self.path = path
        self.label = label
        self.group = group
        self.score = score
    }
}
