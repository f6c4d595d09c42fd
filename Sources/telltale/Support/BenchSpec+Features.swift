import TelltaleFeatures

extension BenchSpec {
    /// The feature configuration of the raw protocol.
    struct Features: Codable, Equatable {
        var families: [String] = FeatureConfiguration.defaultFamilies
        var size: Int = 256
        var colour: ColourMode = .luminance
        var smallImages: SmallImagePolicy = .largestSquare

        enum CodingKeys: String, CodingKey, CaseIterable { case families, size, colour, smallImages }

        init() {}

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            families = try c.decodeIfPresent([String].self, forKey: .families) ?? families
            size = try c.decodeIfPresent(Int.self, forKey: .size) ?? size
            colour = try c.decodeIfPresent(ColourMode.self, forKey: .colour) ?? colour
            smallImages = try c.decodeIfPresent(SmallImagePolicy.self, forKey: .smallImages) ?? smallImages
        }

        /// The configuration, neutralised when `neutralisation` is given.
        func configuration(neutralisation quality: Int? = nil) -> FeatureConfiguration {
            var c = FeatureConfiguration(families: families, cropSize: size, smallImages: smallImages, colour: colour)
            c.neutralisation = quality.map { Neutralisation(cropSize: size, jpegQuality: $0) }
            return c
        }
    }
}
