/// What a forensic researcher needs to know about an image file, read from its
/// header without decoding pixels.
public struct ImageFacts: Sendable, Equatable, Codable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    /// Channels of the decoded ``Image``: 1 (grey) or 3 (RGB).
    public var channels: Int
    /// Components stored in the file, alpha included.
    public var storedChannels: Int
    /// Bits per stored sample.
    public var bitDepth: Int
    /// PNG: `grey`, `rgb`, `palette`, `grey+alpha`, `rgba`. JPEG: `grey`, `ycbcr`, `rgb`, `cmyk`, `ycck`.
    public var colourType: String
    /// PNG: Adam7-interlaced.
    public var interlaced: Bool
    /// JPEG: progressive (multi-scan) coding.
    public var progressive: Bool
    /// JPEG: arithmetic rather than Huffman coding.
    public var arithmetic: Bool
    /// PNG: a tRNS chunk makes some pixels transparent (dropped on decode).
    public var hasTransparency: Bool
    /// JPEG: `4:4:4`, `4:2:2`, `4:2:0`, `4:4:0`, `4:1:1`, `4:1:0`, or `h×v` factors otherwise;
    /// nil for greyscale JPEG and for PNG.
    public var chromaSubsampling: String?
    /// JPEG: the luminance quantisation table, natural (row-major) order.
    public var luminanceTable: [Int]?
    /// JPEG: the chrominance quantisation table, natural order.
    public var chrominanceTable: [Int]?
    /// JPEG: the IJG quality whose scaled standard table is nearest the luminance table.
    public var estimatedQuality: Int?
    /// JPEG: true when the luminance table is exactly the IJG table at ``estimatedQuality``.
    public var qualityIsExact: Bool?
    /// Size of the file in bytes.
    public var fileSize: Int

    /// Pixels in the image.
    public var pixelCount: Int { width * height }
}
