import Foundation
import TelltaleTestSupport
import XCTest
@testable import TelltaleDatasets
import TelltaleSupport

final class NPYTests: XCTestCase {
    private struct Reference: Decodable {
        struct Header: Decodable {
            var shape: [Int]
            var hex: String
        }
        var numpy_3x4: [[String]]
        var numpy_fortran_2x3: [[String]]
        var numpy_bigendian_2x2: [[String]]
        var headers: [Header]
    }

    private func fixture(_ name: String, _ ext: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"), "missing fixture \(name).\(ext)")
    }

    private func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixture("npy_values", "json")))
    }

    private func matrix(_ rows: [[String]]) throws -> Matrix {
        try Matrix(rows: rows.map { try $0.map { try XCTUnwrap(Float($0), $0) } })
    }

    private func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private func assertBitwiseEqual(_ a: Matrix, _ b: Matrix, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.rows, b.rows, file: file, line: line)
        XCTAssertEqual(a.cols, b.cols, file: file, line: line)
        XCTAssertEqual(a.values.map(\.bitPattern), b.values.map(\.bitPattern), file: file, line: line)
    }

    func testReadsNumpyOutput() throws {
        let ref = try reference()
        assertBitwiseEqual(try NPY.read(from: fixture("numpy_3x4", "npy").path), try matrix(ref.numpy_3x4))
        assertBitwiseEqual(try NPY.read(from: fixture("numpy_fortran_2x3", "npy").path), try matrix(ref.numpy_fortran_2x3))
        assertBitwiseEqual(try NPY.read(from: fixture("numpy_bigendian_2x2", "npy").path), try matrix(ref.numpy_bigendian_2x2))
        let empty = try NPY.read(from: fixture("numpy_0x5", "npy").path)
        XCTAssertEqual(empty.rows, 0)
        XCTAssertEqual(empty.cols, 5)
    }

    func testWritesTheBytesNumpyWrites() throws {
        let ref = try reference()
        // The whole file: header and data.
        let numpyFile = try Data(contentsOf: fixture("numpy_3x4", "npy"))
        XCTAssertEqual(NPY.encode(try matrix(ref.numpy_3x4)), numpyFile)
        XCTAssertEqual(NPY.encode(try Matrix(rows: 0, cols: 5, values: [])), try Data(contentsOf: fixture("numpy_0x5", "npy")))
        // Headers for shapes too large to store.
        XCTAssertFalse(ref.headers.isEmpty)
        for header in ref.headers {
            let ours = NPYHeader(shape: header.shape).encoded()
            XCTAssertEqual(hex(ours), header.hex, "shape \(header.shape)")
            XCTAssertEqual(ours.count % 64, 0)
            let (parsed, offset) = try NPYHeader.decode(ours, path: "h")
            XCTAssertEqual(parsed, NPYHeader(shape: header.shape))
            XCTAssertEqual(offset, ours.count)
        }
    }

    func testRoundTripThroughDisk() throws {
        let dir = try TemporaryDirectory()
        var generator = SeededGenerator(seed: 7)
        let values = (0..<(37 * 11)).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()) & 0x7F7F_FFFF) }
        let m = try Matrix(rows: 37, cols: 11, values: values)
        let path = dir.path + "/m.npy"
        try NPY.write(m, to: path)
        assertBitwiseEqual(try NPY.read(from: path), m)
    }

    func testRejectsWrongDTypeAndShape() throws {
        let f8 = try fixture("numpy_float64", "npy").path
        XCTAssertThrowsError(try NPY.read(from: f8)) { error in
            XCTAssertEqual(error as? NPYError, .wrongDType(path: f8, dtype: "<f8"))
        }
        let oneD = try fixture("numpy_1d", "npy").path
        XCTAssertThrowsError(try NPY.read(from: oneD)) { error in
            XCTAssertEqual(error as? NPYError, .wrongShape(path: oneD, shape: [3]))
        }
    }

    func testTruncatedAndCorruptFiles() throws {
        let full = NPY.encode(try Matrix(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(full.count, 128 + 24)
        func decodeError(_ data: Data) -> NPYError? {
            do { _ = try NPY.decode(data, path: "x.npy"); return nil } catch { return error }
        }
        XCTAssertEqual(decodeError(full.prefix(150)), .truncated(path: "x.npy", expectedBytes: 152, actualBytes: 150))
        XCTAssertEqual(decodeError(full.prefix(100)), .truncated(path: "x.npy", expectedBytes: 128, actualBytes: 100))
        XCTAssertEqual(decodeError(full.prefix(7)), .truncated(path: "x.npy", expectedBytes: 10, actualBytes: 7))
        XCTAssertEqual(decodeError(Data()), .truncated(path: "x.npy", expectedBytes: 10, actualBytes: 0))
        XCTAssertEqual(decodeError(full + Data([0])), .trailingBytes(path: "x.npy", expectedBytes: 152, actualBytes: 153))
        XCTAssertEqual(decodeError(Data("PK\u{3}\u{4} not numpy".utf8)), .notNPY(path: "x.npy"))
        var version = full
        version[6] = 9
        XCTAssertEqual(decodeError(version), .unsupportedVersion(path: "x.npy", major: 9, minor: 0))
        var garbled = full
        garbled[12] = UInt8(ascii: "?")  // inside the dict literal
        guard case .badHeader? = decodeError(garbled) else { return XCTFail("expected badHeader") }
        XCTAssertTrue(NPYError.truncated(path: "x.npy", expectedBytes: 152, actualBytes: 150).description.contains("x.npy"))
    }

    func testStreamWriterMatchesOneShotWriterAndNumpy() throws {
        let dir = try TemporaryDirectory()
        let ref = try reference()
        let m = try matrix(ref.numpy_3x4)
        let path = dir.path + "/stream.npy"
        let writer = try NPYStreamWriter(path: path, columns: 4)
        for i in 0..<m.rows { try writer.append(row: m.row(i)) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing at the target before finish")
        try writer.finish()
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), try Data(contentsOf: fixture("numpy_3x4", "npy")))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["stream.npy"], "temporary file renamed away")
    }

    func testStreamWriterManyRowsCrossesBlockBoundaries() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/big.npy"
        let writer = try NPYStreamWriter(path: path, columns: 300)
        var expected = try Matrix(rows: 0, cols: 300, values: [])
        for i in 0..<1200 {
            let row = (0..<300).map { Float(i * 300 + $0) * 0.5 }
            try writer.append(row: row)
            try expected.append(row: row)
        }
        try writer.finish()
        assertBitwiseEqual(try NPY.read(from: path), expected)
    }

    func testStreamWriterCancelAndDiscardLeaveNothing() throws {
        let dir = try TemporaryDirectory()
        do {
            let writer = try NPYStreamWriter(path: dir.path + "/a.npy", columns: 2)
            try writer.append(row: [1, 2])
            writer.cancel()
        }
        do {
            let writer = try NPYStreamWriter(path: dir.path + "/b.npy", columns: 2)
            try writer.append(row: [1, 2])
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }
}
