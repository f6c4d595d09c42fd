import Foundation
import TelltaleTestSupport
import XCTest

/// What the command line prints: the inspect table, progress lines in logs, write errors.
final class OutputTests: CLITestCase {
    func testInspectTable() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet(perClass: 1)
        let run = try telltale(["inspect", root])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("4:2:0"))
        XCTAssertTrue(run.stdout.contains("2 file(s), 0 failed"))
        // A name that is not UTF-8: people see the byte escaped.
        try tmp.writeRaw(Array("a-caf".utf8) + [0xE9] + Array(".png".utf8), bytes: [UInt8](try read(root + "/fake/img_00.png")))
        XCTAssertTrue(try telltale(["inspect", root]).stdout.contains("a-caf\\xe9.png"))
    }

    func testProgressLinesWhenStderrIsNotATerminal() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = tmp.path("train-set")
        let quiet = try telltale(["score", model, set, "--batch-size", "1", "--workers", "1"])
        XCTAssertFalse(quiet.stderr.contains("ETA"), "a run shorter than the interval prints no progress: \(quiet.stderr)")
        let logged = try telltale(["score", model, set, "--batch-size", "1", "--workers", "1"],
                                  environment: ["TELLTALE_PROGRESS_INTERVAL": "0.000001"])
        let lines = logged.stderr.split(separator: "\n").filter { $0.hasPrefix("score: ") && $0.contains("ETA") }
        XCTAssertGreaterThanOrEqual(lines.count, 4, logged.stderr)
        XCTAssertTrue(lines.allSatisfy { $0.contains("/10 (") && $0.contains("/s, ETA ") }, logged.stderr)
        XCTAssertTrue(logged.stderr.contains("score: 10/10 (100 %) in "), logged.stderr)
        XCTAssertFalse(logged.stderr.contains("\r"), "plain lines, no terminal control")
        XCTAssertFalse(logged.stderr.contains("\u{1B}["), "plain lines, no terminal control")
    }

    /// Files the commands themselves write (predict's CSV, train's model, standard output).
    func testWriteErrorsNameTheFileAndTheReason() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = tmp.path("train-set")
        let plain = try tmp.write("plain", text: "x")
        for arguments in [["predict", model, set, "-o", plain + "/p.csv"],
                          ["train", set, "--features", "npr", "--size", "32", "--cv", "0", "-o", plain + "/m.json"]] {
            let run = try telltale(arguments)
            XCTAssertNotEqual(run.status, 0)
            XCTAssertTrue(run.stderr.contains("cannot write \(plain)/"), run.stderr)
            XCTAssertTrue(run.stderr.contains("\(plain) is not a folder"), run.stderr)
            XCTAssertFalse(run.stderr.contains("NSCocoaErrorDomain"), run.stderr)
        }
        // A full disk: standard output on /dev/full.
        let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        let score = try telltale(["score", model, set], standardOutput: full)
        XCTAssertNotEqual(score.status, 0)
        XCTAssertTrue(score.stderr.contains("cannot write standard output: No space left on device"), score.stderr)
    }
}
