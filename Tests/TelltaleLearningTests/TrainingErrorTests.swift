import TelltaleLearning
import XCTest
import TelltaleSupport

final class TrainingErrorTests: XCTestCase {
    let x = try! Matrix(rows: [[0, 1], [1, 0], [2, 2], [3, 1]])

    func testSingleClassIsRejected() {
        XCTAssertThrowsError(try LogisticRegression().fit(x, labels: [1, 1, 1, 1])) {
            XCTAssertEqual($0 as? LearningError, .singleClass(label: 1, count: 4))
            XCTAssertTrue("\($0)".contains("both classes"))
        }
        XCTAssertThrowsError(try MLPClassifier().fit(x, labels: [0, 0, 0, 0], seed: 1)) {
            XCTAssertEqual($0 as? LearningError, .singleClass(label: 0, count: 4))
        }
    }

    func testNonFiniteFeaturesAreRejected() {
        var bad = x
        bad[2, 1] = .nan
        XCTAssertThrowsError(try LogisticRegression().fit(bad, labels: [0, 1, 0, 1])) {
            XCTAssertEqual($0 as? LearningError, .nonFiniteFeature(row: 2, column: 1))
        }
        bad[2, 1] = 0
        bad[3, 0] = .infinity
        XCTAssertThrowsError(try MLPClassifier().fit(bad, labels: [0, 1, 0, 1], seed: 1)) {
            XCTAssertEqual($0 as? LearningError, .nonFiniteFeature(row: 3, column: 0))
        }
    }

    func testMismatchedCountsAreRejected() {
        XCTAssertThrowsError(try LogisticRegression().fit(x, labels: [0, 1, 0])) {
            XCTAssertEqual($0 as? LearningError, .rowCountMismatch(features: 4, labels: 3))
        }
        XCTAssertThrowsError(try Matrix(rows: [[0, 1], [1]])) {
            XCTAssertEqual($0 as? MatrixError, .raggedRow(row: 1, expected: 2, actual: 1))
        }
        XCTAssertThrowsError(try Matrix(rows: 2, cols: 2, values: [1, 2, 3])) {
            XCTAssertEqual($0 as? MatrixError, .shapeMismatch(expected: 4, actual: 3))
        }
        XCTAssertThrowsError(try LogisticRegression().fit(x, labels: [0, 1, 2, 1])) {
            XCTAssertEqual($0 as? LearningError, .invalidLabel(row: 2, value: 2))
        }
    }

    func testInvalidHyperParametersAreRejected() {
        XCTAssertThrowsError(try LogisticRegression(c: 0).fit(x, labels: [0, 1, 0, 1]))
        XCTAssertThrowsError(try MLPClassifier(hiddenSizes: [4, 4, 4]).fit(x, labels: [0, 1, 0, 1], seed: 1))
        XCTAssertThrowsError(try MLPClassifier(validationFraction: 1).fit(x, labels: [0, 1, 0, 1], seed: 1))
    }
}
