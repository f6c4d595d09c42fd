import TelltaleSupport

/// Random blur + JPEG training augmentation (Wang et al., "CNN-generated
/// images are surprisingly easy to spot… for now", CVPR 2020, §4.2: with
/// probability 0.5 a Gaussian blur with σ ~ U[0, 3], then with probability 0.5
/// JPEG re-compression with quality ~ U{30, …, 100}).
///
/// Draws are made from `SeededGenerator.stream(seed:, "augmentation/<index>")`,
/// keyed by the row's index (or any stable per-image key), so an image gets
/// the same augmentation whatever worker or order processes it. Exactly four
/// numbers are drawn per image, in this order, whether or not they are used:
/// blur coin, σ, JPEG coin, quality.
public struct Augmentation: Codable, Sendable, Hashable {
    /// Probability of blurring.
    public var blurProbability: Double
    /// σ is drawn uniformly from this range (pixels).
    public var blurSigmaRange: ClosedRange<Double>
    /// Probability of JPEG re-compression.
    public var jpegProbability: Double
    /// Quality is drawn uniformly from these integers.
    public var jpegQualityRange: ClosedRange<Int>

    /// Wang et al.'s "Blur+JPEG (0.5)" setting by default.
    public init(blurProbability: Double = 0.5, blurSigmaRange: ClosedRange<Double> = 0...3,
                jpegProbability: Double = 0.5, jpegQualityRange: ClosedRange<Int> = 30...100) {
        precondition((0...1).contains(blurProbability) && (0...1).contains(jpegProbability), "probabilities are in [0, 1]")
        precondition(blurSigmaRange.lowerBound >= 0, "blur sigma must be non-negative")
        precondition(jpegQualityRange.lowerBound >= 1 && jpegQualityRange.upperBound <= 100, "JPEG quality is 1…100")
        self.blurProbability = blurProbability
        self.blurSigmaRange = blurSigmaRange
        self.jpegProbability = jpegProbability
        self.jpegQualityRange = jpegQualityRange
    }

    private enum CodingKeys: String, CodingKey {
        case blurProbability, blurSigmaRange, jpegProbability, jpegQualityRange
    }

    /// Decodes and validates (probabilities in [0, 1], σ ≥ 0, quality in 1…100); missing keys take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Augmentation()
        let blurP = try c.decodeIfPresent(Double.self, forKey: .blurProbability) ?? d.blurProbability
        let sigma = try c.decodeIfPresent(ClosedRange<Double>.self, forKey: .blurSigmaRange) ?? d.blurSigmaRange
        let jpegP = try c.decodeIfPresent(Double.self, forKey: .jpegProbability) ?? d.jpegProbability
        let quality = try c.decodeIfPresent(ClosedRange<Int>.self, forKey: .jpegQualityRange) ?? d.jpegQualityRange
        guard (0...1).contains(blurP), (0...1).contains(jpegP), sigma.lowerBound >= 0, sigma.upperBound.isFinite,
              quality.lowerBound >= 1, quality.upperBound <= 100 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription:
                "augmentation: probabilities must be in [0, 1], blur sigma ≥ 0, JPEG quality within 1…100"))
        }
        self.init(blurProbability: blurP, blurSigmaRange: sigma, jpegProbability: jpegP, jpegQualityRange: quality)
    }

    /// The perturbations drawn for the image keyed `index` under `seed` (empty, blur, JPEG or both).
    public func perturbations(seed: UInt64, index: Int) -> [Perturbation] {
        perturbations(seed: seed, key: String(index))
    }

    /// The perturbations drawn for the image with stable key `key` (e.g. its content hash).
    public func perturbations(seed: UInt64, key: String) -> [Perturbation] {
        var rng = SeededGenerator.stream(seed: seed, "augmentation/\(key)")
        let blurCoin = rng.nextUnit()
        let sigma = blurSigmaRange.lowerBound + rng.nextUnit() * (blurSigmaRange.upperBound - blurSigmaRange.lowerBound)
        let jpegCoin = rng.nextUnit()
        let quality = jpegQualityRange.lowerBound + rng.nextIndex(below: jpegQualityRange.count)
        var out = [Perturbation]()
        if blurCoin < blurProbability { out.append(.blur(sigma: sigma)) }
        if jpegCoin < jpegProbability { out.append(.jpeg(quality: quality)) }
        return out
    }

    /// `image` with the perturbations drawn for row `index` applied (blur, then JPEG).
    public func apply(to image: Image, seed: UInt64, index: Int) throws(DecodeError) -> Image {
        try image.perturbed(by: perturbations(seed: seed, index: index))
    }

    /// `image` with the perturbations drawn for `key` applied (blur, then JPEG).
    public func apply(to image: Image, seed: UInt64, key: String) throws(DecodeError) -> Image {
        try image.perturbed(by: perturbations(seed: seed, key: key))
    }
}
