import Foundation
import TelltaleEvaluation
import TelltaleImaging
import TelltaleLearning
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// `telltale calibrate` in process: fitting on a validation set, carrying the calibration and
/// the threshold to a test set through every way a model is applied, and the refusals; and
/// the evaluation of sets of one class.
final class CalibrationTests: XCTestCase {
    /// A model (npr at 32 px) trained on one set, and two sets of other images (other sizes).
    private func fixture() throws -> (tmp: TemporaryDirectory, model: String, validation: String, test: String) {
        let tmp = try makeTemporaryDirectory()
        let train = try tmp.labelledSet("train", perClass: 8, side: 32)
        let model = try Pipeline.train([train], to: tmp.path("model.json"))
        return (tmp, model, try tmp.labelledSet("validation", perClass: 10, side: 40), try tmp.labelledSet("test", perClass: 10, side: 48))
    }

    private func calibrate(_ model: String, _ validation: [String], _ settings: CalibrationSettings, to output: String,
                           reporter: any PipelineReporter = SilentReporter()) throws -> CalibrationRun.Result {
        try CalibrationRun(modelPath: model, validation: validation, settings: settings, output: output,
                           workers: Pipeline.workers, reporter: reporter).run()
    }

    /// A labelled set of one class: `labelledSet` without its other class folder.
    private func oneClassSet(_ tmp: TemporaryDirectory, _ name: String, keep: String) throws -> String {
        let root = try tmp.labelledSet(name, perClass: 12, side: 40)
        try FileManager.default.removeItem(atPath: root + "/" + (keep == "real" ? "fake" : "real"))
        return root
    }

