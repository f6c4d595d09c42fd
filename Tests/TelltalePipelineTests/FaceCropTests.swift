import Foundation
import TelltaleDatasets
import TelltaleFaces
import TelltaleFeatures
import TelltaleImaging
import TelltaleLearning
@testable import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// The face crop (issue 13, `--crop face`): where the region lies, which faces are judged,
/// the rows they give, and images scored by their highest face.
final class FaceCropTests: XCTestCase {
    private static let families = ["spectrum", "residual"]

    private func configuration(_ crop: FaceCrop? = FaceCrop()) -> FeatureConfiguration {
        var c = FeatureConfiguration(families: Self.families)
        c.faces = crop
        c.tiling = crop == nil ? nil : Tiling()
        return c
    }

    private func bundled(_ cls: String) throws -> [String] {
        try RepositoryFiles.files(in: "datasets/sample/stylegan2-ffhq/\(cls)")
    }

    /// `image` pasted into a `width × height` canvas of smooth noise at (`x`, `y`).
    private func canvas(width: Int, height: Int, pasting images: [(Image, Int, Int)]) -> Image {
        var canvas = SyntheticImages.pattern(width: width, height: height, channels: 3, seed: 3)
        for (image, x0, y0) in images {
            for y in 0..<image.height {
                for x in 0..<image.width {
                    for c in 0..<3 { canvas.pixels[((y0 + y) * width + x0 + x) * 3 + c] = image[x, y, c] }
                }
            }
        }
        return canvas
    }

    func testRegionTilesAndOrderByHand() throws {
        let crop = FaceCrop(margin: 1.3, maxFaces: 2)
        // A 200² box at (100, 50): side round(260), centre (200, 150), corner (70, 20).
        XCTAssertEqual(crop.region(of: PixelRegion(x: 100, y: 50, width: 200, height: 200), width: 1000, height: 1000),
                       PixelRegion(x: 70, y: 20, width: 260, height: 260))
        // Clipped at the image's edges: a rectangle.
        XCTAssertEqual(crop.region(of: PixelRegion(x: 100, y: 50, width: 200, height: 200), width: 300, height: 250),
                       PixelRegion(x: 70, y: 20, width: 230, height: 230))
        XCTAssertEqual(crop.region(of: PixelRegion(x: -50, y: -40, width: 100, height: 100), width: 300, height: 250),
                       PixelRegion(x: 0, y: 0, width: 65, height: 75))
        XCTAssertNil(crop.region(of: PixelRegion(x: 400, y: 400, width: 50, height: 50), width: 300, height: 250))
        // Largest box first, at most maxFaces, too-small regions left out.
        let faces = [10, 200, 120, 3].map { side in
            Face(box: PixelRegion(x: 0, y: 0, width: side, height: side), confidence: Double(side), landmarks: [])
        }
        XCTAssertEqual(crop.judged(faces, width: 1000, height: 1000).map(\.face.box.width), [200, 120])
        XCTAssertEqual(FaceCrop(maxFaces: 4).judged(faces, width: 1000, height: 1000).map(\.face.box.width), [200, 120, 10])
        // The region's tiles: the grid of a 600 × 300 region at (70, 20), S = 256: 2 × 1 tiles, the
        // 512 × 256 block centred in the region (floor offsets 44 and 22).
        let extractor = try FeatureExtractor(configuration: configuration())
        XCTAssertEqual(try extractor.tiles(in: PixelRegion(x: 70, y: 20, width: 600, height: 300)),
                       [PixelRegion(x: 114, y: 42, width: 256, height: 256), PixelRegion(x: 370, y: 42, width: 256, height: 256)])
        // A region shorter than S: its largest centred square.
        XCTAssertEqual(try extractor.tiles(in: PixelRegion(x: 10, y: 20, width: 200, height: 150)),
                       [PixelRegion(x: 35, y: 20, width: 150, height: 150)])
    }

