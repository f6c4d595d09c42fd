/// A decoded image: 8-bit samples, interleaved, row-major, top row first.
///
/// The pipeline's one image type. It holds the stored pixel grid exactly as the
/// file encodes it (no EXIF rotation, no colour management, no gamma), because
/// forensic features look for traces in that grid.
///
/// - `channels == 1`: grey; `channels == 3`: RGB. Alpha is never kept.
/// - Sample `(x, y, c)` is at `pixels[(y * width + x) * channels + c]`.
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public var pixels: [UInt8]

    /// Wraps pixels already laid out as described on the type.
    /// - Precondition: `channels` is 1 or 3 and `pixels.count == width * height * channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(channels == 1 || channels == 3, "channels must be 1 or 3")
        precondition(width > 0 && height > 0, "an image has at least one pixel")
        precondition(pixels.count == width * height * channels, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The sample at column `x`, row `y`, channel `c`.
    @inlinable
    public subscript(x: Int, y: Int, c: Int) -> UInt8 {
        pixels[(y * width + x) * channels + c]
    }
}
