import TelltaleImaging

/// What a bench run trains and tests: a model on raw images and/or a model on
/// neutralised images (every image of both classes centre-cropped and re-encoded
/// as JPEG, Grommelt et al. 2024), each tested as is and under the perturbations.
struct BenchProtocol: Codable, Equatable {
    /// The neutralised protocol: its JPEG quality and, with a grid tiling (where it is
    /// required), the side of the square every image is cropped to before its tiles are laid.
    public struct Neutralised: Codable, Equatable {
        public var quality: Int = 90
        /// Larger than the crop size, with a grid tiling only; nil: the crop size.
        public var side: Int?

        public enum CodingKeys: String, CodingKey, CaseIterable { case quality, side }

        public init(quality: Int = 90, side: Int? = nil) {
            self.quality = quality
            self.side = side
        }

        public init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            quality = try c.decodeIfPresent(Int.self, forKey: .quality) ?? 90
            side = try c.decodeIfPresent(Int.self, forKey: .side)
        }
    }

    /// Train and test on the images as they are.
    public var raw: Bool = true
    /// Train and test on neutralised images; nil: not run.
    public var neutralised: Neutralised?
    /// Test-time perturbations (`jpeg:90`, `blur:1`, `resize:0.5`), each a robustness row.
    public var perturbations: [Perturbation] = []

    public enum CodingKeys: String, CodingKey, CaseIterable { case raw, neutralised, perturbations }

    public init() {}

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        raw = try c.decodeIfPresent(Bool.self, forKey: .raw) ?? true
        neutralised = try c.decodeIfPresent(Neutralised.self, forKey: .neutralised)
        perturbations = try c.decodeIfPresent([Perturbation].self, forKey: .perturbations) ?? []
    }

    /// The protocols to run, in report order: (name, neutralisation or nil for raw).
    public var runs: [(name: String, neutralise: Neutralised?)] {
        (raw ? [("raw", nil)] : []) + (neutralised.map { [("neutralised", $0)] } ?? [])
    }
}
