import Foundation
import TelltaleImaging
import TelltaleSupport
import TelltaleTestSupport
import XCTest
@testable import TelltaleFeatures

/// Whole-image evidence: tile geometry, aggregation, and the centre crop kept bit for bit.
final class TilingTests: XCTestCase {
    private func box(_ x: Int, _ y: Int, _ s: Int) -> PixelRegion { PixelRegion(x: x, y: y, width: s, height: s) }

    private func configuration(_ tiling: Tiling?, side: Int = 64, families: [String] = FeatureRegistry.cropNames,
                               colour: ColourMode = .rgb) -> FeatureConfiguration {
        var c = FeatureConfiguration(families: families, cropSize: side, colour: colour)
        c.tiling = tiling
        return c
    }

    // MARK: configuration

    /// The default (centre) configuration encodes as before tilings existed: no `tiling`
    /// key, and the hash recorded in feature files and models made before (the golden
    /// outputs' `configuration_hash`).
    func testCentreConfigurationKeepsItsJSONAndHash() throws {
        let centre = FeatureConfiguration()
        XCTAssertEqual(centre.hash, "a4e00c1f4ced9cf0166760da243fa92b6a635709720647b349ee83c787cfffc2")
        let json = String(decoding: try CanonicalJSON.encode(centre, pretty: false), as: UTF8.self)
        XCTAssertFalse(json.contains("tiling"), json)
        // A tiled configuration differs, records its settings, and round-trips.
        var tiled = centre
        tiled.tiling = Tiling(area: .square, maxTiles: 9, minTiles: 2, aggregation: .meanStd)
        XCTAssertNotEqual(tiled.hash, centre.hash)
        let tiledJSON = String(decoding: try CanonicalJSON.encode(tiled, pretty: false), as: UTF8.self)
        XCTAssertTrue(tiledJSON.contains(#""tiling":{"aggregation":"mean+std","area":"square","maxTiles":9,"minTiles":2}"#),
                      tiledJSON)
        XCTAssertEqual(try JSONDecoder().decode(FeatureConfiguration.self, from: Data(tiledJSON.utf8)), tiled)
        XCTAssertEqual(try JSONDecoder().decode(FeatureConfiguration.self, from: Data(json.utf8)), centre)
    }

    func testTilingParametersAreValidated() throws {
        for (max, min) in [(0, 1), (Tiling.maxTilesLimit + 1, 1), (4, 0), (4, 5)] {
            XCTAssertThrowsError(try FeatureExtractor(configuration: configuration(Tiling(maxTiles: max, minTiles: min))),
                                 "max \(max) min \(min)")
        }
        XCTAssertNoThrow(try FeatureExtractor(configuration: configuration(Tiling(maxTiles: 4, minTiles: 4))))
        // Options centre would ignore are refused; grid options give their tiling.
        XCTAssertThrowsError(try Tiling.from(mode: .centre, maxTiles: 4, minTiles: nil, std: false)) { error in
            XCTAssertTrue("\(error)".contains("maxTiles"), "\(error)")
        }
        XCTAssertThrowsError(try Tiling.from(mode: nil, maxTiles: nil, minTiles: nil, std: true))
        XCTAssertNil(try Tiling.from(mode: nil, maxTiles: nil, minTiles: nil, std: false))
        XCTAssertEqual(try Tiling.from(mode: .gridSquare, maxTiles: nil, minTiles: 2, std: true),
                       Tiling(area: .square, maxTiles: 16, minTiles: 2, aggregation: .meanStd))
        XCTAssertThrowsError(try Tiling.from(mode: .grid, maxTiles: 2, minTiles: 3, std: false))
    }

    // MARK: geometry

    func testTileBoxesAndOrderForOddSizes() {
        // 203 × 131, S = 64: 3 × 2 tiles, the 192 × 128 block at (⌊11/2⌋, ⌊3/2⌋) = (5, 1).
        let whole = Tiling(area: .whole)
        XCTAssertEqual(whole.tiles(side: 64, width: 203, height: 131), [
            box(69, 1, 64), box(69, 65, 64),                                // the middle column (distance² 1)
            box(5, 1, 64), box(133, 1, 64), box(5, 65, 64), box(133, 65, 64), // then raster order (distance² 5)
        ])
        // The largest centred square holds 2 × 2: the 128² block at (⌊75/2⌋, 1) = (37, 1), all at one distance.
        XCTAssertEqual(Tiling(area: .square).tiles(side: 64, width: 203, height: 131),
                       [box(37, 1, 64), box(101, 1, 64), box(37, 65, 64), box(101, 65, 64)])
        // 255 × 64: 3 × 1 at x0 = ⌊63/2⌋ = 31; the square mode's one tile is the centre crop.
        XCTAssertEqual(whole.tiles(side: 64, width: 255, height: 64), [box(95, 0, 64), box(31, 0, 64), box(159, 0, 64)])
        XCTAssertEqual(Tiling(area: .square).tiles(side: 64, width: 255, height: 64),
                       [PixelRegion.centreSquare(side: 64, inWidth: 255, height: 64)])
        // 129 × 128 → 2 × 2 with the odd column after the block.
        XCTAssertEqual(whole.tiles(side: 64, width: 129, height: 128),
                       [box(0, 0, 64), box(64, 0, 64), box(0, 64, 64), box(64, 64, 64)])
        // Shorter than S in either direction: no full tile.
        XCTAssertEqual(whole.tiles(side: 64, width: 63, height: 500), [])
        XCTAssertEqual(whole.tiles(side: 64, width: 500, height: 63), [])
    }

    func testMaxTilesKeepsTheTilesNearestTheCentre() {
        // 5 × 5 tiles of 10 in a 53 × 50 image (x0 = 1): the cap takes the centre, then its 4 edge
        // neighbours (raster order), then the 4 diagonal ones.
        let t = Tiling(area: .whole, maxTiles: 9)
        XCTAssertEqual(t.tiles(side: 10, width: 53, height: 50), [
            box(21, 20, 10),
            box(21, 10, 10), box(11, 20, 10), box(31, 20, 10), box(21, 30, 10),
            box(11, 10, 10), box(31, 10, 10), box(11, 30, 10), box(31, 30, 10),
        ])
        XCTAssertEqual(Tiling.bounds(of: t.tiles(side: 10, width: 53, height: 50)), PixelRegion(x: 11, y: 10, width: 30, height: 30))
        // An even grid has no middle tile: a cap of 4 of a 4 × 4 grid is its central 2 × 2.
        XCTAssertEqual(Tiling(maxTiles: 4).tiles(side: 10, width: 40, height: 40),
                       [box(10, 10, 10), box(20, 10, 10), box(10, 20, 10), box(20, 20, 10)])
        XCTAssertEqual(Tiling(maxTiles: 1).tiles(side: 64, width: 203, height: 131), [box(69, 1, 64)])
    }

    func testSmallImagesKeepTodaysRuleAndMinTilesRefuses() throws {
        let grid = try FeatureExtractor(configuration: configuration(Tiling(), families: ["npr"]))
        XCTAssertEqual(try grid.tiles(width: 50, height: 300), [PixelRegion(x: 0, y: 125, width: 50, height: 50)])
        var skip = configuration(Tiling(), families: ["npr"])
        skip.smallImages = .skip
        XCTAssertThrowsError(try FeatureExtractor(configuration: skip).tiles(width: 50, height: 300)) { error in
            XCTAssertEqual(error as? FeatureError, .imageTooSmall(width: 50, height: 300, required: 64))
        }
        XCTAssertThrowsError(try grid.tiles(width: 5, height: 300))
        let atLeast3 = try FeatureExtractor(configuration: configuration(Tiling(area: .square, minTiles: 3), families: ["npr"]))
        XCTAssertEqual(try atLeast3.tiles(width: 203, height: 131).count, 4)
        XCTAssertThrowsError(try atLeast3.tiles(width: 255, height: 64)) { error in
            XCTAssertEqual(error as? FeatureError, .tooFewTiles(width: 255, height: 64, tiles: 1, minimum: 3))
            XCTAssertEqual("\(error)", "image 255×64 gives 1 tile, fewer than the minimum 3")
        }
        XCTAssertThrowsError(try atLeast3.tiles(width: 50, height: 50))  // a small image is one tile
        XCTAssertThrowsError(try atLeast3.extract(SyntheticImages.noise(width: 130, height: 70, seed: 1)))
    }

    // MARK: features

    /// One tile — an image under 2S, or a cap of 1 — gives the centre crop's vector bit for
    /// bit, in every family, both grid modes, and through a region decode.
    func testOneTileEqualsTheCentreCropBitForBit() throws {
        let image = SyntheticImages.pattern(width: 101, height: 90, channels: 3, seed: 3)
        let centre = try FeatureExtractor(configuration: configuration(nil)).extract(image)
        for tiling in [Tiling(area: .whole), Tiling(area: .square), Tiling(area: .whole, aggregation: .meanStd)] {
            let tiled = try FeatureExtractor(configuration: configuration(tiling))
            let values = try tiled.extract(image)
            XCTAssertEqual(Array(values.prefix(centre.count)).map(\.bitPattern), centre.map(\.bitPattern), "\(tiling)")
            if tiling.aggregation == .meanStd {
                XCTAssertEqual(values.count, 2 * centre.count)
                XCTAssertTrue(values.suffix(centre.count).allSatisfy { $0 == 0 })
            }
        }
        // A capped grid of a larger image, decoded as the pipeline does (the rectangle of its tiles):
        // with an odd number of columns and rows (5 × 3), the middle tile is the centre crop.
        let large = SyntheticImages.pattern(width: 330, height: 207, channels: 3, seed: 4)
        let png = try ImageEncoder.png(large)
        let expected = try FeatureExtractor(configuration: configuration(nil))
            .extract(ImageDecoder.decode(png, options: FeatureExtractor(configuration: configuration(nil)).decodeOptions))
        let capped = try FeatureExtractor(configuration: configuration(Tiling(maxTiles: 1)))
        let (options, tiles) = try capped.decodeOptions(width: large.width, height: large.height, channels: 3)
        XCTAssertEqual(options.crop, .region(PixelRegion.centreSquare(side: 64, inWidth: 330, height: 207)))
        XCTAssertEqual(tiles, [box(0, 0, 64)])
        let values = capped.extract(try ImageDecoder.decode(png, options: options), tiles: tiles)
        XCTAssertEqual(values.map(\.bitPattern), expected.map(\.bitPattern))
        // Without the image's size, a tiled extractor asks for the whole image; the centre
        // mode's own decode options are today's.
        XCTAssertEqual(try FeatureExtractor(configuration: configuration(nil)).decodeOptions(width: 330, height: 207, channels: 3).options,
                       DecodeOptions(crop: .centreSquare(side: 64)))
        XCTAssertEqual(capped.decodeOptions, DecodeOptions())
        XCTAssertEqual(try FeatureExtractor(configuration: configuration(nil)).decodeOptions, DecodeOptions(crop: .centreSquare(side: 64)))
    }

    func testAggregationByHand() throws {
        let meanStd = Tiling(aggregation: .meanStd)
        XCTAssertEqual(meanStd.aggregate([[1, 2, 10], [3, 2, -2]]), [2, 2, 4, 1, 0, 6])
        XCTAssertEqual(Tiling(aggregation: .mean).aggregate([[1, 2, 10], [3, 2, -2]]), [2, 2, 4])
        let three = meanStd.aggregate([[0], [1], [5]])
        XCTAssertEqual(three[0], 2)
        XCTAssertEqual(three[1], Float((14.0 / 3).squareRoot()), accuracy: 1e-6)
        XCTAssertEqual(meanStd.aggregate([[.nan], [1]]).map(\.isFinite), [false, false])

        // Two tiles of a 128 × 64 image: each value's mean and spread over the two centre
        // crops computed on their own, and the names of the columns.
        let image = SyntheticImages.noise(width: 128, height: 64, seed: 9)
        let families = ["spectrum", "npr"]
        let centre = try FeatureExtractor(configuration: configuration(nil, families: families, colour: .luminance))
        let left = try centre.extract(image.cropped(to: box(0, 0, 64)))
        let right = try centre.extract(image.cropped(to: box(64, 0, 64)))
        let tiled = try FeatureExtractor(configuration: configuration(Tiling(aggregation: .meanStd), families: families,
                                                                      colour: .luminance))
        XCTAssertEqual(tiled.featureNames, centre.featureNames + centre.featureNames.map { $0 + ".std" })
        XCTAssertEqual(tiled.tileFeatureNames, centre.featureNames)
        let values = try tiled.extract(image)
        XCTAssertEqual(values.count, tiled.featureNames.count)
        let n = left.count
        for k in 0..<n {
            XCTAssertEqual(values[k], Float((Double(left[k]) + Double(right[k])) / 2), "\(tiled.featureNames[k])")
            XCTAssertEqual(Double(values[n + k]), abs(Double(left[k]) - Double(right[k])) / 2,
                           accuracy: 1e-5 * max(1, abs(Double(left[k]))), "\(tiled.featureNames[n + k])")
        }
    }

    /// More tiles than one chunk: the chunked computation gives the mean of every tile's vector.
    func testManyTilesAreComputedInChunks() throws {
        let image = SyntheticImages.noise(width: 40, height: 30, seed: 2)  // 4 × 3 tiles of 10 > tileChunk
        let c = configuration(Tiling(maxTiles: 12), side: 10, families: ["npr"], colour: .luminance)
        let tiled = try FeatureExtractor(configuration: c)
        let tiles = try tiled.tiles(width: 40, height: 30)
        XCTAssertEqual(tiles.count, 12)
        XCTAssertGreaterThan(tiles.count, FeatureExtractor.tileChunk)
        let centre = try FeatureExtractor(configuration: configuration(nil, side: 10, families: ["npr"], colour: .luminance))
        let each = try tiles.map { try centre.extract(image.cropped(to: $0)) }
        XCTAssertEqual(try tiled.extract(image), Tiling().aggregate(each))
    }

    // MARK: memory

    /// The decoded rectangle is that of the tiles kept, and the decode is refused when it and
    /// one chunk's working memory do not fit the budget (before any pixel is allocated).
    func testDecodeRegionAndMemoryBudget() throws {
        let tiled = try FeatureExtractor(configuration: configuration(Tiling(maxTiles: 16), colour: .luminance))
        let (options, tiles) = try tiled.decodeOptions(width: 1000, height: 700, channels: 3)
        // 15 × 10 tiles of 64, the block at (20, 30); the 16 nearest the centre span columns 5…9, rows 3…6.
        XCTAssertEqual(tiles.count, 16)
        guard case .region(let region) = options.crop else { return XCTFail("\(options.crop)") }
        XCTAssertEqual(region, PixelRegion(x: 20 + 5 * 64, y: 30 + 3 * 64, width: 5 * 64, height: 4 * 64))
        XCTAssertTrue(tiles.allSatisfy { $0.x >= 0 && $0.y >= 0 && $0.x + 64 <= region.width && $0.y + 64 <= region.height })
        // 8 tiles of 64² at a time, each its RGB crop and 8 bytes of luminance a pixel.
        XCTAssertEqual(tiled.tileWorkingBytes(tiles: tiles, channels: 3), 8 * 64 * 64 * 11)
        XCTAssertEqual(options.workingCopies, Double(8 * 64 * 64 * 11) / Double(region.width * region.height * 3))

        let image = SyntheticImages.noise(width: 300, height: 300, seed: 5)
        let jpeg = try ImageEncoder.jpeg(image, quality: 90, subsampling: .s420)
        var (grid, _) = try tiled.decodeOptions(width: 300, height: 300, channels: 3)  // 4 × 4 tiles: 256²
        let needed = jpeg.count + Int((Double(256 * 256 * 3) * (1 + grid.workingCopies)).rounded(.up))
        grid.memoryBudget = needed - 1
        XCTAssertThrowsError(try ImageDecoder.decode(jpeg, options: grid)) { error in
            guard case .overBudget(_, _, let what)? = (error as? DecodeError)?.reason else { return XCTFail("\(error)") }
            XCTAssertTrue(what.contains("256×256 pixels (with"), what)
        }
        grid.memoryBudget = DecodeOptions.defaultMemoryBudget
        XCTAssertEqual(try ImageDecoder.decode(jpeg, options: grid).width, 256)
    }
}
