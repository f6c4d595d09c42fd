import Foundation
import TelltaleTestSupport
import XCTest

/// The exit status of each command that can fail file by file or warn: 0, 1 when a file
/// failed, 3 for a strict audit that warns.
final class ExitStatusTests: CLITestCase {
    func testInspectIsOneWhenAFileFails() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet(perClass: 2)
        XCTAssertEqual(try telltale(["inspect", root, "--json"]).status, 0)
        try tmp.write("fake/zero.png", bytes: [])
        let run = try telltale(["inspect", root, "--json"])
        XCTAssertEqual(run.status, 1, "a failed file makes the exit status non-zero")
        XCTAssertTrue(run.stderr.contains("error: \(root)/fake/zero.png: empty file"), run.stderr)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)), "the document is complete")
    }

    func testPredictIsOneWhenAFileFails() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let folder = tmp.path("train-set/fake")
        XCTAssertEqual(try telltale(["predict", model, folder]).status, 0)
        try tmp.write("train-set/fake/broken.png", bytes: [])
        let run = try telltale(["predict", model, folder])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout.split(separator: "\n").count, 1 + 6, "the failure is a row too")
    }

    func testScoreIsOneWhenAFileFailsUnlessFailuresAreAllowed() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try tmp.scoringTree()
        let run = try telltale(["score", model, tree, "--workers", "2", "--batch-size", "3"])
        XCTAssertEqual(run.status, 1, "failed files make the exit status non-zero")
        for name in TemporaryDirectory.brokenNames {
            XCTAssertTrue(run.stderr.contains("error: \(tree)/\(name): "), run.stderr)
        }
        let allowed = try telltale(["score", model, tree, "--workers", "1", "--batch-size", "64", "--allow-failures"])
        XCTAssertEqual(allowed.status, 0)
        XCTAssertEqual(allowed.stdout, run.stdout)
    }

    func testStrictAuditIsThreeWhenItWarns() throws {
        // Every real is a JPEG and every fake a PNG: the audit must warn.
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("shortcut", perClass: 8, side: 32)
        try tmp.write("shortcut/fake/x.webp", text: "RIFF\0\0\0\0WEBPVP8 ")
        let run = try telltale(["audit", root, "--strict"])
        XCTAssertEqual(run.status, 3, run.stdout)
        XCTAssertTrue(run.stdout.contains("WARNING"))
        XCTAssertTrue(run.stderr.contains("error: \(root)/fake/x.webp:"), "a file that cannot be read: \(run.stderr)")

        // Both classes the same JPEGs: quiet.
        let same = try tmp.labelledSet("same", perClass: 8, side: 32)
        try FileManager.default.removeItem(atPath: same + "/fake")
        try FileManager.default.copyItem(atPath: same + "/real", toPath: same + "/fake")
        let quiet = try telltale(["audit", same, "--strict"])
        XCTAssertEqual(quiet.status, 0, quiet.stdout)
        XCTAssertFalse(quiet.stdout.contains("WARNING"))
    }
}
