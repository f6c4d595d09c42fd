import Foundation
import TelltaleFeatures
import TelltaleLearning
@testable import TelltalePipeline
import TelltaleTestSupport
import XCTest

/// Bench runs from a spec, `check`, and spec validation, in process (`telltale bench`).
final class BenchRunTests: XCTestCase {
    /// A labelled set split into train/test manifests, and a spec over them (relative paths).
    func makeSpec(in tmp: TemporaryDirectory) throws -> String {
        let root = try tmp.labelledSet("set", perClass: 8, side: 40, group: "gen-a")
        _ = try StratifiedSplit.write(dataset: root, test: 0.4, seed: 1, to: tmp.path("split"))
        return try tmp.write("spec.json", text: """
        {"name": "tiny", "train": ["split/train.csv"], "test": ["split/test.csv"],
         "features": {"families": ["spectrum", "npr"], "size": 32},
         "model": {"kind": "logistic", "C": [0.1, 1], "cv": 2},
         "seed": 3, "bootstrap": 20, "workers": 2,
         "protocol": {"raw": true, "neutralised": {"quality": 90}, "perturbations": ["jpeg:80"]}}
        """)
    }

    /// Relative paths of every file under `folder`.
    func files(under folder: String) -> [String] {
        TemporaryDirectory.sortedFiles(under: folder).map { String($0.dropFirst(folder.count + 1)) }.sorted()
    }

