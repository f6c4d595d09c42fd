import Foundation
import XCTest

/// `telltale bench`: reproducible runs from a spec, `--check`, and spec validation.
final class BenchCommandTests: CLITestCase {
    /// A labelled set split into train/test manifests, and a spec over them (relative paths).
    func makeSpec(in tmp: URL, extra: String = "") throws -> URL {
        let root = try makeDataset(in: tmp.appendingPathComponent("set"), perClass: 8, side: 40, group: "gen-a")
        let split = try telltale(["split", root.path, "--test", "0.4", "--seed", "1", "-o", tmp.appendingPathComponent("split").path])
        XCTAssertEqual(split.status, 0, split.stderr)
        let spec = tmp.appendingPathComponent("spec.json")
        try """
        {"name": "tiny", "train": ["split/train.csv"], "test": ["split/test.csv"],
         "features": {"families": ["spectrum", "npr"], "size": 32},
         "model": {"kind": "logistic", "C": [0.1, 1], "cv": 2},
         "seed": 3, "bootstrap": 20, "workers": 2\(extra),
         "protocol": {"raw": true, "neutralised": {"quality": 90}, "perturbations": ["jpeg:80"]}}
        """.write(to: spec, atomically: true, encoding: .utf8)
        return spec
    }

    /// Relative paths of every file under `folder`.
    func files(under folder: URL) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)!
        return walker.compactMap { $0 as? String }.filter { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue
        }.sorted()
    }

    func testRunTwiceGivesIdenticalFilesAndCheckCatchesAChangedInput() throws {
        let tmp = try temporaryDirectory()
        let spec = try makeSpec(in: tmp)
        let run1 = tmp.appendingPathComponent("run1"), run2 = tmp.appendingPathComponent("run2")
        let first = try telltale(["bench", spec.path, "-o", run1.path])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("| raw | jpeg:80 |"), first.stdout)
        XCTAssertTrue(first.stdout.contains("| neutralised | none |"), first.stdout)
        XCTAssertEqual(try telltale(["bench", spec.path, "-o", run2.path]).status, 0)

        let names = files(under: run1)
        for expected in ["spec.resolved.json", "inputs.csv", "model-raw.json", "model-neutralised.json",
                         "metrics/metrics.json", "metrics/metrics.md", "metrics/raw/report.json",
                         "metrics/neutralised/report.md", "environment.json", "timings.json"] {
            XCTAssertTrue(names.contains(expected), "\(expected) missing from \(names)")
        }
        XCTAssertEqual(names, files(under: run2))
        for name in names where !["environment.json", "timings.json"].contains(name) {
            XCTAssertEqual(try Data(contentsOf: run1.appendingPathComponent(name)),
                           try Data(contentsOf: run2.appendingPathComponent(name)), "\(name) differs between runs")
        }
        // The two protocols really train different models.
        XCTAssertNotEqual(try Data(contentsOf: run1.appendingPathComponent("model-raw.json")),
                          try Data(contentsOf: run1.appendingPathComponent("model-neutralised.json")))

        // Every input is listed with its SHA-256; the environment names OpenBLAS.
        let inputs = try String(contentsOf: run1.appendingPathComponent("inputs.csv"), encoding: .utf8)
        XCTAssertEqual(inputs.split(separator: "\n").count, 1 + 16)
        XCTAssertTrue(inputs.contains(",train\n") && inputs.contains(",test\n"))
        let environment = try JSONSerialization.jsonObject(with: Data(contentsOf: run1.appendingPathComponent("environment.json"))) as! [String: Any]
        XCTAssertTrue((environment["openBLASConfig"] as? String ?? "").contains("OpenBLAS"), "\(environment)")
        XCTAssertEqual(environment["workers"] as? Int, 2)

        // An existing run folder is not overwritten without --force.
        let again = try telltale(["bench", spec.path, "-o", run1.path])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("--force"), again.stderr)

        let check = try telltale(["bench", "--check", run1.path])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("check passed"), check.stdout)

        // Change one test image: the check names it and fails.
        let testLine = inputs.split(separator: "\n").first { $0.hasSuffix(",test") }!
        let changed = String(testLine.split(separator: ",")[0])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: changed))
        bytes[bytes.count / 2] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: changed))
        let failed = try telltale(["bench", "--check", run1.path])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(failed.stdout.contains("input changed: \(changed)"), failed.stdout + failed.stderr)

        // A missing image too.
        try FileManager.default.removeItem(atPath: changed)
        let missing = try telltale(["bench", "--check", run1.path])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stdout.contains("input missing: \(changed)"), missing.stdout)
    }

    func testCheckNamesADifferingFileAndKey() throws {
        let tmp = try temporaryDirectory()
        let spec = try makeSpec(in: tmp)
        let run = tmp.appendingPathComponent("run")
        XCTAssertEqual(try telltale(["bench", spec.path, "-o", run.path]).status, 0)
        let metrics = run.appendingPathComponent("metrics/metrics.json")
        var text = try String(contentsOf: metrics, encoding: .utf8)
        XCTAssertTrue(text.contains("\"trainImages\" : 8"), text)
        text = text.replacingOccurrences(of: "\"trainImages\" : 8", with: "\"trainImages\" : 9")
        try text.write(to: metrics, atomically: true, encoding: .utf8)
        let check = try telltale(["bench", "--check", run.path])
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.stdout.contains("differs: metrics/metrics.json: first difference at trainImages"), check.stdout)
        XCTAssertFalse(check.stdout.contains("timings.json"))
        XCTAssertTrue(check.stderr.contains("1 file(s)"), check.stderr)

        // --force replaces the run folder, after which the check passes again.
        XCTAssertEqual(try telltale(["bench", spec.path, "-o", run.path, "--force"]).status, 0)
        XCTAssertEqual(try telltale(["bench", "--check", run.path]).status, 0)
    }

    func testSpecErrorsAreClear() throws {
        let tmp = try temporaryDirectory()
        _ = try makeDataset(in: tmp.appendingPathComponent("set"), perClass: 2, side: 32)
        func run(_ json: String) throws -> Run {
            let spec = tmp.appendingPathComponent("bad.json")
            try json.write(to: spec, atomically: true, encoding: .utf8)
            let result = try telltale(["bench", spec.path, "-o", tmp.appendingPathComponent("out").path])
            XCTAssertNotEqual(result.status, 0, json)
            XCTAssertTrue(result.stderr.contains(spec.path), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("out").path))
            return result
        }
        XCTAssertTrue(try run(#"{"train": ["set"], "test": ["set"], "seeed": 1}"#).stderr.contains("unknown key 'seeed'"))
        XCTAssertTrue(try run(#"{"train": ["set"], "test": ["set"], "model": {"Cs": [1]}}"#).stderr.contains("unknown key 'model.Cs'"))
        let missing = try run(#"{"train": ["set", "nowhere"], "test": ["set"]}"#).stderr
        XCTAssertTrue(missing.contains("train[1]") && missing.contains(tmp.appendingPathComponent("nowhere").path), missing)
        XCTAssertTrue(try run(#"{"train": ["set"]}"#).stderr.contains("missing required key 'test'"))
        XCTAssertTrue(try run(#"{"train": ["set"], "test": ["set"], "model": {"C": "big"}}"#).stderr.contains("model.C"))
        XCTAssertTrue(try run(#"{"train": ["set"], "test": ["set"], "protocol": {"perturbations": ["jpeg:500"]}}"#).stderr.contains("protocol.perturbations[0]"))
        XCTAssertTrue(try run(#"{"train": ["set"], "test": ["set"], "model": {"cv": 1}}"#).stderr.contains("model.cv"))
        XCTAssertTrue(try run(#"{"train": ["set"], "test": ["set"], "features": {"families": ["nope"]}}"#).stderr.contains("nope"))
        XCTAssertTrue(try run(#"{"train": ["set"], "test": ["set"], "protocol": {"raw": false}}"#).stderr.contains("protocol"))
        XCTAssertTrue(try run(#"{"train": ["set"], "test": ["set"],"#).stderr.contains("JSON"))
    }
}
