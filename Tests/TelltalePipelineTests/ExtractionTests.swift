import Foundation
import TelltaleDatasets
import TelltaleImaging
import TelltalePipeline
import TelltaleTestSupport
import XCTest

/// Extraction into a feature file (`telltale extract`), in process.
final class ExtractionTests: XCTestCase {
    func testFeatureFileHoldsEveryGoodImageListsTheBrokenOneAndIsReproducible() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 4, group: "gen-a")
        let good = [UInt8](try read(root + "/gen-a/fake/img_00.png"))
        let broken = try tmp.write("set/gen-a/fake/broken.png", bytes: Array(good.prefix(good.count / 2)))
        let out = tmp.path("features")
        let reporter = RecordingReporter()
        let summary = try Pipeline.extract([root], families: ["spectrum", "dct", "residual"], size: 32, workers: 2,
                                           to: out, reporter: reporter)
        let file = try FeatureFile.read(from: out)
        XCTAssertEqual(file.matrix.rows, 8)
        XCTAssertEqual(summary.rows, 8)
        XCTAssertEqual(file.matrix.cols, file.featureNames.count)
        XCTAssertEqual(file.failures.map { URL(fileURLWithPath: $0.path).lastPathComponent }, ["broken.png"])
        XCTAssertTrue(file.failures[0].reason.contains("truncated"))
        XCTAssertEqual(summary.failures.map(\.path), [broken])
        XCTAssertEqual(Set(file.rows.map(\.group)), ["gen-a"])
        XCTAssertEqual(file.rows.filter { $0.label == .fake }.count, 4)
        XCTAssertTrue(file.matrix.values.allSatisfy(\.isFinite))
        XCTAssertTrue(reporter.text.contains("broken.png"), reporter.text)
        XCTAssertEqual(reporter.steps.first?.done, 9)
        // 32² has no compiled-in wisdom: the FFTW_ESTIMATE plan, recorded with the build.
        XCTAssertEqual(file.sidecar.computation, ["build": "portable", "fftw_plan": "estimate (32×32)"])

        // Same inputs, same bytes, whatever the worker count.
        let again = tmp.path("again")
        try Pipeline.extract([root], families: ["spectrum", "dct", "residual"], size: 32, workers: 1, to: again)
        XCTAssertEqual(try read(out + ".npy"), try read(again + ".npy"))
    }

    func testSingleClassDatasetIsRefused() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet(perClass: 1)
        try FileManager.default.removeItem(atPath: root + "/fake")
        XCTAssertThrowsError(try Pipeline.extract([root], families: ["npr"], size: 32, to: tmp.path("x"))) { error in
            XCTAssertTrue(error is DatasetError, "\(error)")
            XCTAssertFalse("\(error)".isEmpty)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path("x.npy")))
    }

    func testMemoryBudgetIsRecordedInTheSidecar() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 2, side: 32)
        let features = tmp.path("f")
        try Pipeline.extract([set], families: ["npr"], size: 32, memoryBudget: 64 << 20, to: features)
        XCTAssertEqual(try jsonObject(features + ".json")["memory_budget"] as? Int, 64 << 20)
    }

    func testWriteErrorsNameTheFileAndTheReason() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 2, side: 32)
        XCTAssertThrowsError(try Pipeline.extract([set], families: ["npr"], size: 32, to: "/dev/full/x")) { error in
            XCTAssertTrue("\(error)".contains("/dev/full/x"), "\(error)")
            XCTAssertTrue("\(error)".contains("/dev/full is not a folder"), "\(error)")
            XCTAssertFalse("\(error)".contains("same name"), "\(error)")
        }
    }
}
