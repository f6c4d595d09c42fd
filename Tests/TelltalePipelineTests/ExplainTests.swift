import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// `telltale explain`: tile placement, the heat-map, and a spliced image whose pasted
/// generated patch the heat-map finds.
final class ExplainTests: XCTestCase {
    func testTilePlacementWithStrideOnOddSizes() throws {
        // 101 × 67 at S = 32, stride 32: 3 × 2 tiles, the 96 × 64 block centred with floor offsets (2, 1).
        let side = ExplainGrid.tiles(side: 32, stride: 32, width: 101, height: 67)
        XCTAssertEqual(side.map { [$0.x, $0.y] }, [[2, 1], [34, 1], [66, 1], [2, 33], [34, 33], [66, 33]])
        XCTAssertTrue(side.allSatisfy { $0.width == 32 && $0.height == 32 })
        // At stride S they are the grid tiling's tiles.
        let grid = Tiling(area: .whole, maxTiles: 1024).tiles(side: 32, width: 101, height: 67)
        XCTAssertEqual(Set(side), Set(grid))
        // Stride 16: ⌊69/16⌋ + 1 = 5 columns, ⌊35/16⌋ + 1 = 3 rows; span 96 × 64, same offsets.
        let fine = ExplainGrid.tiles(side: 32, stride: 16, width: 101, height: 67)
        XCTAssertEqual(fine.count, 15)
        XCTAssertEqual(Set(fine.map(\.x)), [2, 18, 34, 50, 66])
        XCTAssertEqual(Set(fine.map(\.y)), [1, 17, 33])
        XCTAssertEqual(fine.first, PixelRegion(x: 2, y: 1, width: 32, height: 32))
        XCTAssertEqual(fine[1], PixelRegion(x: 18, y: 1, width: 32, height: 32))  // raster order
        // Stride 5 on 33 × 32: ⌊1/5⌋ + 1 = 1 column (the odd pixel after it), 1 row.
        XCTAssertEqual(ExplainGrid.tiles(side: 32, stride: 5, width: 33, height: 32), [PixelRegion(x: 0, y: 0, width: 32, height: 32)])
        XCTAssertEqual(ExplainGrid.tiles(side: 32, stride: 5, width: 31, height: 99), [])

        // The cap: the smallest larger stride that fits, never beyond S.
        XCTAssertEqual(ExplainGrid.stride(side: 32, requested: 16, width: 101, height: 67, maxTiles: 15), 16)
        XCTAssertEqual(ExplainGrid.stride(side: 32, requested: 1, width: 101, height: 67, maxTiles: 6), 24)
        XCTAssertNil(ExplainGrid.stride(side: 32, requested: 1, width: 101, height: 67, maxTiles: 5))

        // With a model: small images follow its small-image rule; too many tiles even at S is refused.
        let extractor = try FeatureExtractor(configuration: FeatureConfiguration(families: ["npr"], cropSize: 32))
        let small = try ExplainGrid.tiles(width: 20, height: 41, extractor: extractor, stride: 8, maxTiles: 10)
        XCTAssertEqual(small.tiles, [PixelRegion(x: 0, y: 10, width: 20, height: 20)])
        XCTAssertThrowsError(try ExplainGrid.tiles(width: 5, height: 41, extractor: extractor, stride: 8, maxTiles: 10))
        XCTAssertThrowsError(try ExplainGrid.tiles(width: 101, height: 67, extractor: extractor, stride: 8, maxTiles: 5)) {
            XCTAssertTrue("\($0)".contains("gives 6 tiles of 32² even at stride 32, more than --max-tiles 5"), "\($0)")
        }
    }

