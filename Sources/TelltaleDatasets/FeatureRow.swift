/// The provenance of one row of a feature matrix: which file (and exactly
/// which bytes, by SHA-256) it was computed from, and the file's label, group
/// and split.
public struct FeatureRow: Sendable, Hashable, Codable {
    public var path: String
    /// Lower-case hex SHA-256 of the file's bytes (``Digest/sha256(fileAt:)``).
    public var sha256: String
    public var label: Label?
    public var group: String?
    public var split: String?

    public init(path: String, sha256: String, label: Label?, group: String? = nil, split: String? = nil) {
        self.path = path
        self.sha256 = sha256
        self.label = label
        self.group = group
        self.split = split
    }

    /// The row for `image`, hashing its file.
    public init(image: LabelledImage) throws {
        self.init(path: image.path, sha256: try Digest.sha256(fileAt: image.path),
                  label: image.label, group: image.group, split: image.split)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(label, forKey: .label)  // explicit null when unlabelled
        try c.encode(group, forKey: .group)
        try c.encode(split, forKey: .split)
    }
}

import TelltaleSupport
