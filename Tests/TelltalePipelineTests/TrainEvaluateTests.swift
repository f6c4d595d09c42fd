import Foundation
import TelltaleEvaluation
import TelltaleFeatures
import TelltaleImaging
import TelltaleLearning
import TelltalePipeline
import TelltaleTestSupport
import XCTest

/// train → predict → evaluate, and the refusals of models and feature files, in process.
final class TrainEvaluateTests: XCTestCase {
    func testTrainPredictEvaluate() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 10, side: 40, group: "gen-a")
        let settings = TrainingSettings(cs: [0.1, 1], cv: 3, seed: 7)
        func train() throws -> Trainer.Result {
            try Trainer(table: Pipeline.trainingTable([root], families: ["spectrum", "npr"]), settings: settings).fit()
        }
        let trained = try train()
        let cv = try XCTUnwrap(trained.file.crossValidation)
        XCTAssertTrue(trained.cvTable(cv).contains("3-fold cross-validation"), trained.cvTable(cv))
        XCTAssertTrue(trained.cvTable(cv).contains("← best"))
        let model = tmp.path("model.json")
        try trained.file.write(to: model)

        // Byte-identical model files from the same inputs and seed.
        let again = tmp.path("again.json")
        try train().file.write(to: again)
        XCTAssertEqual(try read(model), try read(again))

        let predicted = try Pipeline.predict(model, [root + "/gen-a/fake"])
        XCTAssertTrue(predicted.table.failures.isEmpty)
        let lines = predicted.csv.split(separator: "\n")
        XCTAssertEqual(lines.first, "path,sha256,label,group,score,decision")
        XCTAssertEqual(lines.count, 11)

        let evaluation = try EvaluationRun(detector: Detector(modelPath: model), datasets: [root],
                                           perturbations: [try XCTUnwrap(Perturbation("jpeg:80")), try XCTUnwrap(Perturbation("blur:1"))],
                                           bootstrap: 50, workers: Pipeline.workers, reporter: SilentReporter())
            .run(title: "model.json on set")
        let reports = tmp.path("reports")
        let written = try ReportFiles.write(evaluation, to: reports)
        for name in ["report.json", "report.md", "scores.csv", "failures.csv", "metrics.csv", "scores-long.csv", "roc.svg",
                     "roc-log.svg", "roc-conditions.svg", "pr.svg", "reliability.svg", "spectra.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: reports + "/" + name), name)
            XCTAssertTrue(written.contains(name), name)
        }
        let markdown = ReportWriter.markdown(evaluation.report)
        XCTAssertTrue(markdown.contains("Robustness"))
        XCTAssertTrue(markdown.contains("jpeg:80"))
        struct Report: Decodable {
            struct Summary: Decodable { let count: Int }
            let summary: Summary
        }
        XCTAssertEqual(try JSONDecoder().decode(Report.self, from: read(reports + "/report.json")).summary.count, 20)

        // Re-analysable: every image under every condition, one row each; every number flat.
        let long = ScoreCSV.records(try String(contentsOfFile: reports + "/scores-long.csv", encoding: .utf8))
        XCTAssertEqual(long.first, ["path", "label", "group", "condition", "score", "decision"])
        let perCondition: [String: Int] = Dictionary(grouping: long.dropFirst(), by: { (row: [String]) in row[3] }).mapValues(\.count)
        XCTAssertEqual(perCondition, ["none": 20, "jpeg:80": 20, "blur:1.0": 20])
        let clean: [Double] = long.dropFirst().filter { $0[3] == "none" }.map { Double($0[4])! }
        XCTAssertEqual(clean, evaluation.items.map(\.score))
        let flat = ScoreCSV.records(try String(contentsOfFile: reports + "/metrics.csv", encoding: .utf8))
        XCTAssertEqual(flat.first, ["condition", "group", "metric", "value", "lower", "upper", "zero_division"])
        let auc: [String] = try XCTUnwrap(flat.first { (row: [String]) in row[0] == "none" && row[1] == "(all)" && row[2] == "roc_auc" })
        XCTAssertEqual(Double(auc[3]), evaluation.report.summary.rocAUC)
        XCTAssertEqual(Double(auc[4]), evaluation.report.summary.intervals?.rocAUC.lower)
        XCTAssertTrue(flat.contains { (row: [String]) in row[0] == "jpeg:80" && row[2] == "precision" })
        XCTAssertTrue(flat.contains { (row: [String]) in row[0] == "none" && row[1] == "gen-a" && row[2] == "recall" })
        XCTAssertTrue(markdown.contains("| Precision | Recall |"), "the robustness table carries P/R")
        XCTAssertTrue(try String(contentsOfFile: reports + "/roc.svg", encoding: .utf8).contains("model.json on set"), "titled")
        // What produced it.
        let json = try String(contentsOfFile: reports + "/report.json", encoding: .utf8)
        for key in ["\"provenance\"", "\"featureConfigurationHash\"", "\"trainingFingerprint\"", "\"gitCommit\"",
                    "\"conditions\" : [", "\"trainingOverlap\""] {
            XCTAssertTrue(json.contains(key), key)
        }
    }

    func testTestImagesThatWereTrainingImagesAreFoundAndStrictFails() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 4, side: 32)
        let model = try Pipeline.train([root], to: tmp.path("m.json"))
        XCTAssertEqual(try ModelFile.read(from: model).trainingImages?.prefixes.count, 8)
        let reporter = RecordingReporter()
        var run = EvaluationRun(detector: try Detector(modelPath: model), datasets: [root], bootstrap: 0,
                                workers: Pipeline.workers, reporter: reporter)
        let evaluation = try run.run(title: "on its own training set")
        XCTAssertEqual(evaluation.overlap?.paths.count, 8)
        XCTAssertTrue(reporter.text.contains("WARNING: 8 of 8 test image(s) (100.0 %) are byte-identical to images this model was trained on"),
                      reporter.text)
        run.strict = true
        XCTAssertThrowsError(try run.run(title: "strict")) {
            XCTAssertTrue("\($0)".hasPrefix("--strict: 8 of 8 test image(s) were training images"), "\($0)")
        }
        // Other images (the same generator, other seeds) are not flagged.
        let other = try tmp.labelledSet("other", perClass: 3, side: 40)
        run.datasets = [other]
        run.strict = false
        XCTAssertEqual(try run.run(title: "held out").overlap?.paths, [])
        // A model file from before the digests cannot tell: a note, and --strict refuses.
        var old = try ModelFile.read(from: model)
        old.trainingImages = nil
        run.scorer = .detector(try Detector(model: old, source: "old.json"), alsoNeutralised: nil, perturbations: [],
                               workers: Pipeline.workers, memoryBudget: nil)
        XCTAssertEqual(try run.run(title: "old").overlap?.checked, false)
        run.strict = true
        XCTAssertThrowsError(try run.run(title: "old, strict"))
    }

    func testScoreCountsTrainingImagesAlsoAmongTheRowsAResumeKeeps() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 4, side: 32)
        let model = try Pipeline.train([root], to: tmp.path("m.json"))
        let out = tmp.path("s.csv")
        XCTAssertEqual(try Pipeline.score(model, [root], output: out).summary.overlap.count, 8)
        let resumed = try Pipeline.score(model, [root], output: out, resume: true).summary
        XCTAssertEqual(resumed.processed, 0)
        XCTAssertEqual(resumed.overlap.count, 8, "the kept rows are checked too")
        XCTAssertThrowsError(try resumed.overlap.enforce(strict: true))
        XCTAssertTrue(resumed.line(output: out).contains("all kept: the output was complete"), resumed.line(output: out))
    }

    func testModelUsedWithOtherFeaturesIsRefused() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 4, side: 32)
        let model = try Pipeline.train([root], to: tmp.path("m.json"))
        let features = tmp.path("f")
        try Pipeline.extract([root], families: ["spectrum"], size: 32, to: features)
        XCTAssertThrowsError(try Pipeline.predict(model, [features + ".npy"])) { error in
            XCTAssertTrue("\(error)".lowercased().contains("configuration"), "\(error)")
        }

        // An edited model file is refused.
        var text = try String(contentsOfFile: model, encoding: .utf8)
        XCTAssertTrue(text.contains("\"trainingRows\" : 8"))
        text = text.replacingOccurrences(of: "\"trainingRows\" : 8", with: "\"trainingRows\" : 9")
        try text.write(toFile: model, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Pipeline.predict(model, [root])) { error in
            XCTAssertFalse("\(error)".isEmpty)
        }
    }

    func testNonFiniteFeaturesAreRefusedByPredictAndTrain() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 4, side: 32)
        let features = tmp.path("f")
        try Pipeline.extract([set], families: ["npr"], size: 32, to: features)
        let model = try Pipeline.train([features + ".npy"], to: tmp.path("m.json"))
        // Put a NaN into the third row's first value.
        var npy = try read(features + ".npy")
        let columns = 17, rows = 8
        let third = npy.count - (rows - 2) * columns * 4
        npy.replaceSubrange(third..<(third + 4), with: [0x00, 0x00, 0xC0, 0x7F])
        try npy.write(to: URL(fileURLWithPath: features + ".npy"))
        XCTAssertThrowsError(try Pipeline.predict(model, [features + ".npy"])) { error in
            XCTAssertTrue("\(error)".contains("row 3"), "\(error)")
            XCTAssertTrue("\(error)".contains("not a finite number"), "\(error)")
        }
        XCTAssertThrowsError(try Pipeline.trainingTable([features + ".npy"])) { error in
            XCTAssertTrue("\(error)".contains("not a finite number"), "\(error)")
        }
    }

    func testMemoryBudgetIsRefusedWhereNothingIsDecoded() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 4, side: 32)
        let model = try Pipeline.train([set], to: tmp.path("m.json"))
        let features = tmp.path("f")
        try Pipeline.extract([set], families: ["npr"], size: 32, to: features)
        XCTAssertThrowsError(try Pipeline.trainingTable([features + ".npy"], memoryBudget: 1 << 30)) { error in
            XCTAssertTrue("\(error)".contains("--memory-budget"), "\(error)")
        }
        XCTAssertThrowsError(try Pipeline.predict(model, [features + ".npy"], memoryBudget: 1 << 30)) { error in
            XCTAssertTrue("\(error)".contains("--memory-budget"), "\(error)")
        }
    }
}
