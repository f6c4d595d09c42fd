/// Which planes a family computes on.
public enum ColourMode: String, Codable, Sendable, Hashable, CaseIterable {
    /// BT.601 luminance only.
    case luminance
    /// Each of R, G and B separately (grey images repeat their plane).
    case rgb
}
