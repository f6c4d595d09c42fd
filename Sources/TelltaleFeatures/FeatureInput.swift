import TelltaleImaging

/// A preprocessed image, ready for the feature families: the square crop the
/// configuration asks for, and its luminance plane.
public struct FeatureInput: Sendable {
    /// The cropped image (side × side), 8-bit grey or RGB.
    public let image: Image
    /// Side of the square crop (≤ the configured crop size for small images).
    public let side: Int
    /// BT.601 luminance of `image`, row-major, values in [0, 255].
    public let luminance: [Float]

    public init(image: Image) {
        precondition(image.width == image.height, "feature input must be square")
        self.image = image
        self.side = image.width
        self.luminance = image.luminance()
    }

    /// The planes a family computed "per channel" works on: luminance alone, or R, G, B.
    public func planes(_ colour: ColourMode) -> [[Float]] {
        switch colour {
        case .luminance: return [luminance]
        case .rgb: return image.rgbPlanes()
        }
    }
}
