import TelltaleFeatures
import TelltaleImaging

/// What happens to a decoded image before its features are computed, in order: a
/// test-time perturbation and training-time augmentation — both stand for what
/// happened to the file before the detector saw it — then neutralisation (the same
/// centre crop and JPEG re-encoding for both classes; part of a neutralised model's
/// own preprocessing, or, at evaluation, an extra test condition).
public struct ImageTransform: Sendable {
    /// Neutralise: centre-crop and re-encode as JPEG (4:2:0), so that neither class
    /// keeps its container's traces (Grommelt et al. 2024).
    public var neutralise: Neutralisation?
    /// A perturbation applied to every image (robustness evaluation).
    public var perturbation: Perturbation?
    /// Random blur/JPEG per image, drawn from `seed` and the image's hash (training only).
    public var augmentation: (Augmentation, seed: UInt64)?

    public init(neutralise: Neutralisation? = nil, perturbation: Perturbation? = nil,
                augmentation: (Augmentation, seed: UInt64)? = nil) {
        self.neutralise = neutralise
        self.perturbation = perturbation
        self.augmentation = augmentation
    }

    public static let none = ImageTransform()

    public var isIdentity: Bool { neutralise == nil && perturbation == nil && augmentation == nil }

    /// The memory ``apply(_:key:centreCrop:)`` takes beyond the decoded image, in
    /// multiples of its pixels (``DecodeOptions/workingCopies``): the worst step. A blur
    /// of the centre square only and the neutralising crop take next to nothing; an
    /// augmentation may blur the whole image, then re-encode it.
    public func workingCopies(centreCrop: Int?) -> Double {
        var copies = 0.0
        if let perturbation {
            if case .blur = perturbation, augmentation == nil, neutralise?.cropSize ?? centreCrop != nil {
                copies = 0
            } else {
                copies = perturbation.pixelCopies
            }
        }
        if augmentation != nil {
            copies = max(copies, Perturbation.blur(sigma: 1).pixelCopies, Perturbation.jpeg(quality: 90).pixelCopies)
        }
        return copies
    }

    /// Applies the steps. `key` identifies the image for augmentation draws
    /// (its content hash), so the draws do not depend on worker order.
    /// `centreCrop`: the side of the centred square the features will take
    /// afterwards, when the caller knows it. A blur whose output only feeds that
    /// square (or the neutralising crop) then blurs just the square and its margin —
    /// the same pixels, and the returned image is that square.
    public func apply(_ image: Image, key: String, centreCrop: Int? = nil) throws -> Image {
        try applyLocating(image, key: key, centreCrop: centreCrop).image
    }

    /// ``apply(_:key:centreCrop:)``, and where the result's pixel (0, 0) lies in the image
    /// the neutralisation cropped (the perturbed one; (0, 0) without neutralisation) — so that
    /// boxes found on the result can be given in the image's coordinates.
    public func applyLocating(_ image: Image, key: String, centreCrop: Int? = nil) throws
        -> (image: Image, origin: (x: Int, y: Int)) {
        var out = image
        if case .blur(let sigma)? = perturbation, augmentation == nil, let side = neutralise?.cropSize ?? centreCrop {
            out = out.blurred(sigma: sigma, within: .centreSquare(side: side, inWidth: out.width, height: out.height))
        } else if let perturbation {
            out = try out.perturbed(by: perturbation)
        }
        if let (augmentation, seed) = augmentation {
            out = try augmentation.apply(to: out, seed: seed, key: key)
        }
        guard let n = neutralise else { return (out, (0, 0)) }
        let square = PixelRegion.centreSquare(side: n.cropSize, inWidth: out.width, height: out.height)
        out = out.cropped(to: square)
        out = try ImageDecoder.decode(try ImageEncoder.jpeg(out, quality: n.jpegQuality, subsampling: .s420))
        return (out, (square.x, square.y))
    }
}
