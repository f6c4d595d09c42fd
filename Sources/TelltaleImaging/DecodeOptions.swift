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

    public var crop: Crop
    /// Images whose header claims more pixels than this are refused before allocation.
    public var maxPixels: Int
    /// When true (the default), any libjpeg warning — corrupt or missing entropy
    /// data that libjpeg would paper over with grey — fails the decode.
    public var strictJPEG: Bool

    public init(crop: Crop = .none, maxPixels: Int = DecodeOptions.defaultMaxPixels, strictJPEG: Bool = true) {
        self.crop = crop
        self.maxPixels = maxPixels
        self.strictJPEG = strictJPEG
    }
}
