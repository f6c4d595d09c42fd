import Foundation
import TelltaleDatasets
import XCTest

final class ExtractCommandTests: CLITestCase {
    func testExtractWritesNpyAndSidecarAndSkipsBrokenImages() throws {
        let tmp = try temporaryDirectory()
        let root = try makeDataset(in: tmp.appendingPathComponent("set"), perClass: 4, group: "gen-a")
        let broken = root.appendingPathComponent("gen-a/fake/broken.png")
        let good = try Data(contentsOf: root.appendingPathComponent("gen-a/fake/img_00.png"))
        FileManager.default.createFile(atPath: broken.path, contents: good.prefix(good.count / 2))
        let out = tmp.appendingPathComponent("features").path
        let run = try telltale(["extract", root.path, "--features", "spectrum,dct,residual", "--size", "32",
                                "--workers", "2", "-o", out, "--csv"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let file = try FeatureFile.read(from: out)
        XCTAssertEqual(file.matrix.rows, 8)
        XCTAssertEqual(file.matrix.cols, file.featureNames.count)
        XCTAssertEqual(file.failures.map { URL(fileURLWithPath: $0.path).lastPathComponent }, ["broken.png"])
        XCTAssertTrue(file.failures[0].reason.contains("truncated"))
        XCTAssertEqual(Set(file.rows.map(\.group)), ["gen-a"])
        XCTAssertEqual(file.rows.filter { $0.label == .fake }.count, 4)
        XCTAssertTrue(file.matrix.values.allSatisfy(\.isFinite))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + ".csv"))
        XCTAssertTrue(run.stderr.contains("broken.png"))
        // 32² has no compiled-in wisdom: the FFTW_ESTIMATE plan, recorded with the build.
        XCTAssertEqual(file.sidecar.computation, ["build": "portable", "fftw_plan": "estimate (32×32)"])

        // Same inputs, same bytes.
        let again = tmp.appendingPathComponent("again").path
        XCTAssertEqual(try telltale(["extract", root.path, "--features", "spectrum,dct,residual", "--size", "32",
                                     "--workers", "1", "-o", again]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + ".npy")),
                       try Data(contentsOf: URL(fileURLWithPath: again + ".npy")))
    }

    func testUnknownFamilyIsAClearError() throws {
        let root = try makeDataset(in: try temporaryDirectory(), perClass: 1)
        let run = try telltale(["extract", root.path, "--features", "spectrum,wavelets", "-o", "/tmp/never"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("wavelets"), run.stderr)
    }

    func testSingleClassDatasetIsAClearError() throws {
        let tmp = try temporaryDirectory()
        let root = try makeDataset(in: tmp, perClass: 1)
        try FileManager.default.removeItem(at: root.appendingPathComponent("fake"))
        let run = try telltale(["extract", root.path, "-o", tmp.appendingPathComponent("x").path])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertFalse(run.stderr.isEmpty)
    }
}
