import Foundation
import TelltaleDatasets
import TelltaleEvaluation
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
    private func pngSet(_ tmp: TemporaryDirectory, perClass: Int = 8, name: String = "set", seeds: UInt64 = 0) throws
        -> [LabelledImage] {
        var items: [LabelledImage] = []
        for (fake, folder) in [(false, "real"), (true, "fake")] {
            for i in 0..<perClass {
                let image = SyntheticImages.labelled(side: 64, fake: fake, seed: seeds + UInt64(i + 1 + (fake ? 900 : 0)))
                items.append(LabelledImage(path: try tmp.write("\(name)/\(folder)/img_\(i).png", bytes: try ImageEncoder.png(image)),
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

    /// `calibrate` on a tile-row model fits the calibration on image scores — each validation
    /// image's tile log-odds combined by the model's rule — never on tile scores.
    func testCalibrateFitsATileRowModelOnImageScores() throws {
        let tmp = try makeTemporaryDirectory()
        let extractor = try FeatureExtractor(configuration: configuration(.tileRows))
        func tileRows(_ items: [LabelledImage]) throws -> FeatureFile {
            try FeatureFile.extract(items: items, extractor: extractor, transform: .none, workers: 2,
                                    memoryBudget: DecodeOptions.defaultMemoryBudget, label: "tiles", reporter: SilentReporter())
        }
        var settings = TrainingSettings(cs: [1], cv: 0)
        settings.tileScore = .max
        let model = try Trainer(table: try tileRows(try pngSet(tmp)), settings: settings).fit().file
        try model.write(to: tmp.path("model.json"))
        let validation = try pngSet(tmp, perClass: 10, name: "validation", seeds: 40)
        for method in [CalibrationSettings.Method.platt, .isotonic] {
            let output = tmp.path("calibrated-\(method.rawValue).json")
            let result = try CalibrationRun(modelPath: tmp.path("model.json"), validation: [tmp.path("validation")],
                                            settings: CalibrationSettings(method: method, targetFPR: 0.2), output: output,
                                            workers: 2, reporter: SilentReporter()).run()
            let calibration = try XCTUnwrap(result.model.calibration)
            XCTAssertEqual(calibration.validation.rows, 20)  // images, not their 80 tiles
            XCTAssertEqual(calibration.validation.realCount, 10)
            XCTAssertEqual(result.model.tileScore, .max)
            // By hand: each image's largest tile log-odds (a Float, as the Detector's per-image
            // table holds it), the calibration fitted on those, in any order.
            let tiles = try tileRows(validation)
            XCTAssertEqual(tiles.rows.count, 80)
            let z = try model.decisionFunction(tiles.matrix)
            let imageZ = validation.map { item in
                Double(Float(TileScore.max.combine(tiles.rows.indices.filter { tiles.rows[$0].path == item.path }.map { z[$0] })))
            }
            let labels = validation.map { $0.label == .fake ? 1 : 0 }
            let expected = calibration.calibrator.transform(imageZ)
            let detector = try Detector(modelPath: output)
            let table = try detector.features(of: .images(validation), transform: .none, workers: 2, memoryBudget: nil,
                                              label: "evaluate", reporter: SilentReporter())
            XCTAssertEqual(table.rows.map(\.path), validation.map(\.path))
            let scores = try detector.scores(table, source: "validation")
            for (score, e) in zip(scores, expected) { XCTAssertEqual(score, e, accuracy: 1e-12) }
            if method == .platt {
                let byHand = try PlattScaling().fit(scores: imageZ, labels: labels)
                guard case .platt(let fitted) = calibration.calibrator else { return XCTFail("not Platt: \(calibration.calibrator)") }
                XCTAssertEqual(fitted.a, byHand.a, accuracy: 1e-9)
                XCTAssertEqual(fitted.b, byHand.b, accuracy: 1e-9)
                // Fitted on the tiles (each with its image's label) it would differ.
                let tileLabels = tiles.rows.map { $0.label == .fake ? 1 : 0 }
                let onTiles = try PlattScaling().fit(scores: z, labels: tileLabels)
                XCTAssertGreaterThan(abs(onTiles.a - byHand.a) + abs(onTiles.b - byHand.b), 1e-6)
            }
            // The threshold was chosen on the calibrated image scores.
            let data = try LabelledScores(labels: labels, scores: expected)
            XCTAssertLessThanOrEqual(data.metrics(atThreshold: result.model.threshold.value).falsePositiveRate, 0.2)
        }
    }
}
