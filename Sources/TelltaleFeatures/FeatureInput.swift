import TelltaleImaging

/// A preprocessed image, ready for the feature families: the square crop the
/// configuration asks for, and its luminance plane.
public struct FeatureInput: Sendable {
    /// The cropped image (side × side), 8-bit grey or RGB.
    public let image: Image
    /// Side of the square crop (≤ the configured crop size for small images).
    public let side: Int
    /// BT.601 luminance of `image`, row-major, values in [0, 255] (``Image/luminance()``).
    public let luminance: [Float]
    /// The same as exact integers, `1000 Y` (``Image/luminanceTimes1000()``), for the
    /// families that need exact arithmetic (``ResidualFamily``).
    let luminanceTimes1000: [Int32]

    public init(image: Image) {
        precondition(image.width == image.height, "feature input must be square")
        self.image = image
        self.side = image.width
        self.luminanceTimes1000 = image.luminanceTimes1000()
        self.luminance = Image.luminance(fromTimes1000: luminanceTimes1000)
    }

    /// The planes a family computed "per channel" works on: luminance alone, or R, G, B.
    public func planes(_ colour: ColourMode) -> [[Float]] {
        switch colour {
        case .luminance: return [luminance]
        case .rgb: return image.rgbPlanes()
        }
    }
}
