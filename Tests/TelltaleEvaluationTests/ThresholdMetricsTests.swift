import XCTest
@testable import TelltaleEvaluation

final class ThresholdMetricsTests: XCTestCase {
    func testEveryCaseAndThresholdMatchesScikitLearn() throws {
        let fixture = try SklearnFixture.load()
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 10)
        for c in fixture.cases {
            let data = try c.data
            for expected in c.thresholdMetrics {
                let m = data.metrics(atThreshold: expected.threshold)
                let label = "\(c.name) @ \(expected.threshold)"
                XCTAssertEqual(m.confusion.truePositives, expected.confusion.tp, label)
                XCTAssertEqual(m.confusion.falsePositives, expected.confusion.fp, label)
                XCTAssertEqual(m.confusion.trueNegatives, expected.confusion.tn, label)
                XCTAssertEqual(m.confusion.falseNegatives, expected.confusion.fn, label)
                XCTAssertEqual(m.precision, expected.precision, accuracy: 1e-12, label)
                XCTAssertEqual(m.recall, expected.recall, accuracy: 1e-12, label)
                XCTAssertEqual(m.f1, expected.f1, accuracy: 1e-12, label)
                XCTAssertEqual(m.accuracy, expected.accuracy, accuracy: 1e-12, label)
                XCTAssertEqual(m.realAccuracy, expected.realAccuracy, accuracy: 1e-12, label)
                XCTAssertEqual(m.fakeAccuracy, expected.fakeAccuracy, accuracy: 1e-12, label)
                XCTAssertEqual(m.balancedAccuracy, expected.balancedAccuracy, accuracy: 1e-12, label)
                XCTAssertEqual(m.falsePositiveRate, expected.fpr, accuracy: 1e-12, label)
                XCTAssertEqual(m.zeroDivision.map(\.rawValue).sorted(), expected.zeroDivision, label)
            }
        }
    }

    func testPredictsFakeWhenScoreEqualsThreshold() throws {
        let data = try LabelledScores(labels: [1, 0], scores: [0.5, 0.4999999])
        let m = data.metrics(atThreshold: 0.5)
        XCTAssertEqual(m.confusion, ConfusionMatrix(truePositives: 1, falsePositives: 0, trueNegatives: 1, falseNegatives: 0))
        XCTAssertEqual(m.accuracy, 1)
    }

    func testNoFakePredictionsReportsZeroPrecisionAndFlagsIt() throws {
        let data = try LabelledScores(labels: [0, 1, 1], scores: [0.1, 0.2, 0.3])
        let m = data.metrics(atThreshold: 0.9)
        XCTAssertEqual(m.precision, 0)
        XCTAssertEqual(m.f1, 0)
        XCTAssertEqual(m.zeroDivision, [.precision])  // F1 is defined (2TP+FP+FN = 2 > 0)
        XCTAssertEqual(m.realAccuracy, 1)
        XCTAssertEqual(m.fakeAccuracy, 0)
        XCTAssertEqual(m.balancedAccuracy, 0.5)
    }

    func testInvalidInputsAreRejectedWithTypedErrors() {
        XCTAssertThrowsError(try LabelledScores(labels: [], scores: [])) {
            XCTAssertEqual($0 as? EvaluationError, .empty)
        }
        XCTAssertThrowsError(try LabelledScores(labels: [0, 1], scores: [0.1])) {
            XCTAssertEqual($0 as? EvaluationError, .countMismatch(labels: 2, scores: 1))
        }
        XCTAssertThrowsError(try LabelledScores(labels: [0, 2], scores: [0.1, 0.2])) {
            XCTAssertEqual($0 as? EvaluationError, .invalidLabel(index: 1, value: 2))
        }
        XCTAssertThrowsError(try LabelledScores(labels: [0, 1], scores: [.nan, 0.2])) {
            XCTAssertEqual($0 as? EvaluationError, .nonFiniteScore(index: 0))
        }
    }
}
