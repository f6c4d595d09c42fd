import Foundation
import TelltaleTestSupport
import XCTest

/// A few runs from end to end, as a user would make them, on tiny generated sets.
final class EndToEndTests: CLITestCase {
    func testExtractTrainPredictEvaluate() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 10, side: 40, group: "gen-a")
        let features = tmp.path("features")
        let extract = try telltale(["extract", root, "--features", "spectrum,npr", "--size", "32", "--workers", "2",
                                    "-o", features, "--csv"])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        XCTAssertTrue(extract.stdout.contains("20 image(s)"), extract.stdout)
        for suffix in [".npy", ".json", ".csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: features + suffix), suffix)
        }

        let model = tmp.path("model.json")
        let train = try telltale(["train", features + ".npy", "--C", "0.1,1", "--cv", "3", "--seed", "7", "-o", model])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stdout.contains("3-fold cross-validation"), train.stdout)
        XCTAssertTrue(train.stdout.contains("← best"))

        let predict = try telltale(["predict", model, root + "/gen-a/fake"])
        XCTAssertEqual(predict.status, 0, predict.stderr)
        let lines = predict.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "path,sha256,label,group,score,decision")
        XCTAssertEqual(lines.count, 11)

        let reports = tmp.path("reports")
        let evaluate = try telltale(["evaluate", model, root, "--perturb", "jpeg:80", "blur:1", "--bootstrap", "50", "-o", reports])
        XCTAssertEqual(evaluate.status, 0, evaluate.stderr)
        for name in ["report.json", "report.md", "scores.csv", "failures.csv", "roc.svg", "pr.svg", "spectra.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: reports + "/" + name), name)
        }
        XCTAssertTrue(evaluate.stdout.contains("Robustness"))
        XCTAssertTrue(evaluate.stdout.contains("jpeg:80"))
        struct Report: Decodable {
            struct Summary: Decodable { let count: Int }
            let summary: Summary
        }
        XCTAssertEqual(try JSONDecoder().decode(Report.self, from: read(reports + "/report.json")).summary.count, 20)
    }

    /// The face workflow of the README on a few bundled faces (two generators made of them, so
    /// that crossval runs): train with --crop face, score as JSON Lines listing the faces, explain.
    func testFaceWorkflow() throws {
        let tmp = try makeTemporaryDirectory()
        for (cls, prefix) in [("real", "real"), ("fake", "fake")] {
            let files = try RepositoryFiles.files(in: "datasets/sample/stylegan2-ffhq/\(cls)").prefix(8)
            for (i, file) in files.enumerated() {
                _ = try tmp.write("faces/\(i % 2 == 0 ? "a" : "b")/\(cls)/\(prefix)_\(i).jpg",
                                  bytes: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            }
        }
        let set = tmp.path("faces")
        let model = tmp.path("face-model.json")
        let train = try telltale(["train", set, "--crop", "face", "--features", "spectrum,residual", "--C", "1", "--cv", "2",
                                  "-o", model])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stdout.contains("face rows"), train.stdout)
        XCTAssertTrue(String(decoding: try Data(contentsOf: URL(fileURLWithPath: model)), as: UTF8.self).contains("\"tileScore\" : \"max\""))

        let score = try telltale(["score", model, set, "--format", "jsonl", "-o", tmp.path("s.jsonl"), "--allow-failures"])
        XCTAssertEqual(score.status, 0, score.stderr)
        let lines = try String(contentsOfFile: tmp.path("s.jsonl"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 16)
        let withFaces = lines.filter { $0.contains("\"faces\":[{") && $0.contains("\"landmarks\":[[") }
        XCTAssertGreaterThanOrEqual(withFaces.count, 15, "dlib finds the bundled faces")

        let explain = try telltale(["explain", model, set + "/a/fake/fake_0.jpg", "-o", tmp.path("maps")])
        XCTAssertEqual(explain.status, 0, explain.stderr)
        XCTAssertTrue(explain.stdout.contains("face(s) scored"), explain.stdout)
        let document = String(decoding: try Data(contentsOf: URL(fileURLWithPath: tmp.path("maps/fake_0.jpg.tiles.json"))), as: UTF8.self)
        XCTAssertTrue(document.contains("\"faces\""), document)

        let crossval = try telltale(["crossval", set, "--crop", "face", "--features", "spectrum", "--folds", "2", "-o", tmp.path("cv")])
        XCTAssertEqual(crossval.status, 0, crossval.stderr)
    }

    func testScoreInterruptedThenResumed() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try tmp.scoringTree()
        let rows = TemporaryDirectory.sortedFiles(under: tree).count
        let full = tmp.path("full.csv")
        let first = try telltale(["score", model, tree, "-o", full])
        XCTAssertEqual(first.status, 1, "failed files make the exit status non-zero")
        XCTAssertTrue(first.stderr.contains("score: \(rows) row(s), 3 failed;"), first.stderr)
        let bytes = try read(full)

        let part = tmp.path("part.csv")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: part))
        try read(full + ".meta.json").write(to: URL(fileURLWithPath: part + ".meta.json"))
        let again = try telltale(["score", model, tree, "-o", part])
        XCTAssertNotEqual(again.status, 0, "an existing output is not overwritten without --resume")
        XCTAssertTrue(again.stderr.contains("--resume continues it"), again.stderr)
        XCTAssertEqual(try read(part), bytes.prefix(bytes.count / 2))
        let resumed = try telltale(["score", model, tree, "-o", part, "--resume", "--allow-failures"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("kept from the interrupted run"), resumed.stderr)
        XCTAssertEqual(try read(part), bytes)
        XCTAssertEqual(try read(part + ".done"), try read(full + ".done"))
    }

    func testScorePathsFromStandardInputAndFile() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try tmp.scoringTree()
        let missing = tree + "/gone.png"
        // Unsorted, with a duplicate, a folder and a path that does not exist.
        let list = [tree + "/real/img_01.jpg", tree + "/fake", missing, tree + "/real/img_01.jpg", ""].joined(separator: "\n")
        let run = try telltale(["score", model, "-"], stdin: list)
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(ScoreCSV.rows(run.stdout).count, 4 + 1 + 1)

        let listFile = try tmp.write("list.txt", text: list)
        let fromFile = try telltale(["score", model, "--paths-from", listFile])
        XCTAssertEqual(fromFile.stdout, run.stdout)

        // A path given on the command line must exist.
        let typo = try telltale(["score", model, missing])
        XCTAssertNotEqual(typo.status, 0)
        XCTAssertTrue(typo.stderr.contains("gone.png"), typo.stderr)
    }

    func testArgumentThatIsNotUTF8NamesTheFile() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let latin1 = try tmp.writeRaw(Array("a-caf".utf8) + [0xE9] + Array(".png".utf8),
                                      bytes: [UInt8](try read(tmp.path("train-set/fake/img_00.png"))))
        // Given on the command line as its raw bytes (through sh's printf), the file is found.
        let shell = Process(), out = Pipe()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", #"exec "$0" score "$1" "$(printf '%s/a-caf\351.png' "$2")""#, Self.binary.path, model, tmp.path]
        shell.standardOutput = out
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        let direct = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0)
        let rows = ScoreCSV.rows(direct)
        XCTAssertEqual(rows.map { $0[0] }, [latin1])
        XCTAssertEqual(rows.first?[4], "", "scored")
    }

    func testBenchRunAndCheck() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 8, side: 40, group: "gen-a")
        let split = try telltale(["split", root, "--test", "0.4", "--seed", "1", "-o", tmp.path("split")])
        XCTAssertEqual(split.status, 0, split.stderr)
        let spec = try tmp.write("spec.json", text: """
        {"name": "tiny", "train": ["split/train.csv"], "test": ["split/test.csv"],
         "features": {"families": ["spectrum", "npr"], "size": 32},
         "model": {"kind": "logistic", "C": [0.1, 1], "cv": 2},
         "seed": 3, "bootstrap": 20, "workers": 2,
         "protocol": {"raw": true, "neutralised": {"quality": 90}, "perturbations": ["jpeg:80"]}}
        """)
        let run = tmp.path("run")
        let first = try telltale(["bench", spec, "-o", run])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("| raw | jpeg:80 |"), first.stdout)
        XCTAssertTrue(first.stdout.contains("| neutralised | none |"), first.stdout)
        XCTAssertTrue(first.stdout.contains("wrote \(run)/"), first.stdout)
        let again = try telltale(["bench", spec, "-o", run])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("--force"), again.stderr)

        let check = try telltale(["bench", "--check", run])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("check passed"), check.stdout)

        // Change one test image: the check names it and fails.
        let inputs = try String(contentsOfFile: run + "/inputs.csv", encoding: .utf8)
        let changed = String(inputs.split(separator: "\n").first { $0.hasSuffix(",test") }!.split(separator: ",")[0])
        var bytes = try read(changed)
        bytes[bytes.count / 2] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: changed))
        let failed = try telltale(["bench", "--check", run])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(failed.stdout.contains("input changed: \(changed)"), failed.stdout + failed.stderr)
        XCTAssertTrue(failed.stderr.contains("check failed"), failed.stderr)
    }
}
