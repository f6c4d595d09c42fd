extension ColourMode {
    /// Short names of the planes ``FeatureInput/planes(_:)`` returns, used in
    /// feature names: `y` for luminance, `r`, `g`, `b` for RGB.
    var planeNames: [String] {
        switch self {
        case .luminance: return ["y"]
        case .rgb: return ["r", "g", "b"]
        }
    }
}
