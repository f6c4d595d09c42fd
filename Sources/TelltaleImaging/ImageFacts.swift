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
    /// WebP: `ycbcr` or `ycbcr+alpha` (lossy), `rgb` or `rgba` (lossless, animations). TIFF: `grey`,
    /// `grey+alpha`, `rgb`, `rgba`, `palette`, `ycbcr`, `cmyk`, `lab`, or the photometric name.
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
    /// nil for greyscale JPEG and for PNG. Lossy WebP: `4:2:0`. YCbCr TIFF: from YCbCrSubSampling.
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

    // WebP and TIFF only: nil for PNG and JPEG (and then absent from the JSON).

    /// WebP: `lossy` (VP8), `lossless` (VP8L) or `mixed` (an animation's frames).
    /// TIFF: the Compression tag's codec: `none`, `lzw`, `deflate`, `packbits`, `jpeg`,
    /// `ojpeg`, `ccitt-g3`, `ccitt-g4`, `lzma`, `zstd`, `webp`, … or `compression N`.
    public var compression: String?
    /// WebP, TIFF: an alpha channel (WebP) or alpha extra sample (TIFF) is stored;
    /// it is dropped on decode, not composited.
    public var alpha: Bool?
    /// WebP: the file is an animation (refused by the decoder).
    public var animated: Bool?
    /// WebP: the number of animation frames (1 for a still image).
    public var frames: Int?
    /// TIFF: the Photometric tag: `min-is-white`, `min-is-black`, `rgb`, `palette`, `mask`,
    /// `separated`, `ycbcr`, `cielab`, `icclab`, `itulab`, `cfa`, `logl`, `logluv`, or `photometric N`.
    public var photometric: String?
    /// TIFF: `contiguous` (samples interleaved) or `separate` (one plane per sample).
    public var planar: String?
    /// TIFF: the SampleFormat tag: `uint`, `int`, `float`, `void`, `complex-int`, `complex-float`.
    public var sampleFormat: String?
    /// TIFF: stored in tiles (else strips).
    public var tiled: Bool?
    /// TIFF: the tile size, or the image width and the rows per strip, as `W×H`.
    public var blockSize: String?
    /// TIFF: the number of images (directories) in the file; only the first is decoded.
    public var pages: Int?
    /// TIFF: the file is BigTIFF.
    public var bigTIFF: Bool?

    /// Pixels in the image.
    public var pixelCount: Int { width * height }
}
