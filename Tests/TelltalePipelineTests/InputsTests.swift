import Foundation
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// Every file given ends as exactly one row — scored, or refused with a reason — and
/// every file left out is counted: link cycles, names that are not UTF-8, dangling
/// links, FIFOs and devices, formats Telltale does not decode, CRLF lists.
final class InputsTests: XCTestCase {
    /// A model trained on `train-set/` (npr at 32 px, no CV).
    func trainModel(in tmp: TemporaryDirectory) throws -> String {
        try Pipeline.train([try tmp.labelledSet("train-set", perClass: 5, side: 32)], to: tmp.path("model.json"))
    }

    /// `real/` + `fake/` images, then the awkward entries: a link to the parent folder, a
    /// Latin-1 file name (a copy of a fake image), a dangling link, a FIFO, a link to
    /// /dev/zero, GIFs and a BMP, a hidden file.
    func makeAwkwardTree(in tmp: TemporaryDirectory) throws -> (root: String, latin1: String) {
        let root = try tmp.labelledSet("tree", perClass: 2, side: 32)
        let fake = [UInt8](try read(root + "/fake/img_00.png"))
        try tmp.makeDirectory("tree/odd")
        try tmp.symlink("tree/odd/loop", to: "..")
        let latin1 = try tmp.writeRaw(Array("tree/a-caf".utf8) + [0xE9] + Array(".png".utf8), bytes: fake)
        XCTAssertEqual(latin1, root + "/a-caf\u{F7E9}.png")
        try tmp.symlink("tree/odd/dangling.png", to: "nowhere.png")
        try tmp.makeFIFO("tree/odd/pipe.png")
        try tmp.symlink("tree/odd/zero.jpg", to: "/dev/zero")
        for k in 0..<2 { try tmp.write("tree/odd/anim\(k).gif", text: "GIF89a") }
        try tmp.write("tree/odd/old.bmp", text: "BM")
        try tmp.write("tree/odd/.hidden.png", text: "x")
        return (root, latin1)
    }

