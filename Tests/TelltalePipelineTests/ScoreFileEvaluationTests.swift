import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// `telltale evaluate --scores`: another detector's scores joined with the datasets and
/// evaluated by the same code as a model's, the pooling of the per-generator rows, and the
/// side-by-side comparison of several detectors.
final class ScoreFileEvaluationTests: XCTestCase {
    /// A set with two generators, each with its own reals: `set/gen-a` (4 a class), `set/gen-b` (3 a class).
    private func twoGenerators(_ tmp: TemporaryDirectory) throws -> String {
        let root = try tmp.labelledSet("set", perClass: 4, side: 40, group: "gen-a")
        try tmp.labelledSet("set", perClass: 3, side: 40, group: "gen-b")
        return root
    }

    func testAModelsScoresInAFileGiveTheModelsReport() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try twoGenerators(tmp)
        let model = try Pipeline.train([root], to: tmp.path("model.json"))
        let detector = try Detector(modelPath: model)
        let byModel = try EvaluationRun(detector: detector, datasets: [root], bootstrap: 200, seed: 3, workers: Pipeline.workers,
                                        reporter: SilentReporter()).run(title: "same title")
        XCTAssertEqual(byModel.report.groups?.pooling, .sameGroup, "auto: every generator has its own reals")
        try ReportFiles.write(byModel.report, items: byModel.items, table: byModel.table, to: tmp.path("by-model"))

        // evaluate's own scores.csv (exact scores, labels and groups): joined with the dataset, or alone.
        for datasets in [[root], []] {
            let byFile = try EvaluationRun(scoreFile: tmp.path("by-model/scores.csv"), datasets: datasets, threshold: detector.threshold,
                                           bootstrap: 200, seed: 3, reporter: SilentReporter()).run(title: "same title")
            var report = byFile.report
            let source = try XCTUnwrap(report.scoreSource)
            XCTAssertEqual(source.labels, datasets.isEmpty ? "file" : "datasets")
            XCTAssertEqual(source.rows, 14)
            XCTAssertEqual([source.failedRows, source.unscoredImages, source.unmatchedRows], [0, 0, 0])
            report.scoreSource = nil
            XCTAssertEqual(String(decoding: try ReportWriter.json(report), as: UTF8.self),
                           String(decoding: try ReportWriter.json(byModel.report), as: UTF8.self), "datasets: \(datasets)")
            XCTAssertNil(byFile.table)
        }

        // `telltale score`'s output (six decimals, no labels): joined with the dataset, the same metrics.
        let scored = tmp.path("score.jsonl")
        try Pipeline.score(model, [root], output: scored, format: .jsonl)
        let byScore = try EvaluationRun(scoreFile: scored, datasets: [root], threshold: detector.threshold, bootstrap: 200, seed: 3,
                                        reporter: SilentReporter()).run(title: "same title")
        XCTAssertEqual(byScore.items.map(\.path), byModel.items.map(\.path))
        XCTAssertEqual(byScore.items.map(\.group), byModel.items.map(\.group))
        XCTAssertEqual(byScore.report.summary.atThreshold, byModel.report.summary.atThreshold)
        XCTAssertEqual(byScore.report.summary.rocAUC, byModel.report.summary.rocAUC)
        XCTAssertEqual(byScore.report.summary.averagePrecision, byModel.report.summary.averagePrecision)
        XCTAssertEqual(byScore.report.groups?.rows.map(\.summary.rocAUC), byModel.report.groups?.rows.map(\.summary.rocAUC))

