/// How to decode: which part of the image, and the limits that guard memory.
public struct DecodeOptions: Sendable, Equatable {
    /// What part of the image to decode.
    public enum Crop: Sendable, Equatable {
        /// The whole image.
        case none
        /// The centred `side`×`side` square, or the largest centred square of a
        /// smaller image (see ``PixelRegion/centreSquare(side:inWidth:height:)``).
        case centreSquare(side: Int)
        /// An explicit rectangle, which must lie inside the image.
        case region(PixelRegion)
    }

    /// The default cap on `width × height` before any pixel buffer is allocated: 2^28
    /// (268 million pixels, e.g. 16384²), far above any benchmark image.
    public static let defaultMaxPixels = 1 << 28

    /// The default memory budget for one file: 256 MiB.
    ///
    /// It covers the file's bytes, the decoder's working memory and the decoded
    /// pixels. A 4:4:4 progressive JPEG needs 128 bytes of coefficients per 8×8
    /// block and component (≈ 6 bytes a pixel), so 256 MiB decodes progressive
    /// photographs up to about 40 megapixels and baseline ones of any size the
    /// crop path reads; a full RGB decode needs 3 bytes a pixel.
    public static let defaultMemoryBudget = 256 << 20

    public var crop: Crop
    /// Images whose header claims more pixels than this are refused before allocation.
    public var maxPixels: Int
    /// When true (the default), any libjpeg warning — corrupt or missing entropy
    /// data that libjpeg would paper over with grey — fails the decode.
    public var strictJPEG: Bool
    /// The most memory, in bytes, that reading and decoding one file may take: the
    /// file's bytes + the decoder's working memory + the decoded pixels. A file that
    /// would need more is refused (``DecodeError/Reason/overBudget(needed:budget:what:)``)
    /// before the memory is allocated.
    public var memoryBudget: Int
    /// When true (the default), a crop decode still checks the file's data below the
    /// crop to its end — a JPEG's entropy-coded rows (entropy decoding only, with
    /// ``strictJPEG``) and a PNG's zlib stream and chunks — so a file cut anywhere is
    /// refused, not only one cut above the crop's last row. It costs time in
    /// proportion to what lies below the crop (about half of a 2048² image's crop
    /// decode); the pixels returned are the same either way.
    public var checkWholeFile: Bool
    /// Memory the caller will need after the decode, in multiples of the decoded
    /// pixels (a perturbation's copies: ``Perturbation/pixelCopies``). Counted against
    /// ``memoryBudget`` with the decode itself, so that a file whose processing would
    /// go over the budget is refused before its pixels are allocated. Default 0.
    public var workingCopies: Double = 0

    public init(crop: Crop = .none, maxPixels: Int = DecodeOptions.defaultMaxPixels, strictJPEG: Bool = true,
                memoryBudget: Int = DecodeOptions.defaultMemoryBudget, checkWholeFile: Bool = true) {
        self.crop = crop
        self.maxPixels = maxPixels
        self.strictJPEG = strictJPEG
        self.memoryBudget = memoryBudget
        self.checkWholeFile = checkWholeFile
    }

    /// The shim's TT_DECODE_* flags for these options.
    var shimFlags: Int32 {
        (strictJPEG ? 1 : 0) | (checkWholeFile ? 2 : 0)
    }
}