    func testRefusals() throws {
        var c = configuration()
        c.neutralisation = Neutralisation(cropSize: 256, jpegQuality: 90)
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("neutralisation"), "\($0)") }
        c = configuration(FaceCrop(margin: 0.5))
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("margin"), "\($0)") }
        c = configuration()
        c.tiling = Tiling(aggregation: .tileRows)
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("tile rows"), "\($0)") }
        XCTAssertThrowsError(try FaceCrop.from(mode: .centre, margin: 1.5, maxFaces: nil, noFace: nil, tiling: nil, minTiles: nil))
        XCTAssertThrowsError(try FaceCrop.from(mode: .face, margin: nil, maxFaces: nil, noFace: nil, tiling: .centre, minTiles: nil))
        XCTAssertNil(try FaceCrop.from(mode: nil, margin: nil, maxFaces: nil, noFace: nil, tiling: nil, minTiles: nil))
        // Configurations without faces keep their hash (the field is not encoded).
        XCTAssertEqual(FeatureConfiguration().hash, try CanonicalJSON.hash(FeatureConfiguration()))
        XCTAssertFalse(String(decoding: try CanonicalJSON.encode(FeatureConfiguration()), as: UTF8.self).contains("faces"))
    }

    /// A face pasted off-centre into a large image: the centre crop misses it, the face crop
    /// finds it, and its row is its region's tiles aggregated, with the face recorded.
    func testOffCentreFaceIsFoundAndJudged() throws {
        let tmp = try makeTemporaryDirectory()
        // A 256² face (a bundled 512² one halved) at (1000, 300); the centre crop spans 572…827.
        let face = try ImageDecoder.decode(file: try bundled("real")[0]).resized(scale: 0.5)
        let scene = canvas(width: 1400, height: 800, pasting: [(face, 1000, 300)])
        let path = try tmp.write("scene.png", bytes: try ImageEncoder.png(scene))
        let extractor = try FeatureExtractor(configuration: configuration())
        let outcome = FeatureExtraction.process([LabelledImage(path: path, label: .real)], extractor: extractor,
                                                transform: .none, memoryBudget: DecodeOptions.defaultMemoryBudget)[0]
        let vectors = try outcome.tileVectors.get()
        XCTAssertEqual(vectors.count, 1)
        let region = try XCTUnwrap(outcome.tiles?.first)
        let found = try XCTUnwrap(outcome.faces?.first ?? nil)
        XCTAssertEqual(found.landmarks.count, 68)
        // The box and the region are centred on the pasted face, and the region holds most of it.
        for r in [found.box, region] {
            XCTAssertTrue((1000..<1256).contains(r.x + r.width / 2) && (300..<556).contains(r.y + r.height / 2), "\(r)")
        }
        let ix = min(region.x + region.width, 1256) - max(region.x, 1000), iy = min(region.y + region.height, 556) - max(region.y, 300)
        XCTAssertGreaterThan(max(0, ix) * max(0, iy), 256 * 256 * 3 / 4, "\(region)")
        XCTAssertEqual(vectors[0], extractor.extract(scene, tiles: try extractor.tiles(in: region)))
        // The feature file's row carries the region and the face.
        let file = try FeatureFile.extract(items: [LabelledImage(path: path, label: .real)], extractor: extractor, transform: .none,
                                           workers: 1, memoryBudget: DecodeOptions.defaultMemoryBudget, label: "x", reporter: SilentReporter())
        XCTAssertEqual(file.rows.count, 1)
        XCTAssertEqual(file.rows[0].tile, TileBox(index: 0, x: region.x, y: region.y, width: region.width, height: region.height))
        XCTAssertEqual(file.rows[0].face, found)
        XCTAssertEqual(file.rowKind, "face")
        // The sidecar's computation names the landmark model and dlib.
        XCTAssertTrue(extractor.computation["face_landmark_model"]?.contains(try XCTUnwrap(extractor.faceDetector).modelSHA256) == true)
        XCTAssertEqual(extractor.computation["dlib"], FaceDetector.dlibVersion)
    }

    /// Under `--small-images skip`, a face whose region is shorter than S is not judged.
    func testSmallFaceRegionsAreSkippedUnderSkip() throws {
        let image = try ImageDecoder.decode(file: try bundled("real")[0])  // 512²: regions at most 512
        var c = FeatureConfiguration(families: Self.families, cropSize: 600, smallImages: .skip)
        c.faces = FaceCrop()
        c.tiling = Tiling()
        XCTAssertThrowsError(try FeatureExtractor(configuration: c).faceRows(image)) { XCTAssertEqual($0 as? FeatureError, .noFaceFound) }
        c.smallImages = .largestSquare
        XCTAssertEqual(try FeatureExtractor(configuration: c).faceRows(image).count, 1)
        // A face configuration needs its tiling.
        c.tiling = nil
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("tiling"), "\($0)") }
    }

    func testAnImageWithoutAFaceFailsOrFallsBack() throws {
        let tmp = try makeTemporaryDirectory()
        let noise = SyntheticImages.noise(width: 600, height: 400, seed: 5)
        let path = try tmp.write("noise.png", bytes: try ImageEncoder.png(noise))
        let item = LabelledImage(path: path, label: .real)
        let failing = try FeatureExtractor(configuration: configuration())
        let failed = FeatureExtraction.process([item], extractor: failing, transform: .none, memoryBudget: DecodeOptions.defaultMemoryBudget)[0]
        guard case .failure(let failure) = failed.features else { return XCTFail("no failure") }
        XCTAssertEqual(failure.reason, "no face found")

        let centre = try FeatureExtractor(configuration: configuration(FaceCrop(noFace: .centre)))
        let fallback = FeatureExtraction.process([item], extractor: centre, transform: .none, memoryBudget: DecodeOptions.defaultMemoryBudget)[0]
        XCTAssertEqual(fallback.tiles, [PixelRegion.centreSquare(side: 256, inWidth: 600, height: 400)])
        XCTAssertEqual(fallback.faces?.count, 1)
        XCTAssertNil(fallback.faces?[0] ?? nil)
        // Bit for bit the centre crop's vector.
        let plain = try FeatureExtractor(configuration: FeatureConfiguration(families: Self.families))
        XCTAssertEqual(try fallback.tileVectors.get(), [try plain.extract(noise)])

        let whole = try FeatureExtractor(configuration: configuration(FaceCrop(noFace: .whole)))
        let grid = FeatureExtraction.process([item], extractor: whole, transform: .none, memoryBudget: DecodeOptions.defaultMemoryBudget)[0]
        // 600 × 400 holds 2 × 1 tiles of 256, centred: (44, 72) to (556, 328).
        XCTAssertEqual(grid.tiles, [PixelRegion(x: 44, y: 72, width: 512, height: 256)])
        var tiled = FeatureConfiguration(families: Self.families)
        tiled.tiling = Tiling()
        XCTAssertEqual(try grid.tileVectors.get(), [try FeatureExtractor(configuration: tiled).extract(noise)])
    }

    /// Trained on face rows, a model scores an image by its highest face by default; an image
    /// showing a real and a generated face scores as its most generated-looking one.
    func testModelsScoreImagesByTheirHighestFace() throws {
        let tmp = try makeTemporaryDirectory()
        let items = try bundled("real").prefix(12).map { LabelledImage(path: $0, label: .real) }
            + bundled("fake").prefix(12).map { LabelledImage(path: $0, label: .fake) }
        let extractor = try FeatureExtractor(configuration: configuration())
        let table = try FeatureFile.extract(items: items, extractor: extractor, transform: .none, workers: 2,
                                            memoryBudget: DecodeOptions.defaultMemoryBudget, label: "train", reporter: SilentReporter())
        XCTAssertGreaterThanOrEqual(table.rows.count, 22)
        XCTAssertTrue(table.rows.allSatisfy { $0.face != nil && $0.tile != nil })
        let trained = try Trainer(table: table, settings: TrainingSettings(cs: [1], cv: 3)).fit()
        XCTAssertEqual(trained.file.tileScore, .max)
        XCTAssertTrue(trained.cvTable(try XCTUnwrap(trained.file.crossValidation)).contains("face rows"))
        let detector = try Detector(model: trained.file, source: "model")

        // Native size, on the 8-pixel grid, so each keeps its JPEG traces.
        let real = try ImageDecoder.decode(file: items[0].path), fake = try ImageDecoder.decode(file: items[12].path)
        let both = canvas(width: 1280, height: 640, pasting: [(real, 64, 64), (fake, 704, 64)])
        let path = try tmp.write("both.png", bytes: try ImageEncoder.png(both))
        let outcome = FeatureExtraction.process([LabelledImage(path: path, label: nil)], extractor: extractor, transform: .none,
                                                memoryBudget: DecodeOptions.defaultMemoryBudget)[0]
        let rows = try outcome.tileVectors.get()
        let regions = try XCTUnwrap(outcome.tiles)
        XCTAssertEqual(regions.count, rows.count)
        func centred(_ x0: Int) -> Int? {
            regions.firstIndex { (x0..<(x0 + 512)).contains($0.x + $0.width / 2) && (64..<576).contains($0.y + $0.height / 2) }
        }
        let realFace = try XCTUnwrap(centred(64)), fakeFace = try XCTUnwrap(centred(704))
        let each = try detector.imageProbabilities(rows.map { [$0] })
        let image = try detector.imageProbabilities([rows])[0]
        XCTAssertEqual(image, each.max()!)
        // The region over the generated face scores higher than the one over the real face.
        XCTAssertGreaterThan(each[fakeFace], each[realFace])
        // explain lists both faces with their own scores.
        let e = try Explanation.explain(path: path, detector: detector, stride: nil, maxTiles: 64,
                                        memoryBudget: DecodeOptions.defaultMemoryBudget)
        XCTAssertEqual(e.score, image)
        // Evaluation provenance names the landmark model and dlib.
        let provenance = try EvaluationProvenance(detector: detector, datasets: [], split: nil, conditions: [], trainingOverlap: nil)
        XCTAssertEqual(provenance.faceDetection?["dlib"], FaceDetector.dlibVersion)
        XCTAssertNotNil(provenance.faceDetection?["face_landmark_model"])
        XCTAssertEqual(e.faces?.map(\.score), each)
        XCTAssertEqual(e.faces?.map(\.region), regions)
        XCTAssertTrue(e.faces?.allSatisfy { $0.landmarks.count == 68 && $0.box != nil } == true)
        XCTAssertEqual(e.document(model: "m", modelSHA256: "x", heatMapName: "h.png").faces, e.faces)
        // score's JSON Lines rows list the faces too (CSV keeps its five columns).
        let row = ScoreBatch(detector: detector, memoryBudget: DecodeOptions.defaultMemoryBudget).rows(for: [path])[0]
        let listed = try JSONDecoder().decode([Explanation.FaceScore].self, from: Data(row.faces.utf8))
        XCTAssertEqual(listed.map(\.region), regions)
        XCTAssertEqual(listed.map(\.score), each.map { Double(String(format: "%.6f", $0))! })
        XCTAssertEqual(row.score, String(format: "%.6f", each.max()!))
        let line = ScoreFormat.jsonl.encode(row)
        XCTAssertTrue(line.hasSuffix(",\"faces\":\(row.faces)}\n"), line)
        XCTAssertEqual(ScoreFormat.jsonl.decode(line)?.score, row.score)
        XCTAssertEqual(ScoreFormat.csv.encode(row).split(separator: ",").count, 5)
    }

    /// crossval on face rows: every cell counts images, not rows, and the diagonal's folds keep images whole.
    func testCrossvalScoresImagesFromTheirFaceRows() throws {
        let items = try bundled("real").prefix(16).enumerated().map { LabelledImage(path: $1, label: .real, group: $0 % 2 == 0 ? "a" : "b") }
            + bundled("fake").prefix(16).enumerated().map { LabelledImage(path: $1, label: .fake, group: $0 % 2 == 0 ? "a" : "b") }
        let extractor = try FeatureExtractor(configuration: configuration())
        let table = try FeatureFile.extract(items: items, extractor: extractor, transform: .none, workers: 2,
                                            memoryBudget: DecodeOptions.defaultMemoryBudget, label: "x", reporter: SilentReporter())
        let images = Set(table.rows.map(\.path))
        let result = try CrossGenerator(table: table, settings: TrainingSettings(cs: [0.1, 1], cv: 2), folds: 3).run()
        for cell in result.matrix.cells {
            XCTAssertEqual(cell.count, images.filter { p in table.rows.first { $0.path == p }?.group == cell.test }.count)
        }
    }

    /// Bench specs take the face crop as the CLI does, and refuse what it refuses.
    func testBenchSpecsTakeTheFaceCrop() throws {
        let tmp = try makeTemporaryDirectory()
        try tmp.labelledSet("set", perClass: 2, side: 32)
        func spec(_ features: String, _ protocolJSON: String = #"{"raw": true}"#) throws -> (BenchSpec, String) {
            let path = try tmp.write("spec-\(abs(features.hashValue)).json",
                                     text: #"{"train": ["set"], "test": ["set"], "protocol": "# + protocolJSON + #", "features": "# + features + "}")
            return (try BenchSpec.load(from: path), path)
        }
        let (face, path) = try spec(#"{"crop": "face", "faceMargin": 1.5, "maxFaces": 2, "noFace": "centre", "faceDetectionSide": 512}"#)
        try face.validate(source: path)
        let c = face.features.configuration()
        XCTAssertEqual(c.faces?.margin, 1.5)
        XCTAssertEqual(c.faces?.maxFaces, 2)
        XCTAssertEqual(c.faces?.noFace, .centre)
        XCTAssertEqual(c.faces?.detection.detectionSide, 512)
        XCTAssertEqual(c.tiling, Tiling())
        func refusal(_ features: String, _ protocolJSON: String = #"{"raw": true}"#) throws -> String {
            do {
                let (s, p) = try spec(features, protocolJSON)
                try s.validate(source: p)
            } catch {
                return "\(error)"
            }
            XCTFail("accepted \(features)")
            return ""
        }
        // The face rule may be chosen, as train --tile-score does.
        let (rule, rulePath) = try spec(#"{"crop": "face", "tileScore": "mean-logit"}"#)
        try rule.validate(source: rulePath)
        XCTAssertEqual(rule.features.tileScore, .meanLogit)
        XCTAssertTrue(try refusal(#"{"faceMargin": 1.5}"#).contains("faceMargin"))
        XCTAssertTrue(try refusal(#"{"crop": "face", "tiling": "centre"}"#).contains("tiling"))
        XCTAssertTrue(try refusal(#"{"crop": "face"}"#, #"{"raw": true, "neutralised": {"quality": 90}}"#)
            .contains("the face crop takes the raw protocol only"))
    }

    func testSimilarityFitAndInverseByHand() throws {
        let t = SimilarityTransform(a: 0.8, b: 0.3, tx: 5, ty: -7)
        let source: [(x: Double, y: Double)] = [(10, 20), (40, 22), (25, 60)]
        let fitted = try XCTUnwrap(SimilarityTransform.fitting(source, to: source.map { t.apply($0.x, $0.y) }))
        XCTAssertEqual(fitted.a, 0.8, accuracy: 1e-12)
        XCTAssertEqual(fitted.b, 0.3, accuracy: 1e-12)
        XCTAssertEqual(fitted.tx, 5, accuracy: 1e-10)
        XCTAssertEqual(fitted.ty, -7, accuracy: 1e-10)
        let back = try XCTUnwrap(t.inverse)
        let p = back.apply(t.apply(3, -4).x, t.apply(3, -4).y)
        XCTAssertEqual(p.x, 3, accuracy: 1e-12)
        XCTAssertEqual(p.y, -4, accuracy: 1e-12)
        XCTAssertNil(SimilarityTransform.fitting([(1, 1), (1, 1)], to: [(0, 0), (2, 2)]))
        // The identity samples every pixel at its own centre: the crop is the image's corner, exactly.
        let image = SyntheticImages.noise(width: 50, height: 40, seed: 2)
        XCTAssertEqual(FaceCrop.alignedCrop(image, transform: SimilarityTransform(a: 1, b: 0, tx: 0, ty: 0), side: 32),
                       image.cropped(to: PixelRegion(x: 0, y: 0, width: 32, height: 32)))
    }

    /// A bundled face aligned: dlib finds it again in the aligned crop with its eyes and mouth
    /// where the template puts them, and the row is that crop's vector.
    func testAlignedCropsPutEyesAndMouthOnTheTemplate() throws {
        let image = try ImageDecoder.decode(file: try bundled("real")[1])
        let detector = try FaceDetector()
        let face = try XCTUnwrap(try detector.faces(in: image).first)
        let transform = try XCTUnwrap(FaceCrop.alignment(of: face, side: 256))
        for (k, range) in [Face.rightEye, Face.leftEye, Face.mouth].enumerated() {
            let c = face.centre(of: range), q = transform.apply(c.x, c.y)
            // Least squares over three points: each lands near its place (the template is not exactly a face's shape).
            XCTAssertEqual(q.x, FaceCrop.alignedTemplate[k].x * 256, accuracy: 0.04 * 256)
            XCTAssertEqual(q.y, FaceCrop.alignedTemplate[k].y * 256, accuracy: 0.04 * 256)
        }
        let crop = try XCTUnwrap(FaceCrop.alignedCrop(image, transform: transform, side: 256))
        let again = try XCTUnwrap(try detector.faces(in: crop).first)
        let eyes = (again.centre(of: Face.rightEye), again.centre(of: Face.leftEye))
        XCTAssertEqual(eyes.0.x, 0.35 * 256, accuracy: 0.06 * 256)
        XCTAssertEqual(eyes.1.x, 0.65 * 256, accuracy: 0.06 * 256)
        XCTAssertEqual(eyes.0.y, 0.40 * 256, accuracy: 0.06 * 256)
        XCTAssertEqual(again.centre(of: Face.mouth).y, 0.75 * 256, accuracy: 0.06 * 256)

        var c = configuration(FaceCrop(aligned: true))
        let extractor = try FeatureExtractor(configuration: c)
        let rows = try extractor.faceRows(image)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].vector, extractor.extract(batch: [FeatureInput(image: crop)])[0])
        // Its region is the crop's footprint: the corners mapped back, clipped.
        XCTAssertEqual(rows[0].region, FaceCrop.footprint(of: transform, side: 256, width: image.width, height: image.height))
        let inverse = try XCTUnwrap(transform.inverse)
        let corner = inverse.apply(128, 128)  // the crop's centre lies inside its footprint
        XCTAssertTrue((rows[0].region.x..<(rows[0].region.x + rows[0].region.width)).contains(Int(corner.x)))
        // One crop per face: the tiling's options do not apply.
        c.tiling = Tiling(aggregation: .meanStd)
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("aligned"), "\($0)") }
        c.tiling = Tiling(maxTiles: 3)
        XCTAssertThrowsError(try c.validate())
        XCTAssertThrowsError(try FaceCrop.from(mode: .face, margin: 1.5, maxFaces: nil, noFace: nil, aligned: true, tiling: nil, minTiles: nil))
        XCTAssertThrowsError(try FaceCrop.from(mode: .centre, margin: nil, maxFaces: nil, noFace: nil, aligned: true, tiling: nil, minTiles: nil))
    }

    /// The face crop decodes the whole image and runs the detector on it: both count against
    /// the memory budget, so a budget the centre crop fits in can refuse the face crop, with a reason.
    func testTheDetectorsMemoryCountsAgainstTheBudget() throws {
        let tmp = try makeTemporaryDirectory()
        let scene = SyntheticImages.noise(width: 1400, height: 1000, seed: 9)
        let path = try tmp.write("big.jpg", bytes: try ImageEncoder.jpeg(scene, quality: 90))
        let item = LabelledImage(path: path, label: .real)
        let budget = 12 << 20
        let centre = FeatureExtraction.process([item], extractor: try FeatureExtractor(configuration: FeatureConfiguration(families: Self.families)),
                                               transform: .none, memoryBudget: budget)[0]
        XCTAssertNoThrow(try centre.features.get())
        let face = FeatureExtraction.process([item], extractor: try FeatureExtractor(configuration: configuration()),
                                             transform: .none, memoryBudget: budget)[0]
        guard case .failure(let failure) = face.features else { return XCTFail("accepted over the budget") }
        XCTAssertTrue(failure.reason.contains("over the memory budget"), failure.reason)
    }
}