        // The report files are the model's, less the spectra (no features); the Markdown says where the scores came from.
        let written = try ReportFiles.write(byScore.report, items: byScore.items, table: byScore.table, to: tmp.path("by-score"))
        XCTAssertEqual(written, ["report.json", "report.md", "scores.csv", "failures.csv", "metrics.csv", "scores-long.csv", "roc.svg",
                                 "roc-log.svg", "pr.svg", "roc-groups.svg", "reliability.svg"])
        let markdown = try String(contentsOfFile: tmp.path("by-score/report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("- Scores: \(scored) (jsonl, 14 rows, SHA-256 "), markdown)
        XCTAssertTrue(markdown.contains("labels and groups from \(root)"), markdown)
        XCTAssertTrue(markdown.contains("images without a score: 0"), markdown)
        let json = try jsonObject(tmp.path("by-score/report.json"))
        let source = try XCTUnwrap(json["scoreSource"] as? [String: Any])
        XCTAssertEqual(source["sha256"] as? String, try Digest.sha256(fileAt: scored))
        XCTAssertNil(try jsonObject(tmp.path("by-model/report.json"))["scoreSource"], "absent from a model's report")
    }

    func testJoiningByPathCountsEveryImageAndEveryRow() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try twoGenerators(tmp)
        try tmp.symlink("link", to: root)
        // The same images written the ways score files write them: absolute, with `//` and `..`,
        // relative to the current folder, through a linked folder.
        let cwd = FileManager.default.currentDirectoryPath
        let relative = String(repeating: "../", count: cwd.split(separator: "/").count) + root.dropFirst() + "/gen-a/fake/img_00.png"
        let csv = """
        path,score,error
        \(root)/gen-a/real/img_00.jpg,0.1,
        \(root)/gen-a//real/./img_01.jpg,0.2,
        \(relative),0.8,
        \(tmp.path("link"))/gen-a/fake/img_01.png,0.9,
        \(root)/gen-b/fake/../real/img_00.jpg,0.3,
        \(root)/gen-b/real/img_01.jpg,,cannot decode: truncated
        \(root)/gen-b/fake/img_00.png,0.7,
        \(root)/elsewhere/x.png,0.5,
        other/y.png,0.5,

        """
        let file = try tmp.write("scores.csv", text: csv)
        let reporter = RecordingReporter()
        let set = try ScoreFile.labelledScores(file, images: try Datasets.load([root], split: .all, reporter: SilentReporter()).items,
                                               datasets: [root], threshold: 0.5, reporter: reporter)
        XCTAssertEqual(set.items.map(\.path), [
            "gen-a/fake/img_00.png", "gen-a/fake/img_01.png", "gen-a/real/img_00.jpg", "gen-a/real/img_01.jpg",
            "gen-b/fake/img_00.png", "gen-b/real/img_00.jpg",
        ].map { root + "/" + $0 }, "the datasets' paths, in the datasets' order")
        XCTAssertEqual(set.items.map(\.score), [0.8, 0.9, 0.1, 0.2, 0.7, 0.3])
        XCTAssertEqual(set.items.map(\.label), [1, 1, 0, 0, 1, 0])
        XCTAssertEqual(set.items.map(\.group), ["gen-a", "gen-a", "gen-a", "gen-a", "gen-b", "gen-b"])
        // Images without a score are failures: the detector's error, and the images with no row (never dropped).
        let failures = Dictionary(uniqueKeysWithValues: set.failures.map { ($0.path.replacingOccurrences(of: root + "/", with: ""), $0.reason) })
        XCTAssertEqual(failures, [
            "gen-a/fake/img_02.png": "no score in \(file)", "gen-a/fake/img_03.png": "no score in \(file)",
            "gen-a/real/img_02.jpg": "no score in \(file)", "gen-a/real/img_03.jpg": "no score in \(file)",
            "gen-b/fake/img_01.png": "no score in \(file)", "gen-b/fake/img_02.png": "no score in \(file)",
            "gen-b/real/img_01.jpg": "cannot decode: truncated", "gen-b/real/img_02.jpg": "no score in \(file)",
        ])
        XCTAssertEqual(reporter.failures.count, 8)
        let source = try XCTUnwrap(set.source)
        XCTAssertEqual([source.rows, source.failedRows, source.unscoredImages, source.unmatchedRows], [9, 1, 7, 2])
        // Rows for other paths are counted, in a note.
        XCTAssertTrue(reporter.lines.contains("\(file): 2 of 9 rows are for paths that are not images of the datasets; not used (first: \(root)/elsewhere/x.png)"),
                      reporter.text)

        // A manifest's paths (relative to its folder, through `..`) name the same images.
        let manifest = try tmp.write("split/test.csv", text: "path,label,group\n../set/gen-b/fake/img_00.png,fake,gen-b\n../set/gen-a/real/img_00.jpg,real,gen-a\n")
        let joined = try ScoreFile.labelledScores(file, images: try Datasets.load([manifest], split: .all, reporter: SilentReporter()).items,
                                                  datasets: [manifest], threshold: 0.5, reporter: SilentReporter())
        XCTAssertEqual(joined.items.map(\.score), [0.1, 0.7])
        XCTAssertEqual(joined.items.map(\.path), [tmp.path("split/../set/gen-a/real/img_00.jpg"), tmp.path("split/../set/gen-b/fake/img_00.png")])
        XCTAssertEqual(joined.source?.unmatchedRows, 7)
    }

    func testJoiningRefusals() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try twoGenerators(tmp)
        let images = try Datasets.load([root], split: .all, reporter: SilentReporter()).items
        func refusal(_ csv: String, file: StaticString = #filePath, line: UInt = #line) -> ScoreFileError? {
            do {
                let path = try tmp.write("s.csv", text: csv)
                _ = try ScoreFile.labelledScores(path, images: images, datasets: [root], threshold: 0.5, reporter: SilentReporter())
                XCTFail("accepted", file: file, line: line)
            } catch let error as ScoreFileError {
                return error
            } catch {
                XCTFail("\(error)", file: file, line: line)
            }
            return nil
        }
        let a = root + "/gen-a/real/img_00.jpg"
        XCTAssertEqual(refusal("path,score,label\n\(a),0.1,fake\n")?.reason, .conflict(field: "label", file: "fake", dataset: "real"))
        XCTAssertEqual(refusal("path,score,label,group\n\(a),0.1,real,gen-z\n")?.reason, .conflict(field: "group", file: "gen-z", dataset: "gen-a"))
        let same = refusal("path,score\n\(a),0.1\n\(root)/gen-b/../gen-a/real/img_00.jpg,0.2\n")
        XCTAssertEqual(same?.line, 3)
        XCTAssertEqual(same?.reason, .sameImage("\(root)/gen-b/../gen-a/real/img_00.jpg", firstLine: 2))
        let nothing = refusal("path,score\nsomewhere/else.png,0.1\n")
        XCTAssertEqual(nothing?.reason, .nothingMatched(example: "somewhere/else.png", datasetExample: root + "/gen-a/fake/img_00.png"))
        XCTAssertTrue(nothing?.description.contains("no row names an image of the datasets") ?? false)
        // A label or group the file agrees on, or a group the dataset lacks, is fine.
        let agreed = try tmp.write("agreed.csv", text: "path,score,label,group\n\(a),0.1,0,gen-a\n")
        XCTAssertEqual(try ScoreFile.labelledScores(agreed, images: images, datasets: [root], threshold: 0.5, reporter: SilentReporter()).items.count, 1)
    }