    func testHeatMapByHand() throws {
        // A 4 × 2 image, tiles A = [0,2) × [0,2) scoring 0.2 and B = [1,3) × [0,2) scoring 0.6.
        let tiles = [PixelRegion(x: 0, y: 0, width: 2, height: 2), PixelRegion(x: 1, y: 0, width: 2, height: 2)]
        let map = HeatMap(tiles: tiles, scores: [0.2, 0.6], imageWidth: 4, imageHeight: 2)
        XCTAssertEqual(map.width, 4)
        XCTAssertEqual(map.height, 2)
        for v in 0..<2 {
            XCTAssertEqual(try XCTUnwrap(map[0, v]), 0.2, accuracy: 1e-7)
            XCTAssertEqual(try XCTUnwrap(map[1, v]), 0.4, accuracy: 1e-7)  // both tiles: their mean
            XCTAssertEqual(try XCTUnwrap(map[2, v]), 0.6, accuracy: 1e-7)
            XCTAssertNil(map[3, v])                                         // no tile
        }
        // Halved: output pixel u samples source pixel 2u + 1.
        let half = HeatMap(tiles: tiles, scores: [0.2, 0.6], imageWidth: 4, imageHeight: 2, factor: 2)
        XCTAssertEqual(half.width, 2)
        XCTAssertEqual(half.height, 1)
        XCTAssertEqual(try XCTUnwrap(half[0, 0]), 0.4, accuracy: 1e-7)
        XCTAssertNil(half[1, 0])
        // The overlay over a grey 100 image: opacity 0.2 + 0.6·s of blue (s = 0) to red (s = 1); uncovered (Y + 128) / 2.
        let grey = Image(width: 4, height: 2, channels: 1, pixels: [UInt8](repeating: 100, count: 8))
        let overlay = map.overlay(on: grey)
        XCTAssertEqual(overlay.channels, 3)
        let a = 0.2 + 0.6 * 0.2 as Float
        XCTAssertEqual([overlay[0, 0, 0], overlay[0, 0, 1], overlay[0, 0, 2]],
                       [UInt8(((1 - a) * 100 + a * 51).rounded()), UInt8(((1 - a) * 100).rounded()),
                        UInt8(((1 - a) * 100 + a * 204).rounded())])
        XCTAssertEqual([overlay[3, 1, 0], overlay[3, 1, 1], overlay[3, 1, 2]], [114, 114, 114])
        // Overlapping tiles on an odd size, full and at factor 3, against the definition pixel by pixel.
        let many = ExplainGrid.tiles(side: 7, stride: 3, width: 23, height: 17)
        let scores = many.indices.map { Double(($0 * 37) % 11) / 10 }
        for factor in [1, 3] {
            let map = HeatMap(tiles: many, scores: scores, imageWidth: 23, imageHeight: 17, factor: factor)
            XCTAssertEqual([map.width, map.height], [(23 + factor - 1) / factor, (17 + factor - 1) / factor])
            for v in 0..<map.height {
                for u in 0..<map.width {
                    let x = min(u * factor + factor / 2, 22), y = min(v * factor + factor / 2, 16)
                    let covering = zip(many, scores).filter { $0.0.x <= x && x < $0.0.x + 7 && $0.0.y <= y && y < $0.0.y + 7 }.map(\.1)
                    if covering.isEmpty {
                        XCTAssertNil(map[u, v], "\(u), \(v)")
                    } else {
                        XCTAssertEqual(Double(try XCTUnwrap(map[u, v])), covering.reduce(0, +) / Double(covering.count), accuracy: 1e-6)
                    }
                }
            }
        }
        XCTAssertEqual(HeatMap.factor(width: 1024, height: 10), 1)
        XCTAssertEqual(HeatMap.factor(width: 1025, height: 10), 2)
        XCTAssertEqual(HeatMap.factor(width: 300, height: 4000), 4)
    }

    /// Real and "generated" PNGs of `side` pixels (the generated ones carry the 2-pixel grid),
    /// both lossless so the model can only learn the grid.
    private func pngSet(_ tmp: TemporaryDirectory, perClass: Int = 12, side: Int = 32) throws -> String {
        for (fake, folder) in [(false, "real"), (true, "fake")] {
            for i in 0..<perClass {
                let image = SyntheticImages.labelled(side: side, fake: fake, seed: UInt64(i + 1 + (fake ? 500 : 0)))
                try tmp.write("set/\(folder)/img_\(i).png", bytes: try ImageEncoder.png(image))
            }
        }
        return tmp.path("set")
    }

