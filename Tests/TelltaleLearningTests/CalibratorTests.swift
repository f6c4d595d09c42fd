import Foundation
import TelltaleLearning
import XCTest

/// The reference fits written by scripts/fixtures/calibration_sklearn.py.
struct CalibratorFixture: Decodable {
    struct Platt: Decodable {
        let name: String
        let scores: [Double]
        let labels: [Int]
        let sklearnA, sklearnB, exactA, exactB: Double
        let grid, sklearnPredictions, exactPredictions: [Double]
    }
    struct Isotonic: Decodable {
        let name: String
        let binary: Bool
        let x, y, xThresholds, yThresholds, grid, predictions: [Double]
    }
    let sklearnVersion: String
    let platt: [Platt]
    let isotonic: [Isotonic]

    static func load() throws -> CalibratorFixture {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "calibration_sklearn", withExtension: "json", subdirectory: "Fixtures"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(CalibratorFixture.self, from: Data(contentsOf: url))
    }
}

/// Platt scaling and isotonic regression against scikit-learn 1.9's `_SigmoidCalibration` and
/// `IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1)`.
final class CalibratorTests: XCTestCase {
    private func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        XCTAssertEqual(a.count, b.count)
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    func testPlattScalingMatchesScikitLearn() throws {
        var parameters = 0.0, predictions = 0.0, exact = 0.0
        for c in try CalibratorFixture.load().platt {
            let model = try PlattScaling().fit(scores: c.scores, labels: c.labels)
            XCTAssertTrue(model.convergence.converged, c.name)
            // scikit-learn stops L-BFGS-B at a gradient of 1e-6; Telltale goes to the optimum.
            parameters = max(parameters, abs(model.a - c.sklearnA), abs(model.b - c.sklearnB))
            predictions = max(predictions, maxDifference(model.transform(c.grid), c.sklearnPredictions))
            exact = max(exact, abs(model.a - c.exactA), abs(model.b - c.exactB),
                        maxDifference(model.transform(c.grid), c.exactPredictions))
            XCTAssertLessThan(model.a, 0, "\(c.name): higher scores, more likely fake")
        }
        print("Platt scaling: max |a, b − scikit-learn's| \(parameters), predictions \(predictions); vs the exact optimum \(exact)")
        XCTAssertLessThanOrEqual(parameters, 1e-6)
        XCTAssertLessThanOrEqual(predictions, 1e-6)
        XCTAssertLessThanOrEqual(exact, 1e-9)
    }

    func testIsotonicRegressionMatchesScikitLearn() throws {
        var breakpoints = 0.0, predictions = 0.0
        for c in try CalibratorFixture.load().isotonic {
            let estimator = c.binary ? IsotonicRegression() : IsotonicRegression(yMin: -.infinity, yMax: .infinity)
            let model = c.binary ? try estimator.fit(scores: c.x, labels: c.y.map { Int($0) }) : try estimator.fit(c.x, c.y)
            XCTAssertEqual(model.xThresholds.count, c.xThresholds.count, c.name)
            breakpoints = max(breakpoints, maxDifference(model.xThresholds, c.xThresholds),
                              maxDifference(model.yThresholds, c.yThresholds))
            predictions = max(predictions, maxDifference(model.transform(c.grid), c.predictions))
            XCTAssertNoThrow(try model.validate(), c.name)
        }
        print("isotonic regression: max |breakpoints − scikit-learn's| \(breakpoints), predictions \(predictions)")
        XCTAssertLessThanOrEqual(breakpoints, 1e-12)
        XCTAssertLessThanOrEqual(predictions, 1e-12)
    }

    func testIsotonicTiesAreMergedWithinNumpysResolution() throws {
        // 0.5 and 0.5 + 4e-16 are one score (mean target 0.5); 0.5 + 2e-15 is another.
        let model = try IsotonicRegression().fit([0.5, 0.5 + 4e-16, 0.5 + 2e-15, 1], [0, 1, 1, 1])
        XCTAssertEqual(model.xThresholds, [0.5, 0.5 + 2e-15, 1])
        XCTAssertEqual(model.yThresholds, [0.5, 1, 1])
        XCTAssertEqual(model.transform(-3), 0.5, "clipped below")
        XCTAssertEqual(model.transform(7), 1, "clipped above")
    }

    func testRefusals() throws {
        let fits: [([Double], [Int]) throws -> Any] = [{ try PlattScaling().fit(scores: $0, labels: $1) },
                                                        { try IsotonicRegression().fit(scores: $0, labels: $1) }]
        for fit in fits {
            XCTAssertThrowsError(try fit([0.1, 0.2], [1, 1])) {
                XCTAssertEqual($0 as? LearningError, .singleClass(label: 1, count: 2))
            }
            XCTAssertThrowsError(try fit([0.1], [1, 0])) {
                XCTAssertEqual($0 as? LearningError, .rowCountMismatch(features: 1, labels: 2))
            }
            XCTAssertThrowsError(try fit([], [])) { XCTAssertEqual($0 as? LearningError, .emptyTrainingSet) }
            XCTAssertThrowsError(try fit([0.1, .nan], [0, 1])) {
                XCTAssertEqual($0 as? LearningError, .nonFiniteFeature(row: 1, column: 0))
            }
            XCTAssertThrowsError(try fit([0.1, 0.2], [0, 2])) { XCTAssertEqual($0 as? LearningError, .invalidLabel(row: 1, value: 2)) }
        }
        XCTAssertThrowsError(try IsotonicRegressionModel(xThresholds: [1, 0], yThresholds: [0, 1]).validate())
        XCTAssertThrowsError(try IsotonicRegressionModel(xThresholds: [0, 1], yThresholds: [1, 0]).validate())
    }

    func testPlattScalingOfEqualScoresIsTheMeanTarget() throws {
        let model = try PlattScaling().fit(scores: [2, 2, 2, 2], labels: [0, 1, 1, 1])
        XCTAssertEqual(model.a, 0)
        // Targets: three fakes at 4/5, one real at 1/3; their mean is 0.683….
        XCTAssertEqual(model.transform(-10), (3 * 0.8 + 1.0 / 3) / 4, accuracy: 1e-15)
    }
}
