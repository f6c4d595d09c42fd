import Foundation
import XCTest
@testable import TelltaleDatasets

final class ImageFilesTests: XCTestCase {
    func testListsFilesAndDirectoriesSortedAndDeduplicated() throws {
        let dir = try TemporaryDirectory()
        let b = try dir.write("in/b.png")
        let a = try dir.write("in/sub/a.jpg", bytes: TemporaryDirectory.jpegSignature)
        let sniffed = try dir.write("in/noext", bytes: TemporaryDirectory.pngSignature)
        try dir.write("in/skip.txt", text: "text")
        try dir.write("in/.hidden.png")
        let explicit = try dir.write("other/explicit.dat", text: "kept because named")
        let listed = try ImageFiles.list([dir.path + "/other/explicit.dat", dir.path + "/in", b])
        XCTAssertEqual(listed, [b, sniffed, a, explicit].sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    func testMissingInput() throws {
        XCTAssertThrowsError(try ImageFiles.list(["/nonexistent/telltale"])) { error in
            XCTAssertEqual(error as? DatasetError, .pathMissing("/nonexistent/telltale"))
        }
    }

    func testEmptyInputs() throws {
        XCTAssertEqual(try ImageFiles.list([]), [])
        let dir = try TemporaryDirectory()
        XCTAssertEqual(try ImageFiles.list([dir.path]), [])
    }
}
