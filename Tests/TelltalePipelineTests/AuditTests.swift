import Foundation
import TelltaleEvaluation
import TelltaleImaging
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// The metadata audit's verdicts (`telltale audit`), in process.
final class AuditTests: XCTestCase {
    func audit(_ datasets: [String], reporter: RecordingReporter = RecordingReporter()) throws -> MetadataAudit {
        let (items, skipped) = try Datasets.load(datasets, split: .all, reporter: reporter)
        return try MetadataAudit.run(items: items, skipped: skipped, seed: 0, memoryBudget: DecodeOptions.defaultMemoryBudget,
                                     reporter: reporter)
    }

    func testAuditFlagsContainerShortcut() throws {
        // Every real is a JPEG and every fake a PNG: the audit must warn (at the CLI's default --warn-auc 0.8).
        let root = try makeTemporaryDirectory().labelledSet(perClass: 8, side: 32)
        let warnings = try audit([root]).warnings(at: 0.8)
        XCTAssertTrue(warnings.whole || !warnings.groups.isEmpty)
    }

    func testAuditQuietWhenBothClassesShareOneForm() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet(perClass: 8, side: 32)
        // The fakes replaced by copies of the real JPEGs: the audit sees only metadata, so
        // identical files are the strictest check.
        let fake = root + "/fake", real = root + "/real"
        for name in try FileManager.default.contentsOfDirectory(atPath: fake) {
            try FileManager.default.removeItem(atPath: fake + "/" + name)
        }
        for (i, name) in try FileManager.default.contentsOfDirectory(atPath: real).sorted().enumerated() {
            try FileManager.default.copyItem(atPath: real + "/" + name, toPath: fake + "/copy_\(i).jpg")
        }
        let warnings = try audit([root]).warnings(at: 0.8)
        XCTAssertFalse(warnings.whole)
        XCTAssertEqual(warnings.groups, [])
    }

    /// Both classes saved alike (JPEG q90, one size) but different in content: the container
    /// says nothing, bits per pixel do, and the audit says the set looks neutralised instead
    /// of advising to neutralise it.
    func testNeutralisedSetIsRecognisedAndBitsPerPixelAreContent() throws {
        let tmp = try makeTemporaryDirectory()
        for (folder, fake) in [("real", false), ("fake", true)] {
            try tmp.makeDirectory("set/" + folder)
            for i in 0..<10 {
                let image = SyntheticImages.labelled(side: 32, fake: fake, seed: UInt64(i + 1))
                _ = try tmp.write("set/\(folder)/\(i).jpg", bytes: try ImageEncoder.jpeg(image, quality: 90))
            }
        }
        let audit = try audit([tmp.path("set")])
        XCTAssertTrue(audit.looksNeutralised)
        let verdict = audit.verdict(warnAUC: 0.8)
        XCTAssertFalse(verdict.shortcut, "\(verdict)")
        let overall = try XCTUnwrap(audit.overall)
        XCTAssertLessThan(overall.containerAUC, 0.8)
        XCTAssertTrue(verdict.message?.contains("looks neutralised already") == true, "\(verdict)")
        XCTAssertFalse(verdict.message?.contains("Report results after neutralising") == true)
        if overall.auc >= 0.8 { XCTAssertTrue(verdict.message!.hasPrefix("note: bits per pixel separate the classes")) }
        XCTAssertTrue(String(decoding: try CanonicalJSON.encode(audit.report), as: UTF8.self).contains("\"looksNeutralised\" : true"))
    }

    func testEveryImageOfALabelledSetIsCountedWebPAndTIFFIncluded() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 6, side: 32)
        try tmp.write("set/fake/x.webp", text: "RIFF\0\0\0\0WEBPVP8 ")
        try tmp.write("set/real/y.gif", text: "GIF89a")
        let reporter = RecordingReporter()
        let result = try audit([set], reporter: reporter)
        XCTAssertTrue(reporter.text.contains("6 real, 7 fake"), reporter.text)
        XCTAssertTrue(reporter.text.contains("skipped 1 file that is not an image: .gif ×1"), reporter.text)
        XCTAssertEqual(result.failures.map(\.path), [set + "/fake/x.webp"])
    }
}

/// `telltale split` and `telltale crossval`, in process.
final class SplitCrossvalTests: XCTestCase {
    func testSplitAndCrossval() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 6, side: 32, group: "gen-a")
        try tmp.labelledSet("set", perClass: 6, side: 32, group: "gen-b")
        let split = try StratifiedSplit.write(dataset: set, test: 0.5, seed: 3, to: tmp.path("split"))
        XCTAssertEqual(split.train.count, 12)
        let trainCSV = try String(contentsOfFile: tmp.path("split/train.csv"), encoding: .utf8)
        let testCSV = try String(contentsOfFile: tmp.path("split/test.csv"), encoding: .utf8)
        XCTAssertEqual(trainCSV.split(separator: "\n").count - 1, 12)
        XCTAssertEqual(testCSV.split(separator: "\n").count - 1, 12)
        let trainPaths = Set(trainCSV.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        let testPaths = Set(testCSV.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        XCTAssertTrue(trainPaths.isDisjoint(with: testPaths))

        let table = try Pipeline.trainingTable([set], families: ["npr"], size: 32)
        let result = try CrossGenerator(table: table, settings: TrainingSettings.defaults, folds: 3).run()
        let markdown = ReportWriter.crossGeneratorMarkdown(result.matrix)
        XCTAssertTrue(markdown.contains("gen-a"))
        XCTAssertTrue(markdown.contains("gen-b"))
        XCTAssertEqual(result.provenance.selections.map(\.trainedOn), ["gen-a", "gen-b"])
        XCTAssertEqual(result.provenance.selections.map(\.meanCVROCAUC), [nil, nil], "one setting: nothing chosen")
        try CrossGenerator.write(result, to: tmp.path("cv"))
        let json = try String(contentsOfFile: tmp.path("cv/crossval.json"), encoding: .utf8)
        for key in ["\"provenance\"", "\"featureConfigurationHash\"", "\"selections\"", "\"gitCommit\"", "\"cells\""] {
            XCTAssertTrue(json.contains(key), key)
        }

        // A grid is searched within each training set, and the choice recorded per cell.
        var grid = TrainingSettings.defaults
        grid.cs = [0.01, 100]
        grid.cv = 2
        let searched = try CrossGenerator(table: table, settings: grid, folds: 3).run()
        XCTAssertEqual(searched.provenance.gridSize, 2)
        XCTAssertTrue(searched.provenance.selections.allSatisfy { $0.meanCVROCAUC != nil && ["0.01", "100.0"].contains($0.parameters["C"]) },
                      "\(searched.provenance.selections)")
    }
}
