import TelltaleDatasets
import TelltalePipeline
import TelltaleTestSupport
import XCTest

/// `--split`: official splits are honoured, and mixing them is refused unless asked for.
final class SplitSelectionTests: XCTestCase {
    func testSelection() throws {
        let splits: [String?] = ["train", "train", "val", nil]
        XCTAssertEqual(try SplitSelection.select(splits, .named("train")), [0, 1])
        XCTAssertEqual(try SplitSelection.select(splits, .all), [0, 1, 2, 3])
        XCTAssertEqual(try SplitSelection.select(["test", "test"], nil), [0, 1], "one split: nothing to choose")
        XCTAssertEqual(try SplitSelection.select([nil, nil], nil), [0, 1])
        XCTAssertThrowsError(try SplitSelection.select(splits, nil)) {
            XCTAssertEqual("\($0)", "the inputs hold images of several splits (no split 1, train 2, val 1): training and testing on the same data is the commonest leak — give --split train, --split val, or --split all to use them together on purpose")
        }
        XCTAssertThrowsError(try SplitSelection.select(splits, .named("test"))) {
            XCTAssertEqual("\($0)", "no images in split 'test' (the inputs have no split 1, train 2, val 1)")
        }
        XCTAssertEqual(SplitSelection("validation"), .named("val"))
        XCTAssertEqual(SplitSelection("all"), .all)
        XCTAssertEqual(SplitSelection("holdout"), .named("holdout"))
    }

    /// A GenImage-style `<generator>/{train,val}/{real,fake}` tree.
    private func splitLayout(_ tmp: TemporaryDirectory) throws -> String {
        try tmp.labelledSet("gen/sd14", perClass: 3, side: 32, group: "train")
        try tmp.labelledSet("gen/sd14", perClass: 2, side: 32, group: "val")
        return tmp.path("gen")
    }

    func testTrainingRefusesMixedSplitsAndHonoursSplit() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try splitLayout(tmp)
        XCTAssertThrowsError(try Pipeline.trainingTable([root])) {
            XCTAssertTrue("\($0)".contains("several splits (train 6, val 4)"), "\($0)")
        }
        let reporter = RecordingReporter()
        let train = try TrainingInput.load([root], split: .named("train"), configuration: .init(families: ["npr"], cropSize: 32),
                                           augmentation: nil, workers: 2, memoryBudget: nil, label: "t", reporter: reporter)
        XCTAssertEqual(train.rows.count, 6)
        XCTAssertTrue(train.rows.allSatisfy { $0.split == "train" })
        XCTAssertTrue(reporter.text.contains("split train: 6 of 10 images"), reporter.text)

        // A feature file keeps every split; the rows are chosen when training from it.
        let features = tmp.path("f")
        try Pipeline.extract([root], families: ["npr"], size: 32, to: features)
        XCTAssertEqual(try FeatureFile.read(from: features).rows.count, 10)
        XCTAssertThrowsError(try Pipeline.trainingTable([features + ".npy"])) {
            XCTAssertTrue("\($0)".contains("feature rows of several splits"), "\($0)")
        }
        XCTAssertThrowsError(try TrainingInput.load([features], split: .named("val"), configuration: .defaults, augmentation: nil,
                                                    workers: 2, memoryBudget: nil, label: "t", reporter: reporter)) {
            XCTAssertTrue("\($0)".contains("feature options"), "an option that would be ignored is an error")
        }
        let val = try TrainingInput.load([features], split: .named("val"), configuration: nil,
                                         augmentation: nil, workers: 2, memoryBudget: nil, label: "t", reporter: reporter)
        XCTAssertEqual(val.rows.map(\.split), Array(repeating: "val", count: 4))
    }

    func testSplitKeepsTheDatasetsOwnSplit() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try splitLayout(tmp)
        try tmp.labelledSet("gen/extra", perClass: 5, side: 32)  // no split: these are split
        let result = try StratifiedSplit.write(dataset: root, test: 0.4, seed: 3, to: tmp.path("out"))
        XCTAssertEqual(result.kept, 10)
        XCTAssertEqual(result.sets["val"]?.count, 4)
        XCTAssertEqual(result.train.filter { $0.split == "train" }.count, 6)
        XCTAssertEqual(result.test.count, 4, "2 of each class of the unsplit images")
        XCTAssertEqual(result.train.count, 6 + 6)
        for name in ["train", "test", "val"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.path("out/\(name).csv")), name)
        }
        XCTAssertTrue(try String(contentsOfFile: tmp.path("out/val.csv"), encoding: .utf8).contains(",val\n"))
        // Nothing left to split: refused, rather than a silent copy with --test ignored.
        XCTAssertThrowsError(try StratifiedSplit.write(dataset: tmp.path("out/train.csv"), test: 0.3, seed: 0, to: tmp.path("again"))) {
            XCTAssertTrue("\($0)".contains("every image already has its split (train 12)"), "\($0)")
        }
    }
}
