import TelltaleFaces

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
    /// For a tile row (tiling aggregation `tile-rows`): the ordinal of its image among the
    /// file's images (0, 1, …; every tile of an image has the same one). Absent — not
    /// written — for a row that is a whole image.
    public var image: Int?
    /// For a tile row: the tile's square in the image's pixels and its place in the
    /// image's tile order (0 = nearest the centre). Absent for a row that is a whole image.
    public var tile: TileBox?
    /// For a row of a face-crop configuration: the face judged (the detector's box, its
    /// confidence and the 68 landmarks), whose enlarged region is ``tile``. Absent for other
    /// rows and for an image's fallback row when it shows no face.
    public var face: Face?

    public init(path: String, sha256: String, label: Label?, group: String? = nil, split: String? = nil,
                image: Int? = nil, tile: TileBox? = nil, face: Face? = nil) {
        self.path = path
        self.sha256 = sha256
        self.label = label
        self.group = group
        self.split = split
        self.image = image
        self.tile = tile
        self.face = face
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
        try c.encodeIfPresent(image, forKey: .image)
        try c.encodeIfPresent(tile, forKey: .tile)
        try c.encodeIfPresent(face, forKey: .face)
    }
}

import TelltaleSupport

/// Where a tile row's tile lies: `x`, `y` (top-left, in the image's pixels), `width`,
/// `height`, and `index`, its place in the image's tile order (nearest the centre first).
public struct TileBox: Sendable, Hashable, Codable {
    public var index: Int
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(index: Int, x: Int, y: Int, width: Int, height: Int) {
        self.index = index
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}