    /// A "photograph" (192², no grid) with a generated 64² patch pasted at (112, 16), off-centre.
    private func splicedImage() -> (image: Image, patch: PixelRegion) {
        var photo = SyntheticImages.labelled(side: 192, fake: false, seed: 4242)
        let patch = SyntheticImages.labelled(side: 64, fake: true, seed: 4343)
        let region = PixelRegion(x: 112, y: 16, width: 64, height: 64)
        for y in 0..<64 {
            for x in 0..<64 {
                for c in 0..<3 { photo.pixels[((region.y + y) * 192 + region.x + x) * 3 + c] = patch[x, y, c] }
            }
        }
        return (photo, region)
    }

    private static func overlap(_ a: PixelRegion, _ b: PixelRegion) -> Int {
        max(0, min(a.x + a.width, b.x + b.width) - max(a.x, b.x)) * max(0, min(a.y + a.height, b.y + b.height) - max(a.y, b.y))
    }

    func testSplicedPatchIsWhereTheHighestTilesAre() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try Pipeline.train([try pngSet(tmp)], families: ["npr"], size: 32, to: tmp.path("model.json"))
        let (image, patch) = splicedImage()
        let spliced = try tmp.write("in/spliced.png", bytes: try ImageEncoder.png(image))
        let out = tmp.path("out")
        let reporter = RecordingReporter()
        let summary = try ExplainRun(modelPath: model, outputDirectory: out, stride: 16, workers: 2)
            .run(inputs: [tmp.path("in")], reporter: reporter)
        XCTAssertTrue(summary.failed.isEmpty, reporter.text)
        XCTAssertEqual(summary.explained.count, 1)
        // The run wrote what the library computes.
        let explanation = try Explanation.explain(path: spliced, detector: try Detector(modelPath: model), stride: 16,
                                                  maxTiles: ExplainGrid.defaultMaxTiles, memoryBudget: DecodeOptions.defaultMemoryBudget)
        XCTAssertEqual(summary.explained[0].score, explanation.score)
        XCTAssertEqual(summary.explained[0].top, explanation.topTiles(1).first)
        XCTAssertEqual(explanation.stride, 16)
        XCTAssertEqual(explanation.tiles.count, 11 * 11)

