/// A rectangle of pixels: columns `x..<x+width`, rows `y..<y+height`.
public struct PixelRegion: Sendable, Equatable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The centred `side`×`side` square of a `width`×`height` image, or the
    /// largest centred square when the image is smaller than `side` in either
    /// direction. Odd margins put the extra pixel after the crop (floor offset).
    public static func centreSquare(side: Int, inWidth width: Int, height: Int) -> PixelRegion {
        let s = min(side, width, height)
        return PixelRegion(x: (width - s) / 2, y: (height - s) / 2, width: s, height: s)
    }
}
