import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltalePipeline
import TelltaleTestSupport
import XCTest

/// The streaming extraction with a tiled configuration: region decode, failure rows, transforms.
final class TiledExtractionTests: XCTestCase {
    private func extractor(_ tiling: Tiling?, families: [String] = ["spectrum", "npr"]) throws -> FeatureExtractor {
        var c = FeatureConfiguration(families: families, cropSize: 64)
        c.tiling = tiling
        return try FeatureExtractor(configuration: c)
    }

    private func vector(_ outcome: FeatureExtraction.Outcome, file: StaticString = #filePath, line: UInt = #line) throws -> [Float] {
        switch outcome.features {
        case .success(let v): return v
        case .failure(let f): XCTFail(f.reason, file: file, line: line); return []
        }
    }

    /// The row of a file is the aggregate over the tiles of its decoded rectangle — the same
    /// numbers as the tiles of the whole decoded image.
    func testTiledRowMatchesTheWholeImagesTiles() throws {
        let tmp = try makeTemporaryDirectory()
        let image = SyntheticImages.pattern(width: 333, height: 201, channels: 3, seed: 8)
        let path = try tmp.write("a.png", bytes: try ImageEncoder.png(image))
        let tiled = try extractor(Tiling(maxTiles: 7, aggregation: .meanStd))
        let outcome = FeatureExtraction.process([LabelledImage(path: path, label: .real)], extractor: tiled, transform: .none,
                                                memoryBudget: DecodeOptions.defaultMemoryBudget)[0]
        let expected = try tiled.extract(image)
        XCTAssertEqual(try vector(outcome).map(\.bitPattern), expected.map(\.bitPattern))
        XCTAssertEqual(expected.count, tiled.featureNames.count)
    }

    /// One tile through the pipeline: the centre mode's row, bit for bit.
    func testOneTileRowIsTheCentreRow() throws {
        let tmp = try makeTemporaryDirectory()
        let items = try [(120, 90), (64, 127), (40, 50)].enumerated().map { i, size in
            LabelledImage(path: try tmp.write("\(i).png", bytes: try ImageEncoder.png(
                SyntheticImages.noise(width: size.0, height: size.1, seed: UInt64(i)))), label: .fake)
        }
        let centre = FeatureExtraction.process(items, extractor: try extractor(nil), transform: .none,
                                               memoryBudget: DecodeOptions.defaultMemoryBudget)
        for tiling in [Tiling(area: .whole), Tiling(area: .square)] {
            let tiled = FeatureExtraction.process(items, extractor: try extractor(tiling), transform: .none,
                                                  memoryBudget: DecodeOptions.defaultMemoryBudget)
            for (a, b) in zip(centre, tiled) {
                XCTAssertEqual(try vector(a).map(\.bitPattern), try vector(b).map(\.bitPattern), "\(a.item.path)")
                XCTAssertEqual(a.sha256, b.sha256)
            }
        }
    }

    func testTooFewTilesAndOverBudgetAreFailureRows() throws {
        let tmp = try makeTemporaryDirectory()
        let small = try tmp.write("small.png", bytes: try ImageEncoder.png(SyntheticImages.noise(width: 100, height: 100, seed: 1)))
        let large = try tmp.write("large.png", bytes: try ImageEncoder.png(SyntheticImages.noise(width: 260, height: 260, seed: 2)))
        let items = [LabelledImage(path: small, label: .real), LabelledImage(path: large, label: .real)]
        let outcomes = FeatureExtraction.process(items, extractor: try extractor(Tiling(minTiles: 4)), transform: .none,
                                                 memoryBudget: DecodeOptions.defaultMemoryBudget)
        guard case .failure(let failure) = outcomes[0].features else { return XCTFail("small image accepted") }
        XCTAssertEqual(failure.reason, "image 100×100 gives 1 tile, fewer than the minimum 4")
        XCTAssertFalse(outcomes[0].sha256.isEmpty)
        XCTAssertEqual(try vector(outcomes[1]).count, try extractor(nil).featureNames.count)
        // 32 × 32 tiles' 2048² rectangle (12 MiB of pixels) does not fit a budget of 4 MiB,
        // which the centre crop's decode of the same (small) file fits.
        let big = try tmp.write("big.png", bytes: try ImageEncoder.png(SyntheticImages.constant(side: 2050, value: 90, channels: 3)))
        let budget = 4 << 20
        let centre = FeatureExtraction.process([LabelledImage(path: big, label: .real)], extractor: try extractor(nil),
                                               transform: .none, memoryBudget: budget)
        if case .failure(let f) = centre[0].features { XCTFail(f.reason) }
        let grid = FeatureExtraction.process([LabelledImage(path: big, label: .real)], extractor: try extractor(Tiling(maxTiles: 1024)),
                                             transform: .none, memoryBudget: budget)
        guard case .failure(let over) = grid[0].features else { return XCTFail("over budget accepted") }
        XCTAssertTrue(over.reason.contains("2048×2048"), over.reason)
    }