        // The highest tiles lie on the pasted patch: each of the top 4 mostly inside it, and
        // the 9 tiles wholly inside it score above every tile that does not touch it.
        let top = explanation.topTiles(4)
        for tile in top {
            let box = PixelRegion(x: tile.x, y: tile.y, width: tile.width, height: tile.height)
            XCTAssertGreaterThanOrEqual(Self.overlap(box, patch) * 2, 32 * 32, "\(tile)")
        }
        let boxes = explanation.tiles.map { (PixelRegion(x: $0.x, y: $0.y, width: $0.width, height: $0.height), $0.score) }
        let inside = boxes.filter { Self.overlap($0.0, patch) == 32 * 32 }.map(\.1)
        let outside = boxes.filter { Self.overlap($0.0, patch) == 0 }.map(\.1)
        XCTAssertEqual(inside.count, 9)
        XCTAssertGreaterThan(try XCTUnwrap(inside.min()), try XCTUnwrap(outside.max()))
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(inside.min()), explanation.threshold)
        XCTAssertLessThan(try XCTUnwrap(outside.max()), explanation.threshold)
        // The hottest pixel of the map is in the patch.
        let hottest = try XCTUnwrap(explanation.heatMap.values.indices.max { explanation.heatMap.values[$0] < explanation.heatMap.values[$1] })
        XCTAssertTrue(patch.x..<(patch.x + patch.width) ~= hottest % 192 && patch.y..<(patch.y + patch.height) ~= hottest / 192)

        // The image's score is what `score` gives.
        let scored = try Pipeline.score(model, [spliced]).stdout
        XCTAssertTrue(scored.contains(String(format: ",%.6f,", explanation.score)), scored)

        // The PNG decodes at the image's size (no downscaling under 1024 px); the JSON round-trips.
        let png = try ImageDecoder.decode(file: out + "/spliced.png.heatmap.png")
        XCTAssertEqual([png.width, png.height, png.channels], [192, 192, 3])
        XCTAssertEqual(png, explanation.overlay)
        let json = try read(out + "/spliced.png.tiles.json")
        let document = try JSONDecoder().decode(Explanation.Document.self, from: json)
        XCTAssertEqual(document, explanation.document(model: model, modelSHA256: try Digest.sha256(fileAt: model),
                                                      heatMapName: "spliced.png.heatmap.png"))
        XCTAssertEqual(try CanonicalJSON.encode(document), json)
        XCTAssertEqual(document.sha256, try Digest.sha256(fileAt: spliced))
        XCTAssertEqual(document.tileSize, 32)
        XCTAssertEqual(document.stride, 16)
        XCTAssertEqual(document.tiles.count, 121)
    }

    func testOneTileScoresAsTheImageForCentreMeanStdAndNeutralisedModels() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try pngSet(tmp, perClass: 6)
        var configuration = FeatureConfiguration(families: ["npr"], cropSize: 32)
        configuration.tiling = Tiling(aggregation: .meanStd)
        let table = try TrainingInput.load([set], split: nil, configuration: configuration, augmentation: nil, workers: 2,
                                           memoryBudget: nil, label: "train", reporter: SilentReporter())
        let tiled = tmp.path("tiled.json")
        try Trainer(table: table, settings: TrainingSettings(cv: 0)).fit().file.write(to: tiled)
        let centre = try Pipeline.train([set], to: tmp.path("centre.json"))
        var neutralising = FeatureConfiguration(families: ["npr"], cropSize: 32)
        neutralising.neutralisation = Neutralisation(cropSize: 32, jpegQuality: 90)
        let neutralised = tmp.path("neutralised.json")
        try Trainer(table: try TrainingInput.load([set], split: nil, configuration: neutralising, augmentation: nil, workers: 2,
                                                  memoryBudget: nil, label: "train", reporter: SilentReporter()),
                    settings: TrainingSettings(cv: 0)).fit().file.write(to: neutralised)
        // An image of exactly one tile: its tile's score is the image's (std columns 0 = one tile's;
        // the neutralisation applied to the tile as to the image).
        let one = try tmp.write("one/fake.png", bytes: try ImageEncoder.png(SyntheticImages.labelled(side: 32, fake: true, seed: 77)))
        for model in [centre, tiled, neutralised] {
            let e = try Explanation.explain(path: one, detector: try Detector(modelPath: model), stride: nil, maxTiles: 16,
                                            memoryBudget: DecodeOptions.defaultMemoryBudget)
            XCTAssertEqual(e.tiles.count, 1)
            XCTAssertEqual(e.tiles[0].score, e.score, accuracy: 1e-12, model)
        }
    }

    func testNamesAreUniqueAndFailuresDoNotEndTheBatch() throws {
        XCTAssertEqual(ExplainRun.names(["a/x.png", "b/y.png"]), ["x.png", "y.png"])
        let shared = ExplainRun.names(["a/x.png", "b/x.png", "c/z.jpg"])
        XCTAssertEqual(Set(shared).count, 3)
        XCTAssertEqual(shared[2], "z.jpg")
        XCTAssertEqual(shared[0], "x.png-" + Digest.sha256("a/x.png").prefix(8))

        let tmp = try makeTemporaryDirectory()
        let model = try Pipeline.train([try pngSet(tmp, perClass: 4)], to: tmp.path("model.json"))
        let image = try ImageEncoder.png(SyntheticImages.labelled(side: 40, fake: false, seed: 3))
        try tmp.write("in/a/x.png", bytes: image)
        try tmp.write("in/b/x.png", bytes: image)
        try tmp.write("in/broken.png", bytes: Array(image.prefix(40)))
        try tmp.write("in/tiny.png", bytes: try ImageEncoder.png(SyntheticImages.labelled(side: 4, fake: false, seed: 3)))
        let reporter = RecordingReporter()
        let summary = try ExplainRun(modelPath: model, outputDirectory: tmp.path("out"), workers: 2)
            .run(inputs: [tmp.path("in")], reporter: reporter)
        XCTAssertEqual(summary.explained.count, 2)
        XCTAssertEqual(Set(summary.failed.map { ($0.path as NSString).lastPathComponent }), ["broken.png", "tiny.png"])
        XCTAssertTrue(summary.anyFailed)
        XCTAssertEqual(reporter.failures.count, 2)
        let written = try FileManager.default.contentsOfDirectory(atPath: tmp.path("out")).sorted()
        XCTAssertEqual(written.count, 4, "\(written)")
        XCTAssertEqual(Set(summary.explained.map(\.heatMap)).count, 2)

        // Over the memory budget: a failure of that file, before its pixels are allocated.
        let budget = try ExplainRun(modelPath: model, outputDirectory: tmp.path("out2"), workers: 1, memoryBudget: 4096)
            .run(inputs: [tmp.path("in/a/x.png")], reporter: SilentReporter())
        XCTAssertEqual(budget.failed.count, 1)
        XCTAssertTrue(budget.failed[0].reason.contains("budget"), budget.failed[0].reason)

        // Settings the model cannot take are refused before any work.
        for (stride, maxTiles, text) in [(33, 16, "--stride 33: must be between 1 and the model's tile size 32"),
                                         (0, 16, "--stride 0"), (8, 0, "--max-tiles 0")] {
            XCTAssertThrowsError(try ExplainRun(modelPath: model, outputDirectory: tmp.path("never"), stride: stride, maxTiles: maxTiles)
                .run(inputs: [tmp.path("in")], reporter: SilentReporter())) { XCTAssertTrue("\($0)".contains(text), "\($0)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path("never")))
    }

    func testScoreHeatmapsWritesWhatExplainWritesAndLeavesTheRowsAlone() throws {
        let (tmp, model, tree) = try scoringFixture()
        let plain = try Pipeline.score(model, [tree]).stdout
        let run = ScoreRun(modelPath: model, output: nil, format: nil, shard: .whole, resume: false, overwrite: false,
                           batchSize: 3, workers: 2, memoryBudget: DecodeOptions.defaultMemoryBudget, heatmaps: tmp.path("maps"))
        let stdout = OutputBuffer()
        let reporter = RecordingReporter()
        let summary = try run.run(inputs: { try ScoreInputs(arguments: [tree], pathsFrom: []) { Data() } },
                                  reporter: reporter, standardOutput: stdout.append)
        XCTAssertEqual(stdout.text, plain)
        XCTAssertEqual(summary.heatmapFailures, 0, reporter.text)
        let explained = try ExplainRun(modelPath: model, outputDirectory: tmp.path("explained"), workers: 2)
            .run(inputs: [tree], reporter: SilentReporter())
        let maps = try FileManager.default.contentsOfDirectory(atPath: tmp.path("maps")).sorted()
        XCTAssertEqual(maps.count, 2 * (summary.rows - summary.failed))
        XCTAssertEqual(maps, try FileManager.default.contentsOfDirectory(atPath: tmp.path("explained")).sorted())
        XCTAssertEqual(explained.explained.count, summary.rows - summary.failed)
        for name in maps { XCTAssertEqual(try read(tmp.path("maps/" + name)), try read(tmp.path("explained/" + name)), name) }
    }
}
