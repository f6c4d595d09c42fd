import TelltaleFeatures
import TelltaleLearning

extension BenchSpec {
    /// The feature configuration of the raw protocol.
    public struct Features: Codable, Equatable {
        public var families: [String] = FeatureConfiguration.defaults.families
        public var size: Int = FeatureConfiguration.defaults.cropSize
        public var colour: ColourMode = FeatureConfiguration.defaults.colour
        public var smallImages: SmallImagePolicy = FeatureConfiguration.defaults.smallImages
        /// `centre` (absent: the default), `grid` or `grid-square`, as `--tiling`; `maxTiles`,
        /// `minTiles` and `tileStd` as `--max-tiles`, `--min-tiles`, `--tile-std` (grid only);
        /// `tileRows` as `--tile-rows` (grid only, not with `tileStd`): one training row per tile.
        public var tiling: TilingMode?
        public var maxTiles: Int?
        public var minTiles: Int?
        public var tileStd: Bool?
        public var tileRows: Bool?
        /// With `tileRows`: how each model combines its tiles' log-odds into an image's, as
        /// `train --tile-score` (``TelltaleLearning/TileScore``; absent: `mean-logit`). Refused
        /// without tile rows, where there is nothing to combine.
        public var tileScore: TileScore?
        /// `centre` (absent: the default) or `face`, as `--crop`; `faceMargin`, `maxFaces` and
        /// `noFace`, `faceDetectionSide` as `--face-margin`, `--max-faces`, `--no-face`,
        /// `--face-detection-side`; `faceAlign` as `--face-align` (face only).
        public var crop: CropMode?
        public var faceMargin: Double?
        public var maxFaces: Int?
        public var noFace: FaceCrop.NoFace?
        public var faceDetectionSide: Int?
        public var faceAlign: Bool?

        public enum CodingKeys: String, CodingKey, CaseIterable {
            case families, size, colour, smallImages, tiling, maxTiles, minTiles, tileStd, tileRows, tileScore, crop, faceMargin,
                 maxFaces, noFace, faceDetectionSide, faceAlign
        }

        public init() {}

        public init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            families = try c.decodeIfPresent([String].self, forKey: .families) ?? families
            size = try c.decodeIfPresent(Int.self, forKey: .size) ?? size
            colour = try c.decodeIfPresent(ColourMode.self, forKey: .colour) ?? colour
            smallImages = try c.decodeIfPresent(SmallImagePolicy.self, forKey: .smallImages) ?? smallImages
            tiling = try c.decodeIfPresent(TilingMode.self, forKey: .tiling)
            maxTiles = try c.decodeIfPresent(Int.self, forKey: .maxTiles)
            minTiles = try c.decodeIfPresent(Int.self, forKey: .minTiles)
            tileStd = try c.decodeIfPresent(Bool.self, forKey: .tileStd)
            tileRows = try c.decodeIfPresent(Bool.self, forKey: .tileRows)
            tileScore = try c.decodeIfPresent(TileScore.self, forKey: .tileScore)
            crop = try c.decodeIfPresent(CropMode.self, forKey: .crop)
            faceMargin = try c.decodeIfPresent(Double.self, forKey: .faceMargin)
            maxFaces = try c.decodeIfPresent(Int.self, forKey: .maxFaces)
            noFace = try c.decodeIfPresent(FaceCrop.NoFace.self, forKey: .noFace)
            faceDetectionSide = try c.decodeIfPresent(Int.self, forKey: .faceDetectionSide)
            faceAlign = try c.decodeIfPresent(Bool.self, forKey: .faceAlign)
        }

        /// The tiling the fields give (nil for centre); refuses fields centre would ignore,
        /// `tileScore` without `tileRows` or the face crop (as `train` refuses `--tile-score` without them) and
        /// `tileRows` with the face crop (as `--crop face` refuses `--tile-rows`).
        public func tilingValue() throws(FeatureError) -> Tiling? {
            let rows = tileRows ?? false
            if let rule = tileScore, !rows && crop != .face {
                throw .invalidParameter(family: "tiling", parameter: "tileScore", value: rule.name, reason:
                    "only tile rows (\"tileRows\": true with a grid tiling) or faces (\"crop\": \"face\") are combined into an image's score")
            }
            if rows && crop == .face {
                throw .invalidParameter(family: "faces", parameter: "tileRows", value: "given", reason:
                    "the face crop gives one row per face (its tiles aggregated), so it takes no tile rows")
            }
            // The face crop lays a grid over each face's region.
            return try Tiling.from(mode: FaceCrop.tilingMode(crop: crop, given: tiling), maxTiles: maxTiles, minTiles: minTiles,
                                   std: tileStd ?? false, rows: rows)
        }

        /// The face crop the fields give (nil for centre); refuses fields centre would ignore.
        public func faceCrop() throws(FeatureError) -> FaceCrop? {
            try FaceCrop.from(mode: crop, margin: faceMargin, maxFaces: maxFaces, noFace: noFace, detectionSide: faceDetectionSide,
                              aligned: faceAlign ?? false, tiling: tiling, minTiles: minTiles)
        }

        /// The configuration, neutralised when `neutralisation` is given (its square the crop
        /// size unless the protocol gives a side).
        func configuration(neutralisation: BenchProtocol.Neutralised? = nil) -> FeatureConfiguration {
            var c = FeatureConfiguration(families: families, cropSize: size, smallImages: smallImages, colour: colour)
            c.neutralisation = neutralisation.map { Neutralisation(cropSize: $0.side ?? size, jpegQuality: $0.quality) }
            c.tiling = try? tilingValue()
            c.faces = try? faceCrop()
            return c
        }
    }
}
