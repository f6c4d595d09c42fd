import Foundation
import TelltaleDatasets
import TelltalePipeline
import TelltaleTestSupport
import XCTest

/// `--seeds`: one run per seed, each number as mean ± std across them.
final class SeedTests: XCTestCase {
    func testSpreadIsTheSampleStandardDeviation() {
        let s = SeedSpread([0.9, 0.8, 0.7])
        XCTAssertEqual(s.mean, 0.8, accuracy: 1e-15)
        XCTAssertEqual(s.std, 0.1, accuracy: 1e-15, "numpy.std(ddof=1)")
        XCTAssertEqual(SeedSpread([0.5]).std, 0)
        XCTAssertEqual(s.description, "0.8000 ± 0.1000")
        XCTAssertEqual(SeedSpread.seeds("0, 1,2"), [0, 1, 2])
        for bad in ["", "0,0", "-1", "1,x"] { XCTAssertNil(SeedSpread.seeds(bad), bad) }
    }

    func testTrainingWithSeveralSeedsWritesAModelPerSeedAndTheSpread() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet("set", perClass: 6, side: 32)
        var settings = TrainingSettings(cs: [0.1, 1], cv: 3)
        settings.seed = 99  // replaced by each seed
        let run = TrainingRun(inputs: [root], split: nil, configuration: .init(families: ["npr"], cropSize: 32), augmentation: nil,
                              settings: settings, seeds: [3, 4], targetFPR: nil, targetPrecision: nil, workers: 2, memoryBudget: nil)
        let result = try run.run(reporter: SilentReporter())
        XCTAssertEqual(result.models.map(\.seed), [3, 4])
        XCTAssertEqual(result.models.map(\.trained.file.seed), [3, 4])
        let spread = try XCTUnwrap(result.spread)
        XCTAssertEqual(spread.settings.count, 2)
        XCTAssertEqual(spread.settings[0].rocAUC.values,
                       result.models.map { $0.trained.file.crossValidation!.settings[0].meanROCAUC })
        let written = try run.write(result, to: tmp.path("m.json"))
        XCTAssertEqual(written, [tmp.path("m.seed3.json"), tmp.path("m.seed4.json"), tmp.path("m.seeds.json")])
        // One seed: one file, named as given, and no spread.
        var single = run
        single.seeds = [3]
        let one = try single.run(reporter: SilentReporter())
        XCTAssertNil(one.spread)
        XCTAssertEqual(try single.write(one, to: tmp.path("one.json")), [tmp.path("one.json")])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: tmp.path("one.json"))),
                       try Data(contentsOf: URL(fileURLWithPath: tmp.path("m.seed3.json"))), "the same seed gives the same model")
    }

    func testCrossvalAcrossSeeds() throws {
        let tmp = try makeTemporaryDirectory()
        let set = tmp.path("set")
        try tmp.labelledSet("set", perClass: 6, side: 32, group: "gen-a")
        try tmp.labelledSet("set", perClass: 6, side: 32, group: "gen-b")
        let table = try Pipeline.trainingTable([set], families: ["npr"], size: 32)
        let result = try CrossGenerator(table: table, settings: .defaults, folds: 3).run(seeds: [0, 1])
        let spread = try XCTUnwrap(result.acrossSeeds)
        XCTAssertEqual(spread.cells.count, 4)
        XCTAssertEqual(result.provenance.seeds, ["0", "1"])
        let offDiagonal = try XCTUnwrap(spread.cells.first { $0.train == "gen-a" && $0.test == "gen-b" })
        XCTAssertEqual(offDiagonal.rocAUC?.std, 0, "a logistic regression fitted on all of gen-a does not depend on the seed")
        try CrossGenerator.write(result, to: tmp.path("cv"))
        XCTAssertTrue(try String(contentsOfFile: tmp.path("cv/crossval.md"), encoding: .utf8).contains("Across 2 seeds (0, 1)"))
    }
}
