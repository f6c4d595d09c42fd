import Foundation
import TelltaleTestSupport
import XCTest

/// Parsing: help, version, refused arguments, and options reaching the run.
final class CommandLineTests: CLITestCase {
    func testVersionAndHelp() throws {
        let version = try telltale(["--version"])
        XCTAssertEqual(version.status, 0)
        // The version, the commit the binary was built from and its flavour.
        XCTAssertNotNil(version.stdout.range(of: #"^\d+\.\d+\.\d+ \(commit ([0-9a-f]{40}(\+dirty)?|unknown), (debug|release)[^)]* build\)\n$"#,
                                             options: .regularExpression), version.stdout)
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
        // An option that would be ignored is an error.
        try refused(["train", root, "--model", "mlp", "--C", "0.1", "-o", "/tmp/never"], because: "--C applies to --model logistic")
        try refused(["train", root, "--hidden", "8", "-o", "/tmp/never"], because: "--hidden applies to --model mlp")
        try refused(["crossval", root, "--patience", "3", "-o", "/tmp/never"], because: "--patience applies to --model mlp")
        try refused(["train", root, "--C", "0.1,1", "--cv", "0", "-o", "/tmp/never"], because: "only the first would be used")
        try refused(["train", root, "--grouped-cv", "--cv", "0", "-o", "/tmp/never"], because: "grouped-cv needs cv 2 or more")
        try refused(["train", root, "--augment-p", "0.3", "-o", "/tmp/never"], because: "without --augment would be ignored")
        try refused(["train", root, "--split", "val", "-o", "/tmp/never"], because: "no images in split 'val'")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never.npy"))
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
