import TelltaleFeatures

extension BenchSpec {
    /// The feature configuration of the raw protocol.
    public struct Features: Codable, Equatable {
        public var families: [String] = FeatureConfiguration.defaults.families
        public var size: Int = FeatureConfiguration.defaults.cropSize
        public var colour: ColourMode = FeatureConfiguration.defaults.colour
        public var smallImages: SmallImagePolicy = FeatureConfiguration.defaults.smallImages

        public enum CodingKeys: String, CodingKey, CaseIterable { case families, size, colour, smallImages }

        public init() {}

        public init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            families = try c.decodeIfPresent([String].self, forKey: .families) ?? families
            size = try c.decodeIfPresent(Int.self, forKey: .size) ?? size
            colour = try c.decodeIfPresent(ColourMode.self, forKey: .colour) ?? colour
            smallImages = try c.decodeIfPresent(SmallImagePolicy.self, forKey: .smallImages) ?? smallImages
        }

        /// The configuration, neutralised when `neutralisation` is given.
        public func configuration(neutralisation quality: Int? = nil) -> FeatureConfiguration {
            var c = FeatureConfiguration(families: families, cropSize: size, smallImages: smallImages, colour: colour)
            c.neutralisation = quality.map { Neutralisation(cropSize: size, jpegQuality: $0) }
            return c
        }
    }
}
