/// Bringing every image to one container form before its features are computed,
/// so that a detector cannot learn the format of a class instead of its content:
/// the centre `cropSize` square, re-encoded as a baseline 4:2:0 JPEG at
/// `jpegQuality` and decoded again.
///
/// Grommelt et al., "Fake or JPEG? Revealing Common Biases in Generated Image
/// Detection Datasets" (2024): in GenImage the reals are JPEGs and the fakes PNGs,
/// and removing that bias changes cross-generator accuracy by more than 11 points.
/// Applied by the extraction pipeline (it needs the whole decoded image), recorded
/// in the ``FeatureConfiguration`` so that a model and its features agree on it.
public struct Neutralisation: Codable, Sendable, Hashable {
    public var cropSize: Int
    public var jpegQuality: Int

    public init(cropSize: Int, jpegQuality: Int) {
        self.cropSize = cropSize
        self.jpegQuality = jpegQuality
    }
}