    func testPlattCalibrationAndThresholdAreCarriedToTheTestSet() throws {
        let (tmp, modelPath, validation, test) = try fixture()
        let output = tmp.path("calibrated.json")
        let result = try calibrate(modelPath, [validation], CalibrationSettings(method: .platt, targetFPR: 0.1), to: output)

        let base = try ModelFile.read(from: modelPath)
        let written = try ModelFile.read(from: output)
        XCTAssertEqual(written, result.model)
        let calibration = try XCTUnwrap(written.calibration)
        XCTAssertEqual(calibration.method, "platt")
        XCTAssertEqual(calibration.input, "log-odds")
        XCTAssertEqual(calibration.validation.rows, 20)
        XCTAssertEqual(calibration.validation.realCount, 10)
        XCTAssertEqual(calibration.baseModelSHA256, Digest.sha256(try read(modelPath)))
        XCTAssertNotEqual(calibration.validation.fingerprint, base.trainingFingerprint)
        XCTAssertTrue(written.threshold.method.hasPrefix("FPR ≤ 0.1 on the validation set (20 images: 10 real, 10 fake; fingerprint "),
                      written.threshold.method)
        XCTAssertTrue(written.threshold.method.contains("calibrated by Platt scaling of the log-odds"), written.threshold.method)
        XCTAssertLessThanOrEqual(result.after.atThreshold.falsePositiveRate, 0.1)
        XCTAssertEqual(result.after.atThreshold.threshold, written.threshold.value)
        for text in ["before", "after", "Brier", "ECE (10 bins)", "decision threshold", "optimistic"] {
            XCTAssertTrue(result.summary.contains(text), "\(text) in\n\(result.summary)")
        }
        // Nothing else of the model changed.
        var stripped = written
        stripped.calibration = nil
        stripped.threshold = base.threshold
        XCTAssertEqual(stripped, base)

        // evaluate: the calibrated probabilities of the base model's log-odds, at the new threshold.
        let evaluation = try EvaluationRun(detector: Detector(modelPath: output), datasets: [test], bootstrap: 0,
                                           workers: Pipeline.workers, reporter: SilentReporter()).run(title: "calibrated on test")
        XCTAssertEqual(evaluation.report.threshold, written.threshold.value)
        let logOdds = try base.decisionFunction(XCTUnwrap(evaluation.table).matrix)
        let expected = calibration.calibrator.transform(logOdds)
        XCTAssertEqual(evaluation.items.map(\.score), expected)
        XCTAssertNotEqual(evaluation.items.map(\.score), try base.predictProbability(XCTUnwrap(evaluation.table).matrix))
        // predict and score apply it too.
        let predicted = try Pipeline.predict(output, [test])
        let predictedScores = predicted.csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
        XCTAssertEqual(predictedScores, zip(predicted.table.rows, try Detector(modelPath: output).scores(predicted.table, source: test))
            .map { String(format: "%.6f", $0.1) })
        let scored = try Pipeline.score(output, [test]).stdout
        let byPath = Dictionary(uniqueKeysWithValues: zip(evaluation.items.map(\.path), expected))
        var checked = 0
        for line in scored.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard let p = byPath[fields[0]] else { continue }
            XCTAssertEqual(fields[2], String(format: "%.6f", p), fields[0])
            XCTAssertEqual(fields[3], p >= written.threshold.value ? "fake" : "real", fields[0])
            checked += 1
        }
        XCTAssertEqual(checked, 20)
    }

    func testIsotonicCalibrationIsDeterministicAndResetsTheThresholdToHalf() throws {
        let (tmp, modelPath, validation, _) = try fixture()
        let reporter = RecordingReporter()
        let a = try calibrate(modelPath, [validation], CalibrationSettings(method: .isotonic), to: tmp.path("a.json"), reporter: reporter)
        _ = try calibrate(modelPath, [validation], CalibrationSettings(method: .isotonic), to: tmp.path("b.json"))
        XCTAssertEqual(try read(tmp.path("a.json")), try read(tmp.path("b.json")))
        guard case .isotonic(let iso)? = a.model.calibration?.calibrator else { return XCTFail("not isotonic") }
        XCTAssertNoThrow(try iso.validate())
        XCTAssertEqual(a.model.threshold.value, 0.5)
        XCTAssertTrue(a.model.threshold.method.hasPrefix("default (0.5) on probabilities calibrated by isotonic regression"),
                      a.model.threshold.method)
        XCTAssertTrue(reporter.text.contains("validation: "), reporter.text)  // the dataset's summary line

        // Calibrating a calibrated model replaces its calibration (fitted on the log-odds again).
        let replaced = RecordingReporter()
        let c = try calibrate(tmp.path("a.json"), [validation], CalibrationSettings(method: .platt), to: tmp.path("c.json"),
                              reporter: replaced)
        XCTAssertEqual(c.model.calibration?.method, "platt")
        XCTAssertTrue(replaced.text.contains("the model's isotonic calibration (fitted on 20 images) is replaced"), replaced.text)
        let direct = try calibrate(modelPath, [validation], CalibrationSettings(method: .platt), to: tmp.path("d.json"))
        XCTAssertEqual(c.model.calibration?.calibrator, direct.model.calibration?.calibrator)
    }

    func testAThresholdAloneOnARealOnlySet() throws {
        let (tmp, modelPath, _, _) = try fixture()
        let reals = try oneClassSet(tmp, "reals", keep: "real")
        let result = try calibrate(modelPath, [reals], CalibrationSettings(method: .none, targetFPR: 0.1), to: tmp.path("t.json"))
        XCTAssertNil(result.model.calibration)
        XCTAssertTrue(result.model.threshold.method.hasPrefix("FPR ≤ 0.1 on the validation set (12 images: 12 real, 0 fake"),
                      result.model.threshold.method)
        XCTAssertLessThanOrEqual(result.after.atThreshold.falsePositiveRate, 0.1)
        XCTAssertTrue(result.summary.contains("n/a"), result.summary)  // no recall without fakes
        // The probabilities are unchanged: only the threshold moved.
        var same = result.model
        same.threshold = try ModelFile.read(from: modelPath).threshold
        XCTAssertEqual(same, try ModelFile.read(from: modelPath))
    }

    func testCalibratingForATestTimeConditionRecordsIt() throws {
        let (tmp, modelPath, validation, _) = try fixture()
        var run = CalibrationRun(modelPath: modelPath, validation: [validation], settings: CalibrationSettings(targetFPR: 0.1),
                                 output: tmp.path("jpeg.json"), workers: Pipeline.workers, reporter: SilentReporter())
        run.perturbation = try XCTUnwrap(Perturbation("jpeg:70"))
        let result = try run.run()
        XCTAssertEqual(result.model.calibration?.validation.condition, "jpeg:70")
        XCTAssertTrue(result.model.threshold.method.contains("; under jpeg:70)"), result.model.threshold.method)
        // Without a condition the key is absent (a calibration's bytes stay as before).
        run.perturbation = nil
        run.output = tmp.path("plain.json")
        XCTAssertNil(try run.run().model.calibration?.validation.condition)
        XCTAssertFalse(try String(contentsOfFile: tmp.path("plain.json"), encoding: .utf8).contains("\"condition\""))
    }

    func testRefusals() throws {
        let (tmp, modelPath, validation, _) = try fixture()
        func refused(_ inputs: [String], _ settings: CalibrationSettings, output: String? = nil, because text: String,
                     line: UInt = #line) {
            let out = output ?? tmp.path("never.json")
            XCTAssertThrowsError(try calibrate(modelPath, inputs, settings, to: out), line: line) {
                XCTAssertTrue("\($0)".contains(text), "\($0)", line: line)
            }
            if output == nil { XCTAssertFalse(FileManager.default.fileExists(atPath: out), line: line) }
        }
        refused([tmp.path("train")], CalibrationSettings(), because: "the validation set is the model's training set")
        // Training images among held-out ones: found image by image (the model's trainingImages).
        refused([validation, tmp.path("train")], CalibrationSettings(), because: "16 of 36 validation image(s) were training images of the model")
        refused([validation], CalibrationSettings(), output: modelPath, because: "is the model being calibrated")
        refused([validation], CalibrationSettings(method: .none), because: "leaves nothing to do")
        refused([validation], CalibrationSettings(targetFPR: 0.1, targetPrecision: 0.9), because: "not both")
        refused([validation], CalibrationSettings(targetFPR: 1.5), because: "--target-fpr must be in [0, 1]")
        let reals = try oneClassSet(tmp, "reals", keep: "real")
        refused([reals], CalibrationSettings(method: .platt), because: "platt calibration needs real and fake validation images")
        refused([reals], CalibrationSettings(method: .none, targetPrecision: 0.9), because: "cannot choose the threshold")
        XCTAssertEqual(try ModelFile.read(from: modelPath).calibration, nil)
    }

    func testSetsOfOneClassEvaluate() throws {
        let (tmp, modelPath, _, _) = try fixture()
        for keep in ["real", "fake"] {
            let set = try oneClassSet(tmp, "only-\(keep)", keep: keep)
            let evaluation = try EvaluationRun(detector: Detector(modelPath: modelPath), datasets: [set], bootstrap: 100,
                                               workers: Pipeline.workers, reporter: SilentReporter()).run(title: keep)
            let summary = evaluation.report.summary
            let rate = try XCTUnwrap(summary.singleClass, keep)
            XCTAssertEqual(rate.metric, keep == "real" ? .falsePositiveRate : .recall)
            XCTAssertEqual(rate.count, 12)
            XCTAssertEqual(rate.rate, keep == "real" ? summary.atThreshold.falsePositiveRate : summary.atThreshold.recall)
            XCTAssertNotNil(rate.bootstrap)
            let folder = tmp.path("report-\(keep)")
            let written = try ReportFiles.write(evaluation.report, items: evaluation.items, table: evaluation.table, to: folder)
            XCTAssertTrue(written.contains("reliability.svg"), "\(written)")
            XCTAssertFalse(written.contains("roc.svg"), "\(written)")
            let markdown = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
            XCTAssertTrue(markdown.contains(keep == "real" ? "Real images only (12)" : "Fake images only (12)"), markdown)
        }
    }
}
