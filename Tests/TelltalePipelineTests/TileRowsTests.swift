import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltaleLearning
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// Tile-level training (issue 12, 2(b), `--tile-rows`): one feature row per tile, models that
/// score an image by combining its tiles' log-odds, evaluated per image.
final class TileRowsTests: XCTestCase {
    /// 64² real and generated PNGs: four 32² tiles each.
    private func pngSet(_ tmp: TemporaryDirectory, perClass: Int = 8) throws -> [LabelledImage] {
        var items: [LabelledImage] = []
        for (fake, folder) in [(false, "real"), (true, "fake")] {
            for i in 0..<perClass {
                let image = SyntheticImages.labelled(side: 64, fake: fake, seed: UInt64(i + 1 + (fake ? 900 : 0)))
                items.append(LabelledImage(path: try tmp.write("set/\(folder)/img_\(i).png", bytes: try ImageEncoder.png(image)),
                                           label: fake ? .fake : .real))
            }
        }
        return items
    }

    private func configuration(_ aggregation: Tiling.Aggregation?) -> FeatureConfiguration {
        var c = FeatureConfiguration(families: ["npr", "spectrum"], cropSize: 32)
        c.tiling = aggregation.map { Tiling(aggregation: $0) }
        return c
    }

    func testExtractWritesTileRowsThatRoundTrip() throws {
        let tmp = try makeTemporaryDirectory()
        let items = Array(try pngSet(tmp, perClass: 2))
        let extractor = try FeatureExtractor(configuration: configuration(.tileRows))
        let summary = try FeatureFileExtraction.write(items: items, extractor: extractor, workers: 2,
                                                      memoryBudget: DecodeOptions.defaultMemoryBudget, skipped: FileWalk.Report(),
                                                      to: tmp.path("tiles"), label: "extract", reporter: SilentReporter())
        XCTAssertEqual(summary.rows, 4)
        XCTAssertEqual(summary.tileRows, 16)
        let file = try FeatureFile.read(from: tmp.path("tiles"))
        XCTAssertEqual(file.matrix.rows, 16)
        XCTAssertEqual(file.featureNames, try FeatureExtractor(configuration: configuration(.mean)).featureNames)
        let boxes = try extractor.tiles(width: 64, height: 64)
        XCTAssertEqual(boxes.count, 4)
        let centre = try FeatureExtractor(configuration: configuration(nil))
        let mean = try FeatureExtractor(configuration: configuration(.mean))
        for (i, item) in items.enumerated() {
            let rows = Array(file.rows.indices.filter { file.rows[$0].image == i })
            XCTAssertEqual(rows, Array((4 * i)..<(4 * i + 4)))
            let image = try ImageDecoder.decode(try ImageDecoder.readFile(item.path, budget: DecodeOptions.defaultMemoryBudget),
                                                path: item.path)
            var sums = [Double](repeating: 0, count: file.matrix.cols)
            for (k, r) in rows.enumerated() {
                let row = file.rows[r]
                XCTAssertEqual(row.path, item.path)
                XCTAssertEqual(row.label, item.label)
                XCTAssertEqual(row.tile, TileBox(index: k, x: boxes[k].x, y: boxes[k].y, width: 32, height: 32))
                // Each tile row is the centre crop's vector of that tile, bit for bit.
                let expected = try centre.extract(image.cropped(to: boxes[k]))
                XCTAssertEqual(file.matrix.row(r).map(\.bitPattern), expected.map(\.bitPattern))
                for c in sums.indices { sums[c] += Double(file.matrix.row(r)[c]) }
            }
            // Their mean is the grid tiling's row.
            XCTAssertEqual(sums.map { Float($0 / 4) }.map(\.bitPattern), try mean.extract(image).map(\.bitPattern))
        }
        // The sidecar reads back and writes the same bytes.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tmp.path("tiles.json")))
        XCTAssertEqual(try CanonicalJSON.encode(file.sidecar), bytes)
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains("\"tile\" : {\n        \"height\" : 32,\n        \"index\" : 0,"))
        // The CSV names each row's image and tile.
        let csv = file.csv().split(separator: "\n").map(String.init)
        XCTAssertTrue(csv[0].hasPrefix("path,label,group,image,tile,x,y,width,height,"), csv[0])
        XCTAssertTrue(csv[2].hasPrefix("\(items[0].path),0,,0,1,\(boxes[1].x),\(boxes[1].y),32,32,"), csv[2])
        // A whole-image row writes neither field.
        let plain = String(decoding: try CanonicalJSON.encode(FeatureRow(path: "a.png", sha256: "00", label: .real)), as: UTF8.self)
        XCTAssertFalse(plain.contains("image") || plain.contains("tile"), plain)
    }

    func testModelOnTileRowsScoresImagesByItsRule() throws {
        let tmp = try makeTemporaryDirectory()
        let items = try pngSet(tmp)
        let extractor = try FeatureExtractor(configuration: configuration(.tileRows))
        let table = try FeatureFile.extract(items: items, extractor: extractor, transform: .none, workers: 2,
                                            memoryBudget: DecodeOptions.defaultMemoryBudget, label: "train", reporter: SilentReporter())
        XCTAssertEqual(table.rows.count, 4 * items.count)
        for rule in [TileScore.meanLogit, .max, .quantile(0.75)] {
            var settings = TrainingSettings(cs: [0.1, 1], cv: 3)
            settings.tileScore = rule
            let model = try Trainer(table: table, settings: settings).fit(targetFPR: 0.25).file
            XCTAssertEqual(model.tileScore, rule)
            XCTAssertTrue(model.crossValidation?.scoredOn?.contains(rule.name) == true)
            XCTAssertTrue(model.threshold.method.contains("of images"), model.threshold.method)
            XCTAssertEqual(try ModelFile.decode(try model.encoded()), model)  // round-trips with its rule
            let detector = try Detector(model: model, source: "model")
            let images = try detector.features(of: .images(items), transform: .none, workers: 2, memoryBudget: nil,
                                               label: "evaluate", reporter: SilentReporter())
            XCTAssertEqual(images.rows.map(\.path), items.map(\.path))
            XCTAssertTrue(images.rows.allSatisfy { $0.tile == nil && $0.image == nil })
            let scores = try detector.scores(images, source: "images")
            // By hand: every tile's log-odds, the rule over each image's four, the sigmoid.
            let z = try model.decisionFunction(table.matrix)
            for (i, score) in scores.enumerated() {
                let mine = table.rows.indices.filter { table.rows[$0].path == items[i].path }.map { z[$0] }
                XCTAssertEqual(mine.count, 4)
                XCTAssertEqual(score, TileScore.sigmoid(rule.combine(mine)), accuracy: 1e-6)
            }
            // `score` and `explain`'s path gives the same numbers exactly.
            let vectors = (0..<items.count).map { i in (0..<4).map { table.matrix.row(4 * i + $0) } }
            XCTAssertEqual(try detector.imageProbabilities(vectors), scores)
            let e = try Explanation.explain(path: items[0].path, detector: detector, stride: nil, maxTiles: 16,
                                            memoryBudget: DecodeOptions.defaultMemoryBudget)
            XCTAssertEqual(e.score, scores[0])
            if rule == .max { XCTAssertEqual(e.tiles.map(\.score).max()!, e.score, accuracy: 1e-6) }
            // Evaluation is per image.
            let result = try EvaluationRun(detector: detector, datasets: [tmp.path("set")], bootstrap: 0, workers: 2,
                                           reporter: SilentReporter()).run(title: "tiles")
            XCTAssertEqual(result.items.count, items.count)
        }
    }

    func testRefusals() throws {
        let tmp = try makeTemporaryDirectory()
        let items = try pngSet(tmp, perClass: 4)
        let whole = try FeatureFile.extract(items: items, extractor: try FeatureExtractor(configuration: configuration(.mean)),
                                            transform: .none, workers: 2, memoryBudget: DecodeOptions.defaultMemoryBudget,
                                            label: "train", reporter: SilentReporter())
        var settings = TrainingSettings(cv: 2)
        settings.tileScore = .max
        XCTAssertThrowsError(try Trainer(table: whole, settings: settings).fit()) { error in
            XCTAssertTrue("\(error)".contains("needs tile rows"), "\(error)")
        }
        // A model on whole-image rows writes neither new field (its bytes as before).
        let plain = try Trainer(table: whole, settings: TrainingSettings(cv: 2)).fit().file
        XCTAssertNil(plain.tileScore)
        let text = String(decoding: try plain.encoded(), as: UTF8.self)
        XCTAssertFalse(text.contains("tileScore") || text.contains("scoredOn"), text)
        XCTAssertThrowsError(try Tiling.from(mode: .grid, maxTiles: nil, minTiles: nil, std: true, rows: true))
        XCTAssertThrowsError(try Tiling.from(mode: .centre, maxTiles: nil, minTiles: nil, std: false, rows: true))
        XCTAssertEqual(try Tiling.from(mode: .grid, maxTiles: nil, minTiles: nil, std: false, rows: true)?.aggregation, .tileRows)
    }
}
