import Foundation
import TelltaleImaging
import TelltaleTestSupport
import XCTest
@testable import TelltaleFeatures

final class FeatureExtractorTests: XCTestCase {
    private let spectral = [SpectrumFamily.name, DCTFamily.name, ResidualSpectrumFamily.name]

    func testConstantImageGivesTheExpectedConstantSpectrum() throws {
        var config = FeatureConfiguration(families: [SpectrumFamily.name], cropSize: 32)
        config.spectrum = .init(bins: 23, normalise: false)
        let extractor = try FeatureExtractor(configuration: config)
        let values = try extractor.extract(SyntheticImages.constant(side: 32, value: 100))
        // DC: 20 ln(100 · 32²); every other bin: 20 ln(1e-8). Ring 0 holds the DC bin alone;
        // ⌊√(16² + 16²)⌋ + 1 = 23 rings, resampled to 23 points: the profile itself.
        let dc = 20 * log(100.0 * 1024), floor = 20 * log(Double(Float(1e-8)))
        XCTAssertEqual(Double(values[0]), dc, accuracy: 1e-3)
        for v in values.dropFirst() { XCTAssertEqual(Double(v), floor, accuracy: 1e-3) }
    }

    func testBlackImageGivesFiniteValuesInEveryFamily() throws {
        let extractor = try FeatureExtractor(configuration: FeatureConfiguration(families: spectral, cropSize: 16))
        for normalise in [false, true] {
            var c = extractor.configuration
            c.spectrum.normalise = normalise
            let values = try FeatureExtractor(configuration: c).extract(SyntheticImages.constant(side: 16, value: 0, channels: 3))
            XCTAssertEqual(values.count, extractor.featureNames.count)
            XCTAssertTrue(values.allSatisfy(\.isFinite), "normalise \(normalise)")
        }
    }

