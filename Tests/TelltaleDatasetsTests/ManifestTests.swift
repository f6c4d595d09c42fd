import Foundation
import TelltaleTestSupport
import XCTest
@testable import TelltaleDatasets

final class ManifestTests: XCTestCase {
    func testRelativeAbsoluteQuotedAndOptionalColumns() throws {
        let dir = try TemporaryDirectory()
        try dir.write("images/a.png")
        try dir.write("images/b, \"quoted\".jpg")
        try dir.write("images/line\nbreak.png")
        let absolute = try dir.write("elsewhere/c.png")
        let text = """
        \u{FEFF}Path,LABEL,group,split,notes\r
        images/a.png,real,sd14,Train,x\r
        "images/b, ""quoted"".jpg",1,"gen, with comma",,\r
        \r
        \(absolute),FAKE,,testing,"multi
        line note"\r
        "images/line
        break.png", 0 ,,val,
        """
        let manifest = try dir.write("manifest.csv", text: text)
        let dataset = try DatasetLoader.load(manifest)
        XCTAssertEqual(dataset.layout, .manifest)
        XCTAssertEqual(dataset.root, manifest)
        let byName = Dictionary(uniqueKeysWithValues: dataset.items.map { (($0.path as NSString).lastPathComponent, $0) })
        XCTAssertEqual(byName["a.png"], LabelledImage(path: dir.path + "/images/a.png", label: .real, group: "sd14", split: "train"))
        XCTAssertEqual(byName["b, \"quoted\".jpg"]?.label, .fake)
        XCTAssertEqual(byName["b, \"quoted\".jpg"]?.group, "gen, with comma")
        XCTAssertNil(byName["b, \"quoted\".jpg"]?.split)
        XCTAssertEqual(byName["c.png"], LabelledImage(path: absolute, label: .fake, group: nil, split: "test"))
        XCTAssertEqual(byName["line\nbreak.png"]?.split, "val")
        XCTAssertEqual(byName["line\nbreak.png"]?.label, .real)
        XCTAssertEqual(dataset.items.map(\.path), dataset.items.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    func testPathAndLabelOnly() throws {
        let items = try Manifest.parse("path,label\nx.png,0\ny.png,fake\n", manifest: "m.csv", baseDirectory: "/data", checkFiles: false)
        XCTAssertEqual(items, [LabelledImage(path: "/data/x.png", label: .real), LabelledImage(path: "/data/y.png", label: .fake)])
    }

    private func assertRowError(_ text: String, line: Int, containing fragment: String,
                                file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try Manifest.parse(text, manifest: "m.csv", baseDirectory: "/d", checkFiles: false),
                             file: file, line: lineNumber) { error in
            guard case .badManifestRow(let manifest, let l, let reason)? = error as? DatasetError else {
                return XCTFail("unexpected \(error)", file: file, line: lineNumber)
            }
            XCTAssertEqual(manifest, "m.csv", file: file, line: lineNumber)
            XCTAssertEqual(l, line, file: file, line: lineNumber)
            XCTAssertTrue(reason.contains(fragment), "\(reason)", file: file, line: lineNumber)
            XCTAssertTrue("\(error)".hasPrefix("m.csv:\(line): "), file: file, line: lineNumber)
        }
    }

    func testRowErrorsCarryLineNumbers() {
        assertRowError("path,label\na.png,0\nb.png,2\n", line: 3, containing: "label '2'")
        assertRowError("path,label\na.png,0,extra\n", line: 2, containing: "expected 2 fields, found 3")
        assertRowError("path,label\n\"multi\nline.png\",0\n,1\n", line: 4, containing: "empty path")
        assertRowError("path,label\na.png,0\n\nb.png,1\na.png,1\n", line: 5, containing: "listed twice (first on line 2)")
        assertRowError("path,label\n\"a.png,0\n", line: 2, containing: "unterminated")
        assertRowError("path,label\na\"b.png,0\n", line: 2, containing: "quote inside an unquoted field")
        assertRowError("path,label\n\"a.png\"x,0\n", line: 2, containing: "text after a closing quote")
    }

    func testMissingFileIsARowError() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.png")
        let manifest = try dir.write("m.csv", text: "path,label\na.png,0\nmissing.png,1\n")
        XCTAssertThrowsError(try DatasetLoader.load(manifest)) { error in
            guard case .badManifestRow(_, let line, let reason)? = error as? DatasetError else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 3)
            XCTAssertTrue(reason.contains("no such file"))
        }
    }

    func testHeaderErrors() {
        for text in ["", "file,label\na.png,0\n", "path\na.png\n"] {
            XCTAssertThrowsError(try Manifest.parse(text, manifest: "m.csv", baseDirectory: nil, checkFiles: false)) { error in
                guard case .badManifestHeader(let manifest, _)? = error as? DatasetError else { return XCTFail("\(error)") }
                XCTAssertEqual(manifest, "m.csv")
            }
        }
    }

    func testCSVRoundTripOfAwkwardFields() throws {
        let fields = ["plain", "with,comma", "with \"quotes\"", "multi\nline", "", "crlf\r\nend"]
        let text = CSV.record(fields) + CSV.record(["second"])
        let records = try CSV.parse(text)
        XCTAssertEqual(records, [CSV.Record(line: 1, fields: fields), CSV.Record(line: 4, fields: ["second"])])
    }

    func testLabelParsing() {
        XCTAssertEqual(Label(text: " Real "), .real)
        XCTAssertEqual(Label(text: "1"), .fake)
        XCTAssertNil(Label(text: "yes"))
    }
}
