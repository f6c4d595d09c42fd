import Foundation
import XCTest

/// train → predict → evaluate, audit, split and crossval, run as a user would.
final class TrainEvaluateCommandTests: CLITestCase {
    func testTrainPredictEvaluate() throws {
        let tmp = try temporaryDirectory()
        let root = try makeDataset(in: tmp.appendingPathComponent("set"), perClass: 10, side: 40, group: "gen-a")
        let model = tmp.appendingPathComponent("model.json").path
        let train = try telltale(["train", root.path, "--features", "spectrum,npr", "--size", "32",
                                  "--C", "0.1,1", "--cv", "3", "--seed", "7", "-o", model])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stdout.contains("3-fold cross-validation"), train.stdout)
        XCTAssertTrue(train.stdout.contains("← best"))

        // Byte-identical model files from the same inputs and seed.
        let again = tmp.appendingPathComponent("again.json").path
        XCTAssertEqual(try telltale(["train", root.path, "--features", "spectrum,npr", "--size", "32",
                                     "--C", "0.1,1", "--cv", "3", "--seed", "7", "-o", again]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), try Data(contentsOf: URL(fileURLWithPath: again)))

        let predict = try telltale(["predict", model, root.appendingPathComponent("gen-a/fake").path])
        XCTAssertEqual(predict.status, 0, predict.stderr)
        let lines = predict.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "path,sha256,label,group,score,decision")
        XCTAssertEqual(lines.count, 11)

        let reports = tmp.appendingPathComponent("reports").path
        let evaluate = try telltale(["evaluate", model, root.path, "--perturb", "jpeg:80", "blur:1",
                                     "--bootstrap", "50", "-o", reports])
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
        XCTAssertEqual(try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: reports + "/report.json"))).summary.count, 20)
    }

    func testModelUsedWithOtherFeaturesIsAClearError() throws {
        let tmp = try temporaryDirectory()
        let root = try makeDataset(in: tmp.appendingPathComponent("set"), perClass: 4, side: 32)
        let model = tmp.appendingPathComponent("m.json").path
        XCTAssertEqual(try telltale(["train", root.path, "--features", "npr", "--size", "32", "--cv", "0", "-o", model]).status, 0)
        let features = tmp.appendingPathComponent("f").path
        XCTAssertEqual(try telltale(["extract", root.path, "--features", "spectrum", "--size", "32", "-o", features]).status, 0)
        let run = try telltale(["predict", model, features + ".npy"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.lowercased().contains("configuration"), run.stderr)

        // An edited model file is refused.
        var text = try String(contentsOfFile: model, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"trainingRows\" : 8", with: "\"trainingRows\" : 9")
        try text.write(toFile: model, atomically: true, encoding: .utf8)
        let edited = try telltale(["predict", model, root.path])
        XCTAssertNotEqual(edited.status, 0)
        XCTAssertFalse(edited.stderr.isEmpty)
    }

    func testAuditFlagsContainerShortcut() throws {
        // Every real is a JPEG and every fake a PNG: the audit must warn.
        let root = try makeDataset(in: try temporaryDirectory(), perClass: 8, side: 32)
        let run = try telltale(["audit", root.path, "--strict"])
        XCTAssertEqual(run.status, 3, run.stdout)
        XCTAssertTrue(run.stdout.contains("WARNING"))
    }

    func testAuditQuietWhenBothClassesShareOneForm() throws {
        let tmp = try temporaryDirectory()
        let root = try makeDataset(in: tmp, perClass: 8, side: 32)
        // Re-save the fakes as JPEGs of the same quality as the reals.
        let fake = root.appendingPathComponent("fake")
        for name in try FileManager.default.contentsOfDirectory(atPath: fake.path) {
            try FileManager.default.removeItem(at: fake.appendingPathComponent(name))
        }
        let real = root.appendingPathComponent("real")
        for (i, name) in try FileManager.default.contentsOfDirectory(atPath: real.path).sorted().enumerated() {
            let bytes = try Data(contentsOf: real.appendingPathComponent(name))
            // Same container: copy the real JPEGs' bytes with one pixel row changed is not needed;
            // the audit sees only metadata, so identical files are the strictest check.
            try bytes.write(to: fake.appendingPathComponent("copy_\(i).jpg"))
        }
        let run = try telltale(["audit", root.path, "--strict"])
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertFalse(run.stdout.contains("WARNING"))
    }

    func testSplitAndCrossval() throws {
        let tmp = try temporaryDirectory()
        let set = tmp.appendingPathComponent("set")
        _ = try makeDataset(in: set, perClass: 6, side: 32, group: "gen-a")
        _ = try makeDataset(in: set, perClass: 6, side: 32, group: "gen-b")
        let split = try telltale(["split", set.path, "--test", "0.5", "--seed", "3", "-o", tmp.appendingPathComponent("split").path])
        XCTAssertEqual(split.status, 0, split.stderr)
        let trainCSV = try String(contentsOfFile: tmp.appendingPathComponent("split/train.csv").path, encoding: .utf8)
        let testCSV = try String(contentsOfFile: tmp.appendingPathComponent("split/test.csv").path, encoding: .utf8)
        XCTAssertEqual(trainCSV.split(separator: "\n").count - 1, 12)
        XCTAssertEqual(testCSV.split(separator: "\n").count - 1, 12)
        let trainPaths = Set(trainCSV.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        let testPaths = Set(testCSV.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        XCTAssertTrue(trainPaths.isDisjoint(with: testPaths))

        let cv = try telltale(["crossval", set.path, "--features", "npr", "--size", "32", "--folds", "3",
                               "-o", tmp.appendingPathComponent("cv").path])
        XCTAssertEqual(cv.status, 0, cv.stderr)
        XCTAssertTrue(cv.stdout.contains("gen-a"))
        XCTAssertTrue(cv.stdout.contains("gen-b"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("cv/crossval.json").path))
    }
}