    func testCircularShiftLeavesSpectrumUnchanged() throws {
        let image = SyntheticImages.noise(width: 48, height: 48, seed: 7)
        var shifted = image.pixels
        let (dx, dy) = (11, 5)
        for y in 0..<48 {
            for x in 0..<48 {
                for c in 0..<3 { shifted[(((y + dy) % 48) * 48 + (x + dx) % 48) * 3 + c] = image[x, y, c] }
            }
        }
        var config = FeatureConfiguration(families: [SpectrumFamily.name], cropSize: 48, colour: .rgb)
        config.spectrum.bins = 34
        let extractor = try FeatureExtractor(configuration: config)
        let a = try extractor.extract(image)
        let b = try extractor.extract(Image(width: 48, height: 48, channels: 3, pixels: shifted))
        for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-3 * max(1, abs(u))) }
        // The magnitudes themselves, bin by bin.
        let p = FeatureInput(image: image).luminance, q = FeatureInput(image: Image(width: 48, height: 48, channels: 3, pixels: shifted)).luminance
        let (f, g) = (Transform2D.centredDFT([p], rows: 48, cols: 48)[0].power(), Transform2D.centredDFT([q], rows: 48, cols: 48)[0].power())
        let scale = f.max()!
        for (u, v) in zip(f, g) { XCTAssertEqual(u, v, accuracy: 1e-5 * scale) }
    }

    func testSmallImagePolicyKeepsTheVectorLength() throws {
        let config = FeatureConfiguration(families: spectral, cropSize: 64, smallImages: .largestSquare, colour: .rgb)
        let extractor = try FeatureExtractor(configuration: config)
        let expected = extractor.featureNames.count
        XCTAssertEqual(expected, 3 * (128 + 16 * 16 + 64 + 8 * 8))
        for (w, h) in [(64, 64), (100, 80), (45, 37), (37, 45), (9, 200), (8, 8)] {
            let values = try extractor.extract(SyntheticImages.noise(width: w, height: h, seed: UInt64(w * h)))
            XCTAssertEqual(values.count, expected, "\(w)×\(h)")
            XCTAssertTrue(values.allSatisfy(\.isFinite), "\(w)×\(h)")
        }
        XCTAssertThrowsError(try extractor.prepare(SyntheticImages.noise(width: 7, height: 100, seed: 1))) { error in
            XCTAssertEqual(error as? FeatureError, .imageTooSmall(width: 7, height: 100, required: 8))
        }
    }

    func testFullDCTKeepsItsLengthForSmallImages() throws {
        var config = FeatureConfiguration(families: [DCTFamily.name], cropSize: 16)
        config.dct.grid = nil
        let extractor = try FeatureExtractor(configuration: config)
        XCTAssertEqual(extractor.featureNames.count, 256)
        XCTAssertEqual(try extractor.extract(SyntheticImages.noise(width: 11, height: 13, seed: 3)).count, 256)
    }

    func testSkipPolicyRefusesSmallImages() throws {
        let extractor = try FeatureExtractor(configuration: FeatureConfiguration(cropSize: 64, smallImages: .skip))
        XCTAssertThrowsError(try extractor.prepare(SyntheticImages.noise(width: 100, height: 63, seed: 1))) { error in
            XCTAssertEqual(error as? FeatureError, .imageTooSmall(width: 100, height: 63, required: 64))
        }
        XCTAssertNoThrow(try extractor.prepare(SyntheticImages.noise(width: 64, height: 300, seed: 1)))
    }

    func testPrepareCropsTheCentreAndPassesDecoderCropsThrough() throws {
        let extractor = try FeatureExtractor(configuration: FeatureConfiguration(cropSize: 16))
        XCTAssertEqual(extractor.decodeOptions, DecodeOptions(crop: .centreSquare(side: 16)))
        let image = SyntheticImages.noise(width: 21, height: 30, seed: 9)
        let prepared = try extractor.prepare(image)
        XCTAssertEqual(prepared.side, 16)
        XCTAssertEqual(prepared.image, image.cropped(to: PixelRegion(x: 2, y: 7, width: 16, height: 16)))
        // What the decoder returns for `decodeOptions` is left as it is.
        let decoderCrop = image.cropped(to: PixelRegion.centreSquare(side: 16, inWidth: 21, height: 30))
        XCTAssertEqual(try extractor.prepare(decoderCrop).image, decoderCrop)
        XCTAssertEqual(try extractor.extract(image), try extractor.extract(decoderCrop))
    }

    func testDecoderCropAndPrepareAgreeOnAFile() throws {
        let url = try TestImages.fixtureURL("spectral_imagenet_45x37.png")
        let extractor = try FeatureExtractor(configuration: FeatureConfiguration(families: spectral, cropSize: 32))
        let whole = try ImageDecoder.decode(file: url.path)
        let cropped = try ImageDecoder.decode(file: url.path, options: extractor.decodeOptions)
        XCTAssertEqual(try extractor.extract(whole), try extractor.extract(cropped))
    }

    func testBatchEqualsOneByOneAcrossMixedSizes() throws {
        let extractor = try FeatureExtractor(configuration: FeatureConfiguration(families: spectral, cropSize: 32, colour: .rgb))
        let images = [(32, 32), (40, 20), (50, 50), (20, 33)].enumerated().map {
            SyntheticImages.noise(width: $1.0, height: $1.1, seed: UInt64($0))
        }
        let inputs = try images.map(extractor.prepare)
        let batch = extractor.extract(batch: inputs)
        for (input, vector) in zip(inputs, batch) {
            XCTAssertEqual(vector, extractor.extract(batch: [input])[0])
        }
    }

    func testConcurrentExtractionMatchesSerial() throws {
        // Sizes no other test uses, so the transform caches are filled concurrently.
        let extractor = try FeatureExtractor(configuration: FeatureConfiguration(families: spectral, cropSize: 29, colour: .rgb))
        let images = (0..<8).map { SyntheticImages.noise(width: 29 + $0 % 3, height: 31 - $0 % 4, seed: UInt64(100 + $0)) }
        let results = ResultBox(count: images.count)
        DispatchQueue.concurrentPerform(iterations: images.count) { i in
            results.set(i, try? extractor.extract(images[i]))
        }
        for (i, image) in images.enumerated() {
            XCTAssertEqual(results.get(i), try extractor.extract(image))
        }
    }

    func testFeatureNamesFollowConfigurationOrder() throws {
        var config = FeatureConfiguration(families: [DCTFamily.name, SpectrumFamily.name], cropSize: 32)
        config.dct.grid = 2
        config.spectrum.bins = 3
        let names = try FeatureExtractor(configuration: config).featureNames
        XCTAssertEqual(names, ["dct.y.u0v0", "dct.y.u0v1", "dct.y.u1v0", "dct.y.u1v1",
                               "spectrum.y.b000", "spectrum.y.b001", "spectrum.y.b002"])
        XCTAssertEqual(Set(names).count, names.count)
        let rgb = try FeatureExtractor(configuration: FeatureConfiguration(families: spectral, colour: .rgb)).featureNames
        XCTAssertEqual(Set(rgb).count, rgb.count)
        XCTAssertEqual(rgb.first, "spectrum.r.b000")
    }

    func testUnknownFamilyListsTheValidNames() {
        XCTAssertThrowsError(try FeatureExtractor(configuration: FeatureConfiguration(families: ["spectrum", "fourier"]))) { error in
            XCTAssertEqual(error as? FeatureError, .unknownFamily(name: "fourier", valid: FeatureRegistry.names))
            XCTAssertTrue(String(describing: error).contains("residual-spectrum"))
        }
    }

    func testOlderConfigurationVersionsAreRefused() {
        var config = FeatureConfiguration()
        XCTAssertEqual(config.version, 2)
        config.version = 1
        XCTAssertThrowsError(try FeatureExtractor(configuration: config)) { error in
            XCTAssertEqual(error as? FeatureError, .unsupportedVersion(found: 1, supported: 2))
            XCTAssertTrue(String(describing: error).contains("extract the features again"), "\(error)")
        }
    }

    func testBadParametersAreRefused() {
        var config = FeatureConfiguration(families: spectral, cropSize: 32)
        config.dct.grid = 33
        XCTAssertThrowsError(try FeatureExtractor(configuration: config)) { error in
            guard case .invalidParameter(family: "dct", parameter: "grid", value: "33", _)? = error as? FeatureError else {
                return XCTFail("unexpected \(error)")
            }
        }
        config = FeatureConfiguration(families: spectral, cropSize: 32)
        config.spectrum.bins = 0
        XCTAssertThrowsError(try FeatureExtractor(configuration: config))
        config = FeatureConfiguration(families: spectral, cropSize: 4)
        XCTAssertThrowsError(try FeatureExtractor(configuration: config))
        XCTAssertThrowsError(try FeatureExtractor(configuration: FeatureConfiguration(families: ["dct", "dct"])))
        XCTAssertThrowsError(try FeatureExtractor(configuration: FeatureConfiguration(families: [])))
    }

    func testConfigurationHashChangesWithParameters() {
        var a = FeatureConfiguration()
        let b = a
        XCTAssertEqual(a.hash, b.hash)
        a.spectrum.bins = 64
        XCTAssertNotEqual(a.hash, b.hash)
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[Float]?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: [Float]?) { lock.lock(); values[i] = v; lock.unlock() }
    func get(_ i: Int) -> [Float]? { lock.lock(); defer { lock.unlock() }; return values[i] }
}
