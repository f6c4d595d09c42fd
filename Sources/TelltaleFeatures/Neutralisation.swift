/// Bringing every image to one container form before its features are computed,
/// so that a detector cannot learn the format of a class instead of its content:
/// the centre `cropSize` square, re-encoded as a baseline 4:2:0 JPEG at
/// `jpegQuality` and decoded again.
///
/// `cropSize` is the feature crop size S for the centre crop, and larger for a grid tiling
/// (`--neutralise-side`): the tiles are then laid on the neutralised square, e.g. 4 tiles of
/// 256² on a 512² square (``FeatureConfiguration/validate()`` holds these rules). An image
/// smaller than the square keeps its largest centred square.
///
/// Grommelt et al., "Fake or JPEG? Revealing Common Biases in Generated Image
/// Detection Datasets" (2024): in GenImage the reals are JPEGs and the fakes PNGs,
/// and removing that bias changes cross-generator accuracy by more than 11 points.
/// Applied by the extraction pipeline (it needs the whole decoded image), recorded
/// in the ``FeatureConfiguration`` so that a model and its features agree on it.
public struct Neutralisation: Codable, Sendable, Hashable {
    /// Side of the centred square kept and re-encoded.
    public var cropSize: Int
    public var jpegQuality: Int

    public init(cropSize: Int, jpegQuality: Int) {
        self.cropSize = cropSize
        self.jpegQuality = jpegQuality
    }
}