    /// Scores on a layout where pooling matters (``ScoreFiles/pooledLayout``).
    private let pooledLayout = ScoreFiles.pooledLayout

    func testPoolingAutoSameGroupAndAllReals() throws {
        let tmp = try makeTemporaryDirectory()
        let file = try tmp.write("scores.csv", text: pooledLayout)
        func table(_ rule: RealPoolingRule?, _ path: String = file) throws -> GroupTable {
            var run = EvaluationRun(scoreFile: path, bootstrap: 0, reporter: SilentReporter())
            if let rule { run.pooling = rule }
            return try XCTUnwrap(try run.run(title: "t").report.groups)
        }
        let auto = try table(nil)
        XCTAssertEqual(auto.poolingRule, .auto, "the default")
        XCTAssertEqual(auto.pooling, .sameGroup)
        XCTAssertEqual(auto.rows.map(\.summary.rocAUC), [0.75, 1])
        XCTAssertEqual(auto.rows.map(\.summary.realCount), [2, 2])
        XCTAssertEqual(try table(.sameGroup).rows, auto.rows)
        let pooled = try table(.allReals)
        XCTAssertEqual(pooled.pooling, .allReals)
        XCTAssertEqual(pooled.rows.map(\.summary.rocAUC), [0.875, 0.75], "pooling moves both rows: gen-a up, gen-b down")
        XCTAssertEqual(pooled.rows.map(\.summary.realCount), [4, 4])

        // The reals without a group (one real set for every generator): auto pools them, and says why.
        let shared = try tmp.write("shared.csv", text: pooledLayout.replacingOccurrences(of: "real,gen-a", with: "real,")
            .replacingOccurrences(of: "real,gen-b", with: "real,"))
        let fallback = try table(.auto, shared)
        XCTAssertEqual(fallback.pooling, .allReals)
        XCTAssertEqual(fallback.groupsWithoutOwnReals, ["gen-a", "gen-b"])
        XCTAssertEqual(fallback.rows.map(\.summary.realCount), [4, 4])

        // Recorded in report.json and report.md.
        let result = try EvaluationRun(scoreFile: shared, bootstrap: 0, reporter: SilentReporter()).run(title: "t")
        try ReportFiles.write(result.report, items: result.items, table: nil, to: tmp.path("r"))
        let groups = try XCTUnwrap(try jsonObject(tmp.path("r/report.json"))["groups"] as? [String: Any])
        XCTAssertEqual(groups["pooling"] as? String, "allReals")
        XCTAssertEqual(groups["poolingRule"] as? String, "auto")
        XCTAssertEqual(groups["groupsWithoutOwnReals"] as? [String], ["gen-a", "gen-b"])
        let md = try String(contentsOfFile: tmp.path("r/report.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("## Per generator (%; all real images pooled into every row; pooling auto: no reals of their own for gen-a, gen-b)"), md)
    }

    func testSeveralScoreFilesAreComparedSideBySide() throws {
        let tmp = try makeTemporaryDirectory()
        let first = try tmp.write("a/detector.csv", text: pooledLayout)
        // A second detector: perfect on gen-a, and it failed on one image of gen-b.
        let second = try tmp.write("b/detector.csv", text: pooledLayout.replacingOccurrences(of: "a-f1.png,0.65", with: "a-f1.png,0.95")
            .replacingOccurrences(of: "b-f1.png,0.3,fake,gen-b", with: "b-f1.png,,fake,gen-b"))
        XCTAssertThrowsError(try ScoreFileEvaluation(files: [first, second], datasets: [], reporter: SilentReporter()).run(output: tmp.path("out")),
                             "a row with neither a score nor an error") { error in
            XCTAssertEqual((error as? ScoreFileError)?.reason, .missingScore)
        }
        try tmp.write("b/detector.csv", text: pooledLayout.replacingOccurrences(of: "a-f1.png,0.65", with: "a-f1.png,0.95")
            .replacingOccurrences(of: "path,score,label,group", with: "path,score,label,group,error")
            .replacingOccurrences(of: ",gen-a\n", with: ",gen-a,\n").replacingOccurrences(of: ",gen-b\n", with: ",gen-b,\n")
            .replacingOccurrences(of: "b-f1.png,0.3,fake,gen-b,", with: "b-f1.png,,fake,gen-b,out of memory"))
        let output = tmp.path("out")
        let run = try ScoreFileEvaluation(files: [first, second], datasets: [], bootstrap: 0, reporter: SilentReporter()).run(output: output)
        XCTAssertEqual(run.entries.map(\.name), ["detector-1", "detector-2"], "names that collide are numbered")
        XCTAssertEqual(run.comparisonFiles, ["comparison.json", "comparison.md"])
        for name in ["detector-1/report.json", "detector-1/report.md", "detector-2/scores.csv", "detector-2/failures.csv",
                     "comparison.json", "comparison.md"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/" + name), name)
        }
        let c = try XCTUnwrap(run.comparison)
        XCTAssertEqual(c.groups, ["gen-a", "gen-b"])
        XCTAssertEqual(c.rows.map(\.detector), ["detector-1", "detector-2"])
        XCTAssertEqual(c.rows.map(\.items), [8, 7])
        XCTAssertEqual(c.rows.map(\.failures), [0, 1])
        XCTAssertFalse(c.sameImages)
        XCTAssertEqual(c.rows[0].groups.map { $0?.rocAUC }, [0.75, 1])
        XCTAssertEqual(c.rows[1].groups.map { $0?.rocAUC }, [1, 1])
        for (row, entry) in zip(c.rows, run.entries) {
            XCTAssertEqual(row.all.rocAUC, entry.result.report.summary.rocAUC)
            XCTAssertEqual(row.meanROCAUC, entry.result.report.groups?.mean.rocAUC)
            XCTAssertEqual(row.pooling, .sameGroup)
        }
        let md = try String(contentsOfFile: output + "/comparison.md", encoding: .utf8)
        XCTAssertTrue(md.contains("| Detector | Items | Failures | All | gen-a | gen-b | Mean |"), md)
        XCTAssertTrue(md.contains("| detector-1 | 8 | 0 | "), md)
        XCTAssertTrue(md.contains("| 75.0 / "), md)
        XCTAssertTrue(md.contains("**The detectors were not scored on the same images**"), md)
        XCTAssertTrue(md.contains("each generator against its own reals"), md)
        XCTAssertEqual(try jsonObject(output + "/comparison.json")["sameImages"] as? Bool, false)

        // One file: its report in the output folder itself, no comparison.
        let single = try ScoreFileEvaluation(files: [first], datasets: [], bootstrap: 0, reporter: SilentReporter()).run(output: tmp.path("one"))
        XCTAssertNil(single.comparison)
        XCTAssertEqual(single.entries.first?.folder, tmp.path("one"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.path("one/report.json")))
        // A file given twice is refused.
        XCTAssertThrowsError(try ScoreFileEvaluation(files: [first, tmp.path("a/./detector.csv")], datasets: [], reporter: SilentReporter())
            .run(output: tmp.path("twice"))) { error in
            XCTAssertTrue("\(error)".contains("is given twice"), "\(error)")
        }
        XCTAssertEqual(ScoreFileEvaluation.names(["x/cnn.csv", "univfd.jsonl", "y/cnn.csv", ".csv"]), ["cnn-1", "univfd", "cnn-2", "scores"])
        XCTAssertEqual(ScoreFileEvaluation.names(["a/x.csv", "b/x.csv", "x-1.csv"]), ["x-2", "x-3", "x-1"], "never another file's name")
    }
}
