/// A degradation applied to an image before feature extraction, for training
/// augmentation and robustness evaluation (Wang et al., "CNN-generated images
/// are surprisingly easy to spot… for now", CVPR 2020, §4.2–4.3).
///
/// Written as `kind:value` strings: `jpeg:75` (re-encode at IJG quality 75),
/// `blur:1.5` (Gaussian blur, σ = 1.5 pixels), `resize:0.5` (rescale by ½).
/// Codable as that string.
public enum Perturbation: Sendable, Hashable {
    /// JPEG re-compression at IJG quality 1…100 (4:2:0 chroma subsampling), see ``Image/perturbed(by:)``.
    case jpeg(quality: Int)
    /// Separable Gaussian blur with standard deviation `sigma ≥ 0` pixels, see ``Image/blurred(sigma:)``.
    case blur(sigma: Double)
    /// Bilinear rescaling by `scale > 0`, see ``Image/resized(scale:)``.
    case resize(scale: Double)
}

extension Perturbation {
    /// The memory applying the perturbation to a whole image takes beyond the image
    /// itself, in multiples of its pixels: JPEG 2 (the encoded file, at most about the
    /// pixels' size, and the decoded copy), blur 5 (a `Float` copy, 4 bytes a sample,
    /// and the output), resize `s²` (the output).
    public var pixelCopies: Double {
        switch self {
        case .jpeg: return 2
        case .blur: return 5
        case .resize(let scale): return scale * scale
        }
    }
}

extension Perturbation: LosslessStringConvertible {
    /// `jpeg:75`, `blur:1.5`, `resize:0.5`.
    public var description: String {
        switch self {
        case .jpeg(let q): return "jpeg:\(q)"
        case .blur(let s): return "blur:\(s)"
        case .resize(let s): return "resize:\(s)"
        }
    }

    /// Parses `jpeg:<1…100>`, `blur:<σ ≥ 0>` or `resize:<scale > 0>` (case-insensitive kind);
    /// nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let value = parts[1].trimmingWhitespace()
        switch parts[0].trimmingWhitespace().lowercased() {
        case "jpeg":
            guard let q = Int(value), (1...100).contains(q) else { return nil }
            self = .jpeg(quality: q)
        case "blur":
            guard let s = Double(value), s.isFinite, s >= 0 else { return nil }
            self = .blur(sigma: s)
        case "resize":
            guard let s = Double(value), s.isFinite, s > 0 else { return nil }
            self = .resize(scale: s)
        default:
            return nil
        }
    }
}

extension Perturbation: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let p = Perturbation(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a perturbation (jpeg:Q, blur:S, resize:F): \(text)"))
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
