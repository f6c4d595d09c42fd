import XCTest
@testable import TelltaleEvaluation

final class TablesTests: XCTestCase {
    func testRobustnessRowsKeepOrderAndEqualSummaries() throws {
        let labels = [0, 0, 1, 1]
        let clean = try LabelledScores(labels: labels, scores: [0.1, 0.2, 0.8, 0.9])
        let jpeg = try LabelledScores(labels: labels, scores: [0.3, 0.6, 0.5, 0.4])
        let t = RobustnessTable([PerturbedScores(perturbation: "none", data: clean),
                                 PerturbedScores(perturbation: "JPEG q=30", data: jpeg)], threshold: 0.5)
        XCTAssertEqual(t.rows.map(\.perturbation), ["none", "JPEG q=30"])
        XCTAssertEqual(t.rows[0].summary.rocAUC, 1)
        XCTAssertEqual(t.rows[1].summary, MetricSummary(jpeg, threshold: 0.5))
        XCTAssertEqual(t.rows[1].summary.rocAUC, 0.5)  // 0.5 > 0.3 and < 0.6, 0.4 > 0.3 and < 0.6
    }

    func testCrossGeneratorMatrixCellsAndLeaveOneOut() throws {
        let good = try LabelledScores(labels: [0, 1, 0, 1], scores: [0.1, 0.9, 0.2, 0.8])
        let half = try LabelledScores(labels: [0, 1, 0, 1], scores: [0.1, 0.15, 0.9, 0.95])
        let x = CrossGeneratorMatrix([
            CrossGeneratorEvaluation(train: "ProGAN", test: "ProGAN", data: good),
            CrossGeneratorEvaluation(train: "ProGAN", test: "SD1.4", data: half),
            CrossGeneratorEvaluation(train: "SD1.4", test: "SD1.4", data: good),
        ], leaveOneOut: [LeaveOneOutEvaluation(heldOut: "SD1.4", data: half)])
        XCTAssertEqual(x.trainGenerators, ["ProGAN", "SD1.4"])
        XCTAssertEqual(x.testGenerators, ["ProGAN", "SD1.4"])
        XCTAssertEqual(x.cells.count, 3)
        XCTAssertNil(x.cell(train: "SD1.4", test: "ProGAN"))
        XCTAssertEqual(x.cell(train: "ProGAN", test: "ProGAN")?.rocAUC, 1)
        // half: fakes 0.15, 0.95 vs reals 0.1, 0.9 → 3 of 4 pairs → AUC 0.75.
        XCTAssertEqual(x.cell(train: "ProGAN", test: "SD1.4")?.rocAUC, 0.75)
        XCTAssertEqual(x.meanOffDiagonalAUC(train: "ProGAN"), 0.75)
        XCTAssertNil(x.meanOffDiagonalAUC(train: "SD1.4"))
        XCTAssertEqual(x.leaveOneOut.first?.heldOut, "SD1.4")
        XCTAssertEqual(x.leaveOneOut.first?.rocAUC, 0.75)
        XCTAssertEqual(x.leaveOneOut.first?.accuracy, 0.5)
    }
}