    /// A feature file of tiles with std columns: the sidecar's names and the report's mean
    /// spectra (the mean columns only).
    func testFeatureFileOfTilesAndItsMeanSpectra() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 3, side: 130)
        let items = try DatasetLoader.load(root).items
        let tiled = try extractor(Tiling(aggregation: .meanStd), families: ["spectrum"])
        let file = try FeatureFile.extract(items: items, extractor: tiled, transform: .none, workers: 2,
                                           memoryBudget: DecodeOptions.defaultMemoryBudget, label: "tiles",
                                           reporter: RecordingReporter())
        XCTAssertEqual(file.featureNames, tiled.featureNames)
        XCTAssertEqual(file.matrix.rows, 6)
        let spectra = try XCTUnwrap(ReportFiles.meanSpectra(file))
        XCTAssertEqual(spectra.real.count, tiled.configuration.spectrum.bins)
    }

    /// A transform applies to the whole image before it is tiled (no centre-only blur).
    func testTransformAppliesToTheWholeImage() throws {
        let tmp = try makeTemporaryDirectory()
        let image = SyntheticImages.pattern(width: 200, height: 140, channels: 3, seed: 5)
        let path = try tmp.write("b.png", bytes: try ImageEncoder.png(image))
        let tiled = try extractor(Tiling())
        let blur = ImageTransform(perturbation: .blur(sigma: 1))
        let outcome = FeatureExtraction.process([LabelledImage(path: path, label: .real)], extractor: tiled, transform: blur,
                                                memoryBudget: DecodeOptions.defaultMemoryBudget)[0]
        let expected = try tiled.extract(try image.perturbed(by: .blur(sigma: 1)))
        XCTAssertEqual(try vector(outcome), expected)
        XCTAssertNotEqual(expected, try tiled.extract(image))
    }

    /// A neutralised tiled configuration: the centre square of side N is cropped, re-encoded as
    /// JPEG and decoded, and the tiles are laid on it — the numbers of doing that by hand, bit
    /// for bit; tile rows carry their boxes in the original image's pixels.
    func testNeutralisedTilesAreLaidOnTheReencodedSquare() throws {
        let tmp = try makeTemporaryDirectory()
        let image = SyntheticImages.pattern(width: 250, height: 170, channels: 3, seed: 11)
        let path = try tmp.write("n.png", bytes: try ImageEncoder.png(image))
        let item = LabelledImage(path: path, label: .fake)
        for aggregation in [Tiling.Aggregation.mean, .tileRows] {
            var c = FeatureConfiguration(families: ["spectrum", "residual"], cropSize: 64)
            c.tiling = Tiling(aggregation: aggregation)
            c.neutralisation = Neutralisation(cropSize: 128, jpegQuality: 85)
            try c.validate()
            let tiled = try FeatureExtractor(configuration: c)
            let outcome = FeatureExtraction(extractor: tiled)
            let result = FeatureExtraction.process([item], extractor: tiled, transform: outcome.transform,
                                                   memoryBudget: DecodeOptions.defaultMemoryBudget)[0]
            // By hand: the 128² centre square at (61, 21), re-encoded at q85 4:2:0, its 2 × 2 tiles.
            let square = image.cropped(to: PixelRegion(x: 61, y: 21, width: 128, height: 128))
            let neutral = try ImageDecoder.decode(try ImageEncoder.jpeg(square, quality: 85, subsampling: .s420))
            let tiles = try tiled.tiles(width: 128, height: 128)
            XCTAssertEqual(tiles.count, 4)
            if aggregation == .tileRows {
                XCTAssertEqual(try vector(result).map(\.bitPattern),
                               tiled.extractTiles(neutral, tiles: tiles).flatMap { $0 }.map(\.bitPattern))
                XCTAssertEqual(result.tiles, tiles.map { PixelRegion(x: $0.x + 61, y: $0.y + 21, width: 64, height: 64) })
                XCTAssertEqual(Set(tiles.map { [$0.x, $0.y] }), [[0, 0], [64, 0], [0, 64], [64, 64]])
            } else {
                XCTAssertEqual(try vector(result).map(\.bitPattern), try tiled.extract(neutral).map(\.bitPattern))
                XCTAssertNotEqual(try vector(result), try tiled.extract(image))
            }
        }
        // The rules: the square must exceed S with a tiling, and be S without one.
        var c = FeatureConfiguration(families: ["spectrum"], cropSize: 64)
        c.tiling = Tiling()
        c.neutralisation = Neutralisation(cropSize: 64, jpegQuality: 90)
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("must exceed the crop size (64)"), "\($0)") }
        c.tiling = nil
        c.neutralisation = Neutralisation(cropSize: 128, jpegQuality: 90)
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("must be the crop size (64)"), "\($0)") }
    }
}
