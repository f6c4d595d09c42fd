import TelltaleImaging

/// What a bench run trains and tests: a model on raw images and/or a model on
/// neutralised images (every image of both classes centre-cropped and re-encoded
/// as JPEG, Grommelt et al. 2024), each tested as is and under the perturbations.
struct BenchProtocol: Codable, Equatable {
    /// The neutralised protocol's JPEG quality.
    public struct Neutralised: Codable, Equatable {
        public var quality: Int = 90

        public enum CodingKeys: String, CodingKey, CaseIterable { case quality }

        public init(quality: Int = 90) { self.quality = quality }

        public init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            quality = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .quality) ?? 90
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

    /// The protocols to run, in report order: (name, neutralisation quality).
    public var runs: [(name: String, neutralise: Int?)] {
        (raw ? [("raw", nil)] : []) + (neutralised.map { [("neutralised", $0.quality)] } ?? [])
    }
}
