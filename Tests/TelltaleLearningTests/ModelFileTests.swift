import Foundation
import TelltaleLearning
import TelltaleSupport
import TelltaleTestSupport
import XCTest

final class ModelFileTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(prefix: "telltale-learning")
    }

    override func tearDown() {
        directory = nil  // removes the folder
    }

    private func path(_ name: String) -> String { directory.path(name) }

    private let configuration = JSONValue.object(["families": .array([.string("spectrum")]), "cropSize": .number(256)])

    private func file(for model: TrainedClassifier, names: [String], rows: Int, seed: UInt64 = .max) throws -> ModelFile {
        let fingerprint = TrainingFingerprint.compute(rows: (0 ..< rows).map { (sha256: Digest.sha256("image \($0)"), label: $0 % 2) })
        return ModelFile(toolVersion: "0.1.0-test", featureConfiguration: configuration,
                         featureConfigurationHash: try CanonicalJSON.hash(configuration), featureNames: names,
                         model: model, threshold: DecisionThreshold(value: 0.4, method: "test"),
                         trainingFingerprint: fingerprint, trainingRows: rows, seed: seed)
    }

    private func mlpFile(seed: UInt64) throws -> ModelFile {
        let (x, y) = ToyData.xor(count: 200, noise: 2, seed: 8)
        let model = try MLPClassifier(hiddenSizes: [8, 4], maxEpochs: 15).fit(x, labels: y, seed: seed)
        return try file(for: .mlp(model), names: ["a", "b", "n1", "n2"], rows: 200, seed: seed)
    }

    func testRoundTripPredictsIdentically() throws {
        let (x, y) = ToyData.blobs(count: 120, dims: 5, shift: 0.7, seed: 5)
        let logistic = try file(for: .logisticRegression(LogisticRegression(c: 0.3).fit(x, labels: y)),
                                names: (0 ..< 5).map { "f\($0)" }, rows: 120)
        for original in [logistic, try mlpFile(seed: 99)] {
            try original.write(to: path("model.json"))
            let read = try ModelFile.read(from: path("model.json"))
            XCTAssertEqual(read, original)
            XCTAssertEqual(read.seed, original.seed)
            let input = original.kind == "mlp" ? ToyData.xor(count: 50, noise: 2, seed: 1).0 : x
            XCTAssertEqual(try read.predictProbability(input), try original.predictProbability(input))
            XCTAssertEqual(try read.predict(input), try original.predictProbability(input).map { $0 >= 0.4 ? 1 : 0 })
            XCTAssertEqual(try read.encoded(), try original.encoded())
        }
    }

    func testSameSeedGivesByteIdenticalModelFiles() throws {
        try mlpFile(seed: 2026).write(to: path("a.json"))
        try mlpFile(seed: 2026).write(to: path("b.json"))
        try mlpFile(seed: 2027).write(to: path("c.json"))
        let a = try Data(contentsOf: URL(fileURLWithPath: path("a.json")))
        XCTAssertEqual(a, try Data(contentsOf: URL(fileURLWithPath: path("b.json"))))
        XCTAssertNotEqual(a, try Data(contentsOf: URL(fileURLWithPath: path("c.json"))))
    }

    func testDamagedFilesGiveTypedErrors() throws {
        let data = try mlpFile(seed: 3).encoded()
        let text = String(decoding: data, as: UTF8.self)

        XCTAssertThrowsError(try ModelFile.read(from: path("missing.json"))) {
            guard case .unreadable? = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try ModelFile.decode(data.prefix(data.count / 2))) {
            guard case .notJSON? = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try ModelFile.decode(Data("\u{0}\u{1}binary garbage".utf8))) {
            guard case .notJSON? = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
        // Edit the threshold value: still valid JSON, but the checksum no longer matches.
        let edited = text.replacingOccurrences(of: "\"value\" : 0.4", with: "\"value\" : 0.3")
        XCTAssertNotEqual(edited, text)
        XCTAssertThrowsError(try ModelFile.decode(Data(edited.utf8))) {
            guard case .checksumMismatch? = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
        let future = text.replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 2")
        XCTAssertThrowsError(try ModelFile.decode(Data(future.utf8))) {
            XCTAssertEqual($0 as? ModelFileError, .unsupportedVersion(found: 2, supported: 1))
        }
        XCTAssertThrowsError(try ModelFile.decode(Data("[1, 2]".utf8))) {
            guard case .invalidContent? = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
    }

    func testCompatibilityCheck() throws {
        let model = try mlpFile(seed: 4)
        let hash = try CanonicalJSON.hash(configuration)
        XCTAssertNoThrow(try model.checkCompatible(featureConfigurationHash: hash, featureNames: ["a", "b", "n1", "n2"]))
        XCTAssertThrowsError(try model.checkCompatible(featureConfigurationHash: String(repeating: "0", count: 64),
                                                       featureNames: ["a", "b", "n1", "n2"])) {
            XCTAssertEqual($0 as? ModelFileError, .featureConfigurationMismatch(model: hash, current: String(repeating: "0", count: 64)))
        }
        XCTAssertThrowsError(try model.checkCompatible(featureConfigurationHash: hash, featureNames: ["a", "b", "n2", "n1"])) {
            XCTAssertEqual($0 as? ModelFileError, .featureNamesMismatch(model: 4, current: 4, firstDifference: 2))
        }
    }

    func testTrainingImageDigestsFindExactCopiesAndRoundTrip() throws {
        let a = String(repeating: "ab", count: 32), b = String(repeating: "01", count: 32), c = String(repeating: "ff", count: 32)
        let digests = TrainingImageDigests(sha256Hex: [b, a, a])
        XCTAssertEqual(digests.prefixes.count, 2, "repeats count once")
        XCTAssertTrue(digests.contains(sha256Hex: a))
        XCTAssertTrue(digests.contains(sha256Hex: b))
        XCTAssertFalse(digests.contains(sha256Hex: c))
        XCTAssertFalse(digests.contains(sha256Hex: "not a digest"))
        let json = try JSONEncoder().encode(digests)
        XCTAssertEqual(String(decoding: json, as: UTF8.self).contains("\"prefixBytes\":8"), true)
        XCTAssertEqual(try JSONDecoder().decode(TrainingImageDigests.self, from: json), digests)
        let unsorted = #"{"count":2,"prefixBytes":8,"base64":"q6urq6urq6sBAQEBAQEBAQ=="}"#
        XCTAssertThrowsError(try JSONDecoder().decode(TrainingImageDigests.self, from: Data(unsorted.utf8)))
    }

    /// Model files written by telltale 0.2.0, before the optional `calibration` field existed
    /// (`telltale train Benchmarks/specs/sample/train.csv --features npr --size 64 …`).
    private func fixture(_ name: String) throws -> Data {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    func testModelFilesWithoutCalibrationReadAndWriteBackByteIdentically() throws {
        for name in ["model_npr_logistic", "model_npr_mlp"] {
            let bytes = try fixture(name)
            let model = try ModelFile.decode(bytes)
            XCTAssertNil(model.calibration, name)
            XCTAssertEqual(try model.encoded(), bytes, name)
            XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("calibration"), name)
        }
        // And a model made now, without a calibration, has no such key either.
        XCTAssertFalse(String(decoding: try mlpFile(seed: 5).encoded(), as: UTF8.self).contains("calibration"))
    }

    func testCalibratedModelFilesRoundTripAndApplyTheCalibration() throws {
        let (x, y) = ToyData.blobs(count: 120, dims: 5, shift: 0.7, seed: 5)
        let base = try file(for: .logisticRegression(LogisticRegression(c: 0.3).fit(x, labels: y)),
                            names: (0 ..< 5).map { "f\($0)" }, rows: 120)
        let logOdds = try base.decisionFunction(x)
        let set = ModelCalibration.ValidationSet(fingerprint: String(repeating: "ab", count: 32), rows: 120, realCount: 60, fakeCount: 60)
        let calibrators: [Calibrator] = [.platt(try PlattScaling().fit(scores: logOdds, labels: y)),
                                         .isotonic(try IsotonicRegression().fit(scores: logOdds, labels: y))]
        for calibrator in calibrators {
            var calibrated = base
            calibrated.calibration = ModelCalibration(calibrator: calibrator, validation: set,
                                                      baseModelSHA256: Digest.sha256(try base.encoded()), toolVersion: "0.1.0-test")
            let bytes = try calibrated.encoded()
            let read = try ModelFile.decode(bytes)
            XCTAssertEqual(read, calibrated)
            XCTAssertEqual(try read.encoded(), bytes)
            XCTAssertEqual(try read.predictProbability(x), calibrator.transform(logOdds))
            XCTAssertEqual(try read.decisionFunction(x), logOdds, "the log-odds are the classifier's")
            XCTAssertNotEqual(try read.predictProbability(x), try base.predictProbability(x))
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertTrue(text.contains("\"method\" : \"\(calibrator.method)\""), text)
            XCTAssertTrue(text.contains("\"input\" : \"log-odds\""))
            // The checksum covers the calibration.
            let edited = text.replacingOccurrences(of: "\"rows\" : 120", with: "\"rows\" : 121")
            XCTAssertNotEqual(edited, text)
            XCTAssertThrowsError(try ModelFile.decode(Data(edited.utf8))) {
                guard case .checksumMismatch? = $0 as? ModelFileError else { return XCTFail("\($0)") }
            }
        }
    }

    func testTrainingFingerprintIgnoresOrderButNotLabels() {
        let rows = [(sha256: "aa", label: 0), (sha256: "bb", label: 1)]
        XCTAssertEqual(TrainingFingerprint.compute(rows: rows), TrainingFingerprint.compute(rows: rows.reversed()))
        XCTAssertNotEqual(TrainingFingerprint.compute(rows: rows),
                          TrainingFingerprint.compute(rows: [(sha256: "aa", label: 1), (sha256: "bb", label: 1)]))
        XCTAssertEqual(TrainingFingerprint.compute(rows: rows).count, 64)
    }
}