    func testAwkwardTreeGivesOneRowPerFileAndCountsTheRest() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let (root, latin1) = try makeAwkwardTree(in: tmp)
        let reporter = RecordingReporter()
        let run = try Pipeline.score(model, [root], reporter: reporter)
        XCTAssertEqual(run.summary.failed, 3, "the dangling link, the FIFO and the device (the exit status is 1)")
        let rows = ScoreCSV.rows(run.stdout)
        let odd = root + "/odd/"
        let expected = [latin1, root + "/fake/img_00.png", root + "/fake/img_01.png",
                        odd + "dangling.png", odd + "pipe.png", odd + "zero.jpg",
                        root + "/real/img_00.jpg", root + "/real/img_01.jpg"]
        XCTAssertEqual(rows.map { $0[0] }, expected, "each file once (no loop/… copies), sorted, nothing dropped")
        let byPath = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0) })
        XCTAssertEqual(byPath[latin1]?[4], "", "the Latin-1 name is read and scored")
        XCTAssertEqual(byPath[latin1]?[2], byPath[root + "/fake/img_00.png"]?[2], "same bytes, same score")
        XCTAssertEqual(byPath[odd + "dangling.png"]?[4], "cannot read the file: dangling symbolic link")
        XCTAssertEqual(byPath[odd + "pipe.png"]?[4], "not a regular file (a FIFO)")
        XCTAssertEqual(byPath[odd + "zero.jpg"]?[4], "not a regular file (a character device)")
        XCTAssertTrue(reporter.text.contains("skipped 3 files that are not images: .gif ×2, .bmp ×1"), reporter.text)
        XCTAssertTrue(reporter.text.contains("skipped 1 hidden file or folder"), reporter.text)
        XCTAssertFalse(reporter.text.contains("error: \(root)/a-caf\\xe9.png"), "a scored file has no error line")
        XCTAssertTrue(reporter.text.contains("error: \(odd)pipe.png: not a regular file (a FIFO)"), reporter.text)

        // inspect walks the same way.
        struct Report: Decodable {
            struct File: Decodable { let path: String }
            struct Skipped: Decodable { let notImages: [String: Int]; let hidden: Int }
            struct Summary: Decodable { let files: Int; let failed: Int; let skipped: Skipped? }
            let files: [File]
            let summary: Summary
        }
        let inspected = try Pipeline.inspectJSON([root])
        let report = try JSONDecoder().decode(Report.self, from: inspected.json)
        XCTAssertEqual(report.files.map(\.path), expected)
        XCTAssertEqual(report.summary.failed, 3)
        XCTAssertEqual(report.summary.skipped?.notImages, [".gif": 2, ".bmp": 1])
        XCTAssertEqual(report.summary.skipped?.hidden, 1)

        // The score output's .done says so too.
        let out = tmp.path("s.jsonl")
        try Pipeline.score(model, [root], output: out)
        let skipped = try XCTUnwrap(try jsonObject(out + ".done")["skipped"] as? [String: Any])
        XCTAssertEqual(skipped["notImages"] as? [String: Int], [".gif": 2, ".bmp": 1])

        // predict (on folders that are not a labelled layout) too.
        try FileManager.default.removeItem(atPath: odd + "loop")  // else odd/ leads to a labelled layout
        try tmp.writeRaw(Array("tree/odd/b-caf".utf8) + [0xE9] + Array(".png".utf8), bytes: [UInt8](try read(root + "/fake/img_00.png")))
        let predictReporter = RecordingReporter()
        let predicted = try Pipeline.predict(model, [odd], reporter: predictReporter)
        XCTAssertEqual(predicted.table.failures.count, 3, "the exit status is 1")
        XCTAssertEqual(predicted.csv.split(separator: "\n").count, 1 + 4, predicted.csv)
        XCTAssertTrue(predicted.csv.contains("\(odd)b-caf\u{F7E9}.png,"), predicted.csv)
        XCTAssertTrue(predicted.csv.contains("not a regular file (a FIFO)"), predicted.csv)
        XCTAssertTrue(predictReporter.text.contains("skipped 3 files that are not images"), predictReporter.text)
    }

    func testNameThatIsNotUTF8RoundTripsThroughResume() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let (root, latin1) = try makeAwkwardTree(in: tmp)
        for format in ["csv", "jsonl"] {
            let full = tmp.path("full.\(format)")
            try Pipeline.score(model, [root], output: full)
            let bytes = try read(full)
            XCTAssertNotNil(bytes.range(of: Data(latin1.utf8)), "the row holds the escaped name")
            let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
            // Keep the Latin-1 row (the first) and tear the next one.
            let cut = newlines[format == "csv" ? 1 : 0] + 5
            let part = tmp.path("part.\(format)")
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: part))
            try read(full + ".meta.json").write(to: URL(fileURLWithPath: part + ".meta.json"))
            let resumed = try Pipeline.score(model, [root], output: part, resume: true)
            XCTAssertEqual(resumed.summary.kept, 1)
            XCTAssertEqual(try read(part), bytes)
        }
    }

    func testCRLFListWithSpecialFilesAndRawBytes() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let (root, latin1) = try makeAwkwardTree(in: tmp)
        let odd = root + "/odd/"
        var list = Data()
        for path in [root + "/real/img_00.jpg", odd + "pipe.png", odd + "zero.jpg", odd + "dangling.png"] {
            list += Data((path + "\r\n").utf8)
        }
        list += Data((root + "/a-caf").utf8) + Data([0xE9]) + Data(".png\r\n".utf8)
        let file = try tmp.write("list.txt", bytes: [UInt8](list))
        let run = try Pipeline.score(model, [], pathsFrom: [file])
        let rows = ScoreCSV.rows(run.stdout)
        XCTAssertEqual(rows.map { $0[0] }, [latin1, odd + "dangling.png", odd + "pipe.png", odd + "zero.jpg",
                                            root + "/real/img_00.jpg"], "one path a line, CR dropped")
        guard rows.count == 5 else { return XCTFail("expected 5 rows: \(run.stdout)") }
        XCTAssertEqual(rows.first?[4], "")
        XCTAssertEqual(rows.last?[4], "")
        XCTAssertEqual(rows[2][4], "not a regular file (a FIFO)")
        XCTAssertEqual(rows[3][4], "not a regular file (a character device)")
        // The same list on standard input (its Latin-1 name typed as UTF-8: a row for a file that is not there).
        let typed = String(decoding: list, as: UTF8.self).replacingOccurrences(of: "\u{FFFD}", with: "é")
        let stdin = try Pipeline.score(model, ["-"], standardInput: Data(typed.utf8))
        XCTAssertEqual(ScoreCSV.rows(stdin.stdout).count, 5)
    }

    func testFormatsTelltaleDoesNotDecodeYetAreRowsAndTheRestIsCounted() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        try tmp.write("mixed/a.webp", text: "RIFF\0\0\0\0WEBPVP8 ")
        try tmp.write("mixed/b.tif", text: "II*\0\u{8}\0\0\0")
        for k in 0..<9 { try tmp.write("mixed/g\(k).gif", text: "GIF89a") }
        for k in 0..<3 { try tmp.write("mixed/b\(k).bmp", text: "BM") }
        let reporter = RecordingReporter()
        let run = try Pipeline.score(model, [tmp.path("mixed")], reporter: reporter)
        XCTAssertEqual(ScoreCSV.rows(run.stdout).map { URL(fileURLWithPath: $0[0]).lastPathComponent }, ["a.webp", "b.tif"],
                       "WebP and TIFF are rows (decoded once the decoder knows them), never dropped")
        XCTAssertTrue(reporter.text.contains("skipped 12 files that are not images: .gif ×9, .bmp ×3"), reporter.text)
        XCTAssertEqual(run.summary.rows, 2)
        XCTAssertEqual(run.summary.skipped.notImageCount, 12)
    }
}
