import Foundation
import TelltaleDatasets
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// Reading other detectors' score files (`evaluate --scores`): both formats, Telltale's own
/// outputs, and every refusal with its file, line and reason.
final class ScoreFileTests: XCTestCase {
    private func parse(_ text: String, name: String = "s.csv") throws -> ScoreFile {
        try ScoreFile.parse(Data(text.utf8), path: name)
    }

    /// The refusal of `text`: its line and reason.
    private func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ScoreFileError? {
        do {
            _ = try parse(text)
            XCTFail("accepted: \(text)", file: file, line: line)
        } catch let error as ScoreFileError {
            XCTAssertEqual(error.path, "s.csv", file: file, line: line)
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return nil
    }

    func testCSVColumnsInAnyOrderQuotingAndExtraColumns() throws {
        let text = "\u{FEFF}Score,Path,model,LABEL,group\r\n0.25,a.png,x,real,gen-a\r\n"
            + "0.75,\"b, \"\"quoted\"\"\nname.png\",x,1,\r\n\r\n-3.5e-1,c.png,x,,gen-b\n"
        let f = try parse(text)
        XCTAssertEqual(f.format, .csv)
        XCTAssertTrue(f.hasLabelColumn)
        XCTAssertEqual(f.sha256, Digest.sha256(Data(text.utf8)))
        XCTAssertEqual(f.rows.map(\.path), ["a.png", "b, \"quoted\"\nname.png", "c.png"])
        XCTAssertEqual(f.rows.map(\.line), [2, 3, 6])
        XCTAssertEqual(f.rows.map(\.score), [0.25, 0.75, -0.35], "any finite number: a logit, a log-likelihood ratio")
        XCTAssertEqual(f.rows.map(\.label), [.real, .fake, nil])
        XCTAssertEqual(f.rows.map(\.group), ["gen-a", nil, "gen-b"])
        XCTAssertFalse(try parse("path,score\na.png,0.5\n").hasLabelColumn)
    }

    func testJSONLines() throws {
        let text = """
        {"path": "a.png", "score": 0.125, "label": 0, "group": "gen-a"}

        {"path": "b.png", "score": 1, "label": "fake", "group": null, "extra": [1, 2]}
        {"path": "c.png", "score": null, "error": "truncated: the file ends early", "label": 1}
        """
        let f = try parse(text, name: "s.jsonl")
        XCTAssertEqual(f.format, .jsonl)
        XCTAssertTrue(f.hasLabelColumn)
        XCTAssertEqual(f.rows.map(\.line), [1, 3, 4])
        XCTAssertEqual(f.rows.map(\.score), [0.125, 1, nil])
        XCTAssertEqual(f.rows.map(\.label), [.real, .fake, .fake])
        XCTAssertEqual(f.rows.map(\.group), ["gen-a", nil, nil])
        XCTAssertEqual(f.rows.map(\.error), [nil, nil, "truncated: the file ends early"])
    }

    func testTelltaleOutputsAreScoreFiles() throws {
        let (tmp, model, tree) = try scoringFixture()
        let broken = Set(TemporaryDirectory.brokenNames.map { tree + "/" + $0 })
        for format in [ScoreFormat.csv, .jsonl] {
            let out = tmp.path("scores.\(format.rawValue)")
            try Pipeline.score(model, [tree], output: out, format: format)
            let f = try ScoreFile.read(out)
            XCTAssertEqual(f.format, format == .csv ? .csv : .jsonl)
            XCTAssertFalse(f.hasLabelColumn)
            XCTAssertEqual(f.rows.count, TemporaryDirectory.sortedFiles(under: tree).count)
            XCTAssertEqual(Set(f.rows.filter { $0.error != nil }.map(\.path)), broken, "\(format): rows with an error are failures")
            XCTAssertTrue(f.rows.allSatisfy { ($0.score == nil) == ($0.error != nil) })
        }
        // predict's CSV: labels and groups, and its failure rows (an empty score, `error: REASON` as the decision).
        let predicted = try Pipeline.predict(model, [tree + "/broken", tree + "/fake"]).csv
        let f = try parse(predicted)
        XCTAssertTrue(f.hasLabelColumn)
        XCTAssertEqual(Set(f.rows.filter { $0.error != nil }.map(\.path)), broken)
        XCTAssertTrue(f.rows.contains { $0.error?.hasPrefix("empty") ?? false }, "the reason without its `error: ` prefix")
    }

    func testRefusalsNameTheLineAndTheReason() throws {
        func check(_ text: String, line: Int?, _ reason: ScoreFileError.Reason, file: StaticString = #filePath, l: UInt = #line) {
            guard let error = refusal(text, file: file, line: l) else { return }
            XCTAssertEqual(error.line, line, text, file: file, line: l)
            XCTAssertEqual(error.reason, reason, text, file: file, line: l)
            XCTAssertTrue(error.description.hasPrefix("s.csv" + (line.map { ":\($0): " } ?? ": ")), error.description, file: file, line: l)
        }
        check("", line: nil, .empty)
        check(" \n\n", line: nil, .empty)
        check("path,score\n", line: nil, .empty)
        check("path,label\na.png,1\n", line: 1, .missingColumns(["score"], found: ["path", "label"]))
        check("file,prob\n", line: 1, .missingColumns(["path", "score"], found: ["file", "prob"]))
        check("path,score,score\n", line: 1, .repeatedColumn("score"))
        check("path,score\na.png,0.5\n\"b.png,0.5\n", line: 3, .malformed("unterminated quoted field"))
        check("path,score\na.png,0.5,extra\n", line: 2, .fieldCount(expected: 2, found: 3))
        check("path,score\n,0.5\n", line: 2, .emptyPath)
        check("path,score\na.png,0.5\nb.png,\n", line: 3, .missingScore)
        check("path,score\na.png,high\n", line: 2, .notANumber("high"))
        check("path,score\na.png,nan\n", line: 2, .notFinite("nan"))
        check("path,score\na.png,-inf\n", line: 2, .notFinite("-inf"))
        check("path,score,error\na.png,0.5,cannot decode\n", line: 2, .scoreAndError("cannot decode"))
        check("path,score,label\na.png,0.5,2\n", line: 2, .badLabel("2"))
        check("path,score,label\na.png,0.5,generated\n", line: 2, .badLabel("generated"))
        check("path,score\nd/a.png,0.5\nb.png,0.1\n./d//a.png,0.7\n", line: 4, .duplicatePath("./d//a.png", firstLine: 2))
        // JSON Lines.
        check("{\"path\": \"a.png\", \"score\": 0.5}\n[1, 2]\n", line: 2, .malformed("not a JSON object"))
        check("{\"path\": \"a.png\", \"score\": 0.5}\n{\"path\": \"b.png\", \"score\": 0.5\n", line: 2, .malformed("not valid JSON"))
        check("{\"file\": \"a.png\", \"score\": 0.5}\n", line: 1, .missingColumns(["path"], found: ["file", "score"]))
        check("{\"path\": \"a.png\", \"score\": \"0.5\"}\n", line: 1, .notANumber("0.5"))
        check("{\"path\": \"a.png\", \"score\": NaN}\n", line: 1, .notFinite("NaN"))
        check("{\"path\": \"a.png\", \"score\": -Infinity}\n", line: 1, .notFinite("-Infinity"))
        check("{\"path\": \"a.png\", \"score\": true}\n", line: 1, .wrongType(key: "score", expected: "a number"))
        check("{\"path\": \"a.png\", \"score\": 0.5, \"group\": 3}\n", line: 1, .wrongType(key: "group", expected: "a string or null"))
        check("{\"path\": \"a.png\", \"score\": 0.5, \"label\": true}\n", line: 1, .badLabel("true"))
        check("{\"path\": \"a.png\", \"score\": 0.5, \"label\": 3}\n", line: 1, .badLabel("3.0"))
        check("{\"path\": \"a.png\"}\n", line: 1, .missingScore)
        check("{\"path\": \"a.png\", \"score\": 0.5}\n{\"path\": \"./a.png\", \"score\": 0.5}\n", line: 2,
              .duplicatePath("./a.png", firstLine: 1))
    }

    func testUnreadableFilesAreRefusedWithTheirReason() throws {
        let tmp = try makeTemporaryDirectory()
        for (path, expected) in [(tmp.path("missing.csv"), "No such file"), (tmp.path(""), "directory")] {
            XCTAssertThrowsError(try ScoreFile.read(path)) { error in
                guard let e = error as? ScoreFileError, case .unreadable(let why) = e.reason else { return XCTFail("\(error)") }
                XCTAssertTrue(why.contains(expected), why)
                XCTAssertTrue(e.description.contains("cannot read the score file"), e.description)
            }
        }
        let latin1 = try tmp.write("latin1.csv", bytes: Array("path,score\ncaf".utf8) + [0xE9] + Array(".png,0.5\n".utf8))
        XCTAssertThrowsError(try ScoreFile.read(latin1)) { XCTAssertEqual(($0 as? ScoreFileError)?.reason, .notText) }
        let binary = try tmp.write("binary.csv", bytes: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00])
        XCTAssertThrowsError(try ScoreFile.read(binary)) { error in
            guard case .unreadable(let why)? = (error as? ScoreFileError)?.reason else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("NUL"), why)
        }
    }

    func testLabelsFromTheFileAlone() throws {
        let f = try parse("path,score,label,group,error\na.png,0.2,real,g,\nb.png,,fake,g,cannot decode\nc.png,0.9,fake,g,\n")
        let set = try f.labelledScores(threshold: 0.5, reporter: SilentReporter())
        XCTAssertEqual(set.items.map(\.path), ["a.png", "c.png"])
        XCTAssertEqual(set.items.map(\.label), [0, 1])
        XCTAssertEqual(set.failures.map(\.path), ["b.png"])
        XCTAssertEqual(set.failures.map(\.reason), ["cannot decode"])
        XCTAssertEqual(set.source?.labels, "file")
        XCTAssertEqual(set.source?.failedRows, 1)

        XCTAssertThrowsError(try parse("path,score\na.png,0.5\n").labelledScores(threshold: 0.5, reporter: SilentReporter())) {
            XCTAssertEqual(($0 as? ScoreFileError)?.reason, .noLabels)
            XCTAssertTrue("\($0)".contains("give the datasets or manifests"), "\($0)")
        }
        XCTAssertThrowsError(try parse("path,score,label\na.png,0.5,1\nb.png,0.5,\n").labelledScores(threshold: 0.5, reporter: SilentReporter())) {
            XCTAssertEqual(($0 as? ScoreFileError)?.line, 3)
            XCTAssertEqual(($0 as? ScoreFileError)?.reason, .noLabel)
        }
    }
}
