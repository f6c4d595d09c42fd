import TelltaleImaging

/// What happens to a decoded image before its features are computed, in order:
/// neutralisation (the same centre crop and JPEG re-encoding for both classes),
/// a test-time perturbation, and training-time augmentation.
struct ImageTransform: Sendable {
    /// Neutralise: centre-crop to `side` and re-encode as JPEG at `quality` (4:2:0),
    /// so that neither class keeps its container's traces (Grommelt et al. 2024).
    var neutralise: (side: Int, quality: Int)?
    /// A perturbation applied to every image (robustness evaluation).
    var perturbation: Perturbation?
    /// Random blur/JPEG per image, drawn from `seed` and the image's hash (training only).
    var augmentation: (Augmentation, seed: UInt64)?

    static let none = ImageTransform()

    var isIdentity: Bool { neutralise == nil && perturbation == nil && augmentation == nil }

    /// Applies the steps. `key` identifies the image for augmentation draws
    /// (its content hash), so the draws do not depend on worker order.
    func apply(_ image: Image, key: String) throws -> Image {
        var out = image
        if let (side, quality) = neutralise {
            out = out.cropped(to: .centreSquare(side: side, inWidth: out.width, height: out.height))
            out = try ImageDecoder.decode(try ImageEncoder.jpeg(out, quality: quality, subsampling: .s420))
        }
        if let perturbation { out = try out.perturbed(by: perturbation) }
        if let (augmentation, seed) = augmentation {
            out = try augmentation.apply(to: out, seed: seed, key: key)
        }
        return out
    }
}