    func testSeveralSeedsRunEachProtocolPerSeedAndReportTheSpread() throws {
        let tmp = try makeTemporaryDirectory()
        let spec = try String(contentsOfFile: try makeSpec(in: tmp), encoding: .utf8)
            .replacingOccurrences(of: #""seed": 3"#, with: #""seeds": [3, 4]"#)
        let path = try tmp.write("seeds.json", text: spec)
        let run = try BenchRun.run(specPath: path, output: tmp.path("run"), force: false, reporter: SilentReporter())
        let spread = try XCTUnwrap(run.metrics.acrossSeeds)
        XCTAssertEqual(spread.seeds, ["3", "4"])
        XCTAssertEqual(spread.rows.map { "\($0.protocol) \($0.condition)" },
                       ["raw none", "raw jpeg:80", "neutralised none", "neutralised jpeg:80"])
        XCTAssertEqual(spread.rows[0].accuracy.values.count, 2)
        XCTAssertEqual(run.metrics.protocols[0].model, "seed-3/model-raw.json")
        let names = files(under: tmp.path("run"))
        for expected in ["seed-3/model-raw.json", "seed-4/model-neutralised.json", "seed-4/metrics/raw/report.json",
                         "metrics/metrics.json", "spec.resolved.json"] {
            XCTAssertTrue(names.contains(expected), "\(expected) missing from \(names)")
        }
        XCTAssertTrue(run.metrics.markdown.contains("Across 2 seeds (3, 4)"))
        // The resolved spec re-runs identically.
        guard case .passed = try BenchRun.check(tmp.path("run"), reporter: SilentReporter()) else { return XCTFail("check failed") }
        let both = spec.replacingOccurrences(of: #""seeds": [3, 4]"#, with: #""seeds": [3, 4], "seed": 5"#)
        XCTAssertThrowsError(try BenchRun.run(specPath: try tmp.write("both.json", text: both), output: tmp.path("x"), force: false,
                                              reporter: SilentReporter()))
    }

    func testSpecSplitsAreHonouredAndMixingIsRefusedNamingTheKey() throws {
        let tmp = try makeTemporaryDirectory()
        try tmp.labelledSet("gen/sd", perClass: 6, side: 32, group: "train")
        try tmp.labelledSet("gen/sd", perClass: 3, side: 40, group: "val")
        let body = #""train": ["gen"], "test": ["gen"], "features": {"families": ["npr"], "size": 32}, "model": {"cv": 0}, "bootstrap": 0, "workers": 2"#
        let mixed = try tmp.write("mixed.json", text: "{" + body + "}")
        XCTAssertThrowsError(try BenchRun.run(specPath: mixed, output: tmp.path("m"), force: false, reporter: SilentReporter())) {
            XCTAssertTrue("\($0)".contains("several splits") && "\($0)".contains(#"set "trainSplit""#), "\($0)")
        }
        let split = try tmp.write("split.json", text: "{" + body + #", "trainSplit": "train", "testSplit": "val"}"#)
        let run = try BenchRun.run(specPath: split, output: tmp.path("s"), force: false, reporter: SilentReporter())
        XCTAssertEqual(run.metrics.trainImages, 12)
        XCTAssertEqual(run.metrics.testImages, 6)
        XCTAssertFalse(try String(contentsOfFile: tmp.path("s/metrics/raw/report.json"), encoding: .utf8).contains("gitCommit"),
                       "a bench report does not change with a rebuild")
    }

    func testRunTwiceGivesIdenticalFilesAndCheckCatchesAChangedInput() throws {
        let tmp = try makeTemporaryDirectory()
        let spec = try makeSpec(in: tmp)
        let run1 = tmp.path("run1"), run2 = tmp.path("run2")
        let first = try BenchRun.run(specPath: spec, output: run1, force: false, reporter: SilentReporter())
        XCTAssertEqual(first.folder, run1)
        XCTAssertTrue(first.metrics.markdown.contains("| raw | jpeg:80 |"), first.metrics.markdown)
        XCTAssertTrue(first.metrics.markdown.contains("| neutralised | none |"), first.metrics.markdown)
        _ = try BenchRun.run(specPath: spec, output: run2, force: false, reporter: SilentReporter())

        let names = files(under: run1)
        for expected in ["spec.resolved.json", "inputs.csv", "model-raw.json", "model-neutralised.json",
                         "metrics/metrics.json", "metrics/metrics.md", "metrics/raw/report.json",
                         "metrics/neutralised/report.md", "environment.json", "timings.json"] {
            XCTAssertTrue(names.contains(expected), "\(expected) missing from \(names)")
        }
        XCTAssertEqual(names, files(under: run2))
        for name in names where !["environment.json", "timings.json"].contains(name) {
            XCTAssertEqual(try read(run1 + "/" + name), try read(run2 + "/" + name), "\(name) differs between runs")
        }
        // The two protocols really train different models.
        XCTAssertNotEqual(try read(run1 + "/model-raw.json"), try read(run1 + "/model-neutralised.json"))

        // Every input is listed with its SHA-256; the environment names OpenBLAS.
        let inputs = try String(contentsOfFile: run1 + "/inputs.csv", encoding: .utf8)
        XCTAssertEqual(inputs.split(separator: "\n").count, 1 + 16)
        XCTAssertTrue(inputs.contains(",train\n") && inputs.contains(",test\n"))
        let environment = try jsonObject(run1 + "/environment.json")
        XCTAssertTrue((environment["openBLASConfig"] as? String ?? "").contains("OpenBLAS"), "\(environment)")
        XCTAssertEqual(environment["workers"] as? Int, 2)

        // An existing run folder is not overwritten without force.
        XCTAssertThrowsError(try BenchRun.run(specPath: spec, output: run1, force: false, reporter: SilentReporter())) { error in
            XCTAssertTrue("\(error)".contains("--force"), "\(error)")
        }

        guard case .passed(let count) = try BenchRun.check(run1, reporter: SilentReporter()) else {
            return XCTFail("the check of an untouched run fails")
        }
        XCTAssertEqual(count, 16)

        // Change one test image: the check names it and fails.
        let testLine = inputs.split(separator: "\n").first { $0.hasSuffix(",test") }!
        let changed = String(testLine.split(separator: ",")[0])
        var bytes = try read(changed)
        bytes[bytes.count / 2] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: changed))
        XCTAssertEqual(try inputProblems(run1), ["input changed: \(changed)"])

        // A missing image too.
        try FileManager.default.removeItem(atPath: changed)
        XCTAssertEqual(try inputProblems(run1), ["input missing: \(changed)"])
    }

    /// The inputs a check finds changed or missing, as `bench --check` prints them.
    func inputProblems(_ run: String) throws -> [String] {
        guard case .inputsChanged(let problems) = try BenchRun.check(run, reporter: SilentReporter()) else {
            XCTFail("the check does not see the inputs changed")
            return []
        }
        return problems.map { "input \($0.problem): \($0.path)" }
    }

    func testCheckNamesADifferingFileAndKey() throws {
        let tmp = try makeTemporaryDirectory()
        let spec = try makeSpec(in: tmp)
        let run = tmp.path("run")
        _ = try BenchRun.run(specPath: spec, output: run, force: false, reporter: SilentReporter())
        let metrics = run + "/metrics/metrics.json"
        var text = try String(contentsOfFile: metrics, encoding: .utf8)
        XCTAssertTrue(text.contains("\"trainImages\" : 8"), text)
        text = text.replacingOccurrences(of: "\"trainImages\" : 8", with: "\"trainImages\" : 9")
        try text.write(toFile: metrics, atomically: true, encoding: .utf8)
        guard case .differs(let differences) = try BenchRun.check(run, reporter: SilentReporter()) else {
            return XCTFail("the check does not see the edited file")
        }
        XCTAssertEqual(differences.map { "differs: \($0)" }, ["differs: metrics/metrics.json: first difference at trainImages"])

        // force replaces the run folder, after which the check passes again.
        _ = try BenchRun.run(specPath: spec, output: run, force: true, reporter: SilentReporter())
        guard case .passed = try BenchRun.check(run, reporter: SilentReporter()) else {
            return XCTFail("the check of a fresh run fails")
        }
    }

    func testSpecErrorsAreClear() throws {
        let tmp = try makeTemporaryDirectory()
        try tmp.labelledSet("set", perClass: 2, side: 32)
        func refusal(_ json: String, line: UInt = #line) throws -> String {
            let spec = try tmp.write("bad.json", text: json)
            var message = ""
            XCTAssertThrowsError(try BenchRun.run(specPath: spec, output: tmp.path("out"), force: false, reporter: SilentReporter()),
                                 json, line: line) { message = "\($0)" }
            XCTAssertTrue(message.contains(spec), message, line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path("out")), line: line)
            return message
        }
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "seeed": 1}"#).contains("unknown key 'seeed'"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "model": {"Cs": [1]}}"#).contains("unknown key 'model.Cs'"))
        let missing = try refusal(#"{"train": ["set", "nowhere"], "test": ["set"]}"#)
        XCTAssertTrue(missing.contains("train[1]") && missing.contains(tmp.path("nowhere")), missing)
        XCTAssertTrue(try refusal(#"{"train": ["set"]}"#).contains("missing required key 'test'"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "model": {"C": "big"}}"#).contains("model.C"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "protocol": {"perturbations": ["jpeg:500"]}}"#).contains("protocol.perturbations[0]"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "model": {"cv": 1}}"#).contains("model.cv"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"families": ["nope"]}}"#).contains("nope"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "protocol": {"raw": false}}"#).contains("protocol"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"],"#).contains("JSON"))
        // Tiling: options centre would ignore, counts out of range, and the neutralised protocol.
        let raw = #""protocol": {"raw": true}"#
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"maxTiles": 4}, "# + raw + "}")
            .contains("features: invalid tiling parameter maxTiles"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid", "minTiles": 0}, "# + raw + "}")
            .contains("minTiles"))
        // The neutralised protocol with a tiling needs the square's side, larger than the crop; the centre crop takes none.
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid"}, "#
            + #""protocol": {"raw": true, "neutralised": {"quality": 90}}}"#).contains("protocol.neutralised.side: a grid tiling"))
        let tooSmall = try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid", "size": 16}, "#
            + #""protocol": {"raw": true, "neutralised": {"quality": 90, "side": 16}}}"#)
        XCTAssertTrue(tooSmall.contains("protocol.neutralised.side") && tooSmall.contains("must exceed the crop size (16)"), tooSmall)
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"size": 16}, "#
            + #""protocol": {"raw": true, "neutralised": {"quality": 90, "side": 32}}}"#)
            .contains("protocol.neutralised.side applies to a grid tiling"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid", "size": 16}, "#
            + #""protocol": {"raw": true, "neutralised": {"quality": 90, "side": 32, "sides": 2}}}"#).contains("sides"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "tiles"}, "# + raw + "}")
            .contains("features"))
        // Tile rows and their rule: refused as train refuses --tile-rows and --tile-score.
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tileRows": true}, "# + raw + "}")
            .contains("features: invalid tiling parameter tileRows"))
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid", "tileRows": true, "#
            + #""tileStd": true}, "# + raw + "}").contains("tileStd"))
        let ruleAlone = try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid", "tileScore": "max"}, "#
            + raw + "}")
        XCTAssertTrue(ruleAlone.contains("features: invalid tiling parameter tileScore") && ruleAlone.contains("tileRows"), ruleAlone)
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid", "tileRows": false, "#
            + #""tileScore": "mean-logit"}, "# + raw + "}").contains("tileScore"))
        let faceRows = try refusal(#"{"train": ["set"], "test": ["set"], "features": {"crop": "face", "tileRows": true}, "# + raw + "}")
        XCTAssertTrue(faceRows.contains("tileRows") && faceRows.contains("one row per face"), faceRows)
        let badRule = try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid", "tileRows": true, "#
            + #""tileScore": "quantile:2"}, "# + raw + "}")
        XCTAssertTrue(badRule.contains("features.tileScore") && badRule.contains("[0, 1]"), badRule)
        XCTAssertTrue(try refusal(#"{"train": ["set"], "test": ["set"], "features": {"tiling": "grid", "tileRows": true}, "#
            + #""protocol": {"raw": true, "neutralised": {"quality": 90}}}"#).contains("protocol.neutralised.side: a grid tiling"))
    }

    func testSpecFeaturesTakeATiling() throws {
        let tmp = try makeTemporaryDirectory()
        try tmp.labelledSet("set", perClass: 2, side: 32)
        let path = try tmp.write("spec.json", text: #"{"train": ["set"], "test": ["set"], "protocol": {"raw": true}, "#
            + #""features": {"tiling": "grid-square", "maxTiles": 9, "minTiles": 2, "tileStd": true}}"#)
        let spec = try BenchSpec.load(from: path)
        try spec.validate(source: path)
        XCTAssertEqual(spec.features.configuration().tiling,
                       Tiling(area: .square, maxTiles: 9, minTiles: 2, aggregation: .meanStd))
        // The neutralised protocol's square, laid with tiles.
        let neutralised = try tmp.write("neutralised.json", text: #"{"train": ["set"], "test": ["set"], "#
            + #""protocol": {"raw": true, "neutralised": {"quality": 80, "side": 64}}, "features": {"tiling": "grid", "size": 16}}"#)
        let n = try BenchSpec.load(from: neutralised)
        try n.validate(source: neutralised)
        XCTAssertEqual(n.protocol.runs.last?.neutralise.map { n.features.configuration(neutralisation: $0).neutralisation },
                       Neutralisation(cropSize: 64, jpegQuality: 80))
        // Without the fields: the centre crop, and the features section encodes as before.
        let centre = try BenchSpec.load(from: try tmp.write("centre.json", text: #"{"train": ["set"], "test": ["set"]}"#))
        XCTAssertNil(centre.features.configuration().tiling)
        let json = String(decoding: try JSONEncoder().encode(centre.features), as: UTF8.self)
        XCTAssertFalse(json.contains("til"), json)
    }

    /// `"tileRows": true` trains each protocol's model on tile rows, combining tiles by
    /// `tileScore`; the model scores and is evaluated per image, as `train --tile-rows` does.
    func testSpecTileRowsTrainOnTilesAndScoreImagesByTheRule() throws {
        let tmp = try makeTemporaryDirectory()
        try tmp.labelledSet("set", perClass: 6, side: 64)
        let path = try tmp.write("spec.json", text: #"{"train": ["set"], "test": ["set"], "protocol": {"raw": true}, "#
            + #""model": {"C": [1], "cv": 0}, "bootstrap": 0, "workers": 2, "#
            + #""features": {"families": ["npr", "spectrum"], "size": 32, "tiling": "grid", "tileRows": true, "#
            + #""tileScore": "quantile:0.75"}}"#)
        let spec = try BenchSpec.load(from: path)
        XCTAssertEqual(spec.features.tileScore, .quantile(0.75))
        XCTAssertEqual(spec.features.configuration().tiling, Tiling(area: .whole, aggregation: .tileRows))
        let run = try BenchRun.run(specPath: path, output: tmp.path("run"), force: false, reporter: SilentReporter())
        let model = try ModelFile.read(from: tmp.path("run/model-raw.json"))
        XCTAssertEqual(model.tileScore, .quantile(0.75))
        // 12 images of 64² give four 32² tiles each: the model saw 48 rows, and is scored on 12 images.
        XCTAssertEqual(model.trainingRows, 48)
        XCTAssertEqual(run.metrics.protocols[0].trainRows, 48)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tmp.path("run/metrics/raw/report.json"))))
        XCTAssertEqual(((report as? [String: Any])?["items"] as? [Any])?.count, 12)
        // The resolved spec keeps both fields, and re-runs identically.
        let resolved = try String(contentsOfFile: tmp.path("run/spec.resolved.json"), encoding: .utf8)
        XCTAssertTrue(resolved.contains("\"tileRows\" : true") && resolved.contains("\"tileScore\" : \"quantile:0.75\""), resolved)
        guard case .passed = try BenchRun.check(tmp.path("run"), reporter: SilentReporter()) else { return XCTFail("check failed") }
    }
}
