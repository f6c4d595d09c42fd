/// What to do with an image smaller than the crop size in either direction.
public enum SmallImagePolicy: String, Codable, Sendable, Hashable, CaseIterable {
    /// Use the largest centred square; families with fixed-length outputs
    /// resample their profiles/grids so the vector length does not change.
    case largestSquare = "largest-square"
    /// Skip the image with a reason (reported, never silently dropped).
    case skip
}
