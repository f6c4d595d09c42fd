import Foundation
import TelltaleTestSupport
import XCTest

/// Parsing: help, version, refused arguments, and options reaching the run.
final class CommandLineTests: CLITestCase {
    func testVersionAndHelp() throws {
        let version = try telltale(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let help = try telltale(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("inspect"))
        for command in ["inspect", "audit", "extract", "train", "predict", "evaluate", "crossval", "score"] {
            XCTAssertTrue(try telltale([command, "--help"]).stdout.contains("--memory-budget"), command)
        }
    }

    func testRefusedArgumentsAreClearErrors() throws {
        let root = try makeTemporaryDirectory().labelledSet(perClass: 1)
        func refused(_ arguments: [String], because text: String, line: UInt = #line) throws {
            let run = try telltale(arguments)
            XCTAssertNotEqual(run.status, 0, arguments.joined(separator: " "), line: line)
            XCTAssertTrue(run.stderr.contains(text), run.stderr, line: line)
        }
        try refused(["extract", root, "--features", "spectrum,wavelets", "-o", "/tmp/never"], because: "wavelets")
        try refused(["score", "model.json", root, "--memory-budget", "lots"], because: "is not a size")
        try refused(["score", "model.json", root, "--resume"], because: "--resume needs --output")
        try refused(["bench"], because: "give a SPEC to run, or --check RUN")
        try refused(["merge-scores", "out.csv", "a.csv", "a.csv"], because: "a shard output is given twice")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never.npy"))
    }

    func testCalibrateParsingAndRefusals() throws {
        let help = try telltale(["calibrate", "--help"])
        XCTAssertEqual(help.status, 0)
        for text in ["--method", "platt", "isotonic", "--target-fpr", "--target-precision", "--memory-budget",
                     "cannot be detected yet"] {
            XCTAssertTrue(help.stdout.contains(text), "\(text) in\n\(help.stdout)")
        }
        XCTAssertTrue(try telltale(["--help"]).stdout.contains("calibrate"))
        func refused(_ arguments: [String], because text: String, line: UInt = #line) throws {
            let run = try telltale(["calibrate"] + arguments)
            XCTAssertEqual(run.status, 64, arguments.joined(separator: " "), line: line)  // a usage error, before any work
            XCTAssertTrue(run.stderr.contains(text), run.stderr, line: line)
        }
        try refused(["m.json", "v", "-o", "c.json", "--method", "none"], because: "leaves nothing to do")
        try refused(["m.json", "v", "-o", "c.json", "--target-fpr", "0.01", "--target-precision", "0.9"], because: "not both")
        try refused(["m.json", "v", "-o", "c.json", "--target-fpr", "5"], because: "--target-fpr must be in [0, 1]")
        try refused(["m.json", "v", "-o", "c.json", "--method", "beta"], because: "--method")
        try refused(["m.json", "v"], because: "--output")
        try refused(["m.json", "-o", "c.json"], because: "validation")
        // A refusal of the run itself (the model does not exist) is an error, not a usage error.
        let missing = try telltale(["calibrate", "/nonexistent/m.json", "v", "-o", "c.json"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/m.json"), missing.stderr)
    }

    func testMemoryBudgetOptionReachesTheRun() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = tmp.path("train-set")
        // Recorded with score's run: 2K is 2048 bytes.
        let out = tmp.path("s.csv")
        XCTAssertEqual(try telltale(["score", model, set, "-o", out, "--memory-budget", "2K", "--allow-failures"]).status, 0)
        let meta = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(out + ".meta.json")) as? [String: Any])
        XCTAssertEqual(meta["memoryBudget"] as? Int, 2048)
        XCTAssertEqual(try telltale(["score", model, set, "--memory-budget", "1G"]).status, 0)
    }
}
