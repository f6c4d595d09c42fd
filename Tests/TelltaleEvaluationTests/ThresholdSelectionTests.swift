import XCTest
@testable import TelltaleEvaluation

final class ThresholdSelectionTests: XCTestCase {
    func testFalsePositiveRateTargetsMatchBruteForce() throws {
        for c in try SklearnFixture.load().cases where c.fprSelection != nil {
            let data = try c.data
            for e in try XCTUnwrap(c.fprSelection) {
                let choice = try data.threshold(forFalsePositiveRate: e.target)
                let label = "\(c.name) FPR ≤ \(e.target)"
                XCTAssertEqual(choice.threshold, e.threshold, label)
                XCTAssertEqual(choice.achieved.falsePositiveRate, e.fpr, accuracy: 1e-12, label)
                XCTAssertEqual(choice.achieved.recall, e.recall, accuracy: 1e-12, label)
                XCTAssertLessThanOrEqual(choice.achieved.falsePositiveRate, e.target, label)
                XCTAssertEqual(choice.criterion, .maximumFalsePositiveRate)
            }
        }
    }

    func testPrecisionTargetsMatchBruteForce() throws {
        var unreachable = 0
        for c in try SklearnFixture.load().cases where c.precisionSelection != nil {
            let data = try c.data
            for e in try XCTUnwrap(c.precisionSelection) {
                let label = "\(c.name) precision ≥ \(e.target)"
                if let threshold = e.threshold {
                    let choice = try data.threshold(forPrecision: e.target)
                    XCTAssertEqual(choice.threshold, threshold, label)
                    XCTAssertEqual(choice.achieved.precision, try XCTUnwrap(e.precision), accuracy: 1e-12, label)
                    XCTAssertEqual(choice.achieved.recall, try XCTUnwrap(e.recall), accuracy: 1e-12, label)
                } else {
                    unreachable += 1
                    XCTAssertThrowsError(try data.threshold(forPrecision: e.target), label) {
                        XCTAssertEqual($0 as? EvaluationError, .unreachableTarget(criterion: "precision", target: e.target))
                    }
                }
            }
        }
        XCTAssertGreaterThan(unreachable, 0, "the fixture should exercise an unreachable precision")
    }

    func testZeroFalsePositiveBudgetAboveTheTopRealPredictsNothing() throws {
        let data = try LabelledScores(labels: [0, 1, 1], scores: [0.9, 0.8, 0.7])
        let choice = try data.threshold(forFalsePositiveRate: 0)
        XCTAssertEqual(choice.threshold, 0.9.nextUp)
        XCTAssertEqual(choice.achieved.confusion.falsePositives, 0)
        XCTAssertEqual(choice.achieved.confusion.truePositives, 0)
        XCTAssertThrowsError(try data.threshold(forFalsePositiveRate: 1.5))
        XCTAssertThrowsError(try LabelledScores(labels: [1, 1], scores: [0.2, 0.3]).threshold(forFalsePositiveRate: 0.1))
    }
}
