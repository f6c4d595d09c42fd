import Foundation
import TelltaleTestSupport
import XCTest
@testable import TelltaleDatasets
import TelltaleSupport

final class FeatureFileTests: XCTestCase {
    private let configuration: JSONValue = .object(["families": .array([.string("spectrum")]), "crop": .number(256)])

    private func sample(rows: Int = 3) throws -> FeatureFile {
        let names = ["f0", "f1"]
        let rowInfo = (0..<rows).map { i in
            FeatureRow(path: "/data/img\(i).png", sha256: String(repeating: "ab", count: 32),
                       label: i % 2 == 0 ? .real : .fake, group: i == 0 ? nil : "sd14", split: "train")
        }
        let sidecar = FeatureSidecar(
            toolVersion: "0.1.0", featureNames: names, configuration: configuration,
            configurationHash: try CanonicalJSON.hash(configuration), rows: rowInfo,
            failures: [InputFailure(path: "/data/bad.png", reason: "not a PNG or JPEG")])
        let matrix = try Matrix(rows: rows, cols: 2, values: (0..<(rows * 2)).map { Float($0) / 3 })
        return FeatureFile(sidecar: sidecar, matrix: matrix)
    }

    func testRoundTripAndPaths() throws {
        let dir = try TemporaryDirectory()
        let file = try sample()
        try file.write(to: dir.path + "/features.npy")
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)), ["features.npy", "features.json"])
        for name in ["features", "features.npy", "features.json"] {
            XCTAssertEqual(try FeatureFile.read(from: dir.path + "/" + name), file)
        }
        let json = try String(contentsOfFile: dir.path + "/features.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"configuration_hash\""))
        XCTAssertTrue(json.contains("\"group\" : null"), "unlabelled fields are explicit nulls")
        XCTAssertEqual(try FeatureFile.readSidecar(from: dir.path + "/features").configurationHash,
                       try CanonicalJSON.hash(configuration))
    }

    func testAppendSelectAndFeatureFilePaths() throws {
        var file = try sample(rows: 3)
        let more = try sample(rows: 2)
        try file.append(more, source: "more")
        XCTAssertEqual(file.rows.count, 5)
        XCTAssertEqual(file.sidecar.rowCount, 5)
        XCTAssertEqual(file.failures.count, 2)
        XCTAssertEqual(file.matrix.row(4), more.matrix.row(1))
        var other = try sample(rows: 1)
        other.sidecar.configurationHash = "different"
        XCTAssertThrowsError(try file.append(other, source: "other.npy")) {
            XCTAssertEqual($0 as? FeatureFileError, .differentConfiguration(path: "other.npy"))
        }
        let part = file.selecting(rows: [4, 0])
        XCTAssertEqual(part.rows.map(\.path), [file.rows[4].path, file.rows[0].path])
        XCTAssertEqual(part.sidecar.rowCount, 2)
        XCTAssertEqual(part.matrix.values, file.matrix.row(4) + file.matrix.row(0))

        let dir = try TemporaryDirectory()
        try file.write(to: dir.path + "/x")
        for name in ["x", "x.npy", "x.json"] { XCTAssertTrue(FeatureFile.isFeatureFile(dir.path + "/" + name), name) }
        XCTAssertFalse(FeatureFile.isFeatureFile(dir.path))
        XCTAssertFalse(FeatureFile.isFeatureFile(dir.path + "/y"))
    }

    func testNonFiniteValueRefusesTheWholeFileNamingRowAndFeature() throws {
        let dir = try TemporaryDirectory()
        var file = try sample(rows: 2)
        file.matrix[1, 1] = .nan
        try file.write(to: dir.path + "/bad")
        XCTAssertThrowsError(try FeatureFile.read(from: dir.path + "/bad")) {
            guard case let .nonFiniteValue(npy, row, rowPath, feature, value)? = $0 as? FeatureFileError else {
                return XCTFail("\($0)")
            }
            XCTAssertEqual([npy, rowPath, feature], [dir.path + "/bad.npy", "/data/img1.png", "f1"])
            XCTAssertEqual(row, 1)
            XCTAssertTrue(value.isNaN)
            XCTAssertTrue("\($0)".contains("row 2 (/data/img1.png) has feature f1 = nan, not a finite number"), "\($0)")
        }
    }

    func testComputationIsRecordedAndOptional() throws {
        let dir = try TemporaryDirectory()
        var file = try sample()
        file.sidecar.computation = ["build": "portable", "fftw_plan": "wisdom (256×256)"]
        try file.write(to: dir.path + "/with.npy")
        XCTAssertEqual(try FeatureFile.readSidecar(from: dir.path + "/with").computation?["fftw_plan"], "wisdom (256×256)")
        // Files from before 0.2.0 have no such key.
        file.sidecar.computation = nil
        try file.write(to: dir.path + "/without.npy")
        let json = try String(contentsOfFile: dir.path + "/without.json", encoding: .utf8)
        XCTAssertFalse(json.contains("computation"))
        XCTAssertNil(try FeatureFile.readSidecar(from: dir.path + "/without").computation)
    }

    func testRowSHA256ComesFromTheFile() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("x.png", text: "abc")
        let row = try FeatureRow(image: LabelledImage(path: path, label: .fake, group: "g", split: "test"))
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        XCTAssertEqual(row.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(row.label, .fake)
        XCTAssertEqual(row.group, "g")
    }

    func testValidationErrors() throws {
        let dir = try TemporaryDirectory()
        let base = dir.path + "/f"
        try sample(rows: 3).write(to: base)

        // Missing sidecar.
        try FileManager.default.moveItem(atPath: base + ".json", toPath: base + ".json.bak")
        XCTAssertThrowsError(try FeatureFile.read(from: base)) { error in
            XCTAssertEqual(error as? FeatureFileError, .missingSidecar(base + ".json"))
        }
        try FileManager.default.moveItem(atPath: base + ".json.bak", toPath: base + ".json")

        // Matrix with another row count.
        try NPY.write(try Matrix(rows: 2, cols: 2, values: [1, 2, 3, 4]), to: base + ".npy")
        XCTAssertThrowsError(try FeatureFile.read(from: base)) { error in
            XCTAssertEqual(error as? FeatureFileError, .rowCountMismatch(npy: base + ".npy", npyRows: 2, sidecarRows: 3))
        }
        // Matrix with another column count.
        try NPY.write(try Matrix(rows: 3, cols: 1, values: [1, 2, 3]), to: base + ".npy")
        XCTAssertThrowsError(try FeatureFile.read(from: base)) { error in
            XCTAssertEqual(error as? FeatureFileError, .columnCountMismatch(npy: base + ".npy", npyColumns: 1, featureNames: 2))
        }
        // Truncated matrix.
        let good = NPY.encode(try Matrix(rows: 3, cols: 2, values: [1, 2, 3, 4, 5, 6]))
        try good.prefix(good.count - 3).write(to: URL(fileURLWithPath: base + ".npy"))
        XCTAssertThrowsError(try FeatureFile.read(from: base)) { error in
            XCTAssertEqual(error as? FeatureFileError,
                           .matrix(.truncated(path: base + ".npy", expectedBytes: good.count, actualBytes: good.count - 3)))
        }
        // Wrong dtype.
        var f8 = good
        f8.replaceSubrange(21..<24, with: Data("<f8".utf8))  // 'descr': '<f4' → '<f8'
        try f8.write(to: URL(fileURLWithPath: base + ".npy"))
        XCTAssertThrowsError(try FeatureFile.read(from: base)) { error in
            XCTAssertEqual(error as? FeatureFileError, .matrix(.wrongDType(path: base + ".npy", dtype: "<f8")))
        }
        // Missing matrix.
        try FileManager.default.removeItem(atPath: base + ".npy")
        XCTAssertThrowsError(try FeatureFile.read(from: base)) { error in
            XCTAssertEqual(error as? FeatureFileError, .missingMatrix(base + ".npy"))
        }
        // Malformed and future sidecars.
        try good.write(to: URL(fileURLWithPath: base + ".npy"))
        try "{\"format_version\": 1}".write(toFile: base + ".json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FeatureFile.read(from: base)) { error in
            guard case .badSidecar(let path, let reason)? = error as? FeatureFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, base + ".json")
            XCTAssertTrue(reason.contains("missing key"), reason)
        }
        var future = try sample(rows: 3).sidecar
        future.formatVersion = 99
        try AtomicFile.write(CanonicalJSON.encode(future), to: base + ".json")
        XCTAssertThrowsError(try FeatureFile.read(from: base)) { error in
            XCTAssertEqual(error as? FeatureFileError, .unsupportedFormatVersion(path: base + ".json", version: 99))
        }
    }

    func testStreamingWriterEqualsOneShotWrite() throws {
        let dir = try TemporaryDirectory()
        let file = try sample(rows: 5)
        let writer = try FeatureFileWriter(
            path: dir.path + "/streamed", toolVersion: file.sidecar.toolVersion, featureNames: file.featureNames,
            configuration: file.sidecar.configuration, configurationHash: file.sidecar.configurationHash)
        for (i, row) in file.rows.enumerated() { try writer.append(row, features: file.matrix.row(i)) }
        for failure in file.failures { writer.recordFailure(failure) }
        XCTAssertEqual(try writer.finish(), file.sidecar)
        try file.write(to: dir.path + "/oneshot")
        for ext in ["npy", "json"] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/streamed." + ext)),
                           try Data(contentsOf: URL(fileURLWithPath: dir.path + "/oneshot." + ext)), ext)
        }
    }

    func testCSVExport() throws {
        var file = try sample(rows: 2)
        file.sidecar.rows[0].path = "/data/a,b.png"
        file.matrix = try Matrix(rows: 2, cols: 2, values: [0.1, -2, .nan, .infinity])
        XCTAssertEqual(file.csv(), """
            path,label,group,f0,f1
            "/data/a,b.png",0,,0.1,-2.0
            /data/img1.png,1,sd14,nan,inf

            """)
    }
}
