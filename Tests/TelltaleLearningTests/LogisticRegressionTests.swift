import TelltaleLearning
import XCTest
import TelltaleSupport

/// Agreement with scikit-learn 1.8 (StandardScaler + LogisticRegression,
/// newton-cholesky, tol 1e-12). Tolerance: coefficients and intercept within
/// 1e-6 relative (absolute for values below 1), probabilities within 1e-8.
final class LogisticRegressionTests: XCTestCase {
    func testMatchesScikitLearnCoefficientsAndProbabilities() throws {
        let fixture = try SklearnFixture.load()
        XCTAssertEqual(fixture.datasets.count, 2)
        for dataset in fixture.datasets {
            let x = try dataset.matrix()
            for reference in dataset.fits {
                let weighting: ClassWeighting = reference.class_weight == "balanced" ? .balanced : .none
                let model = try LogisticRegression(c: reference.C, classWeighting: weighting).fit(x, labels: dataset.labels)
                let context = "\(dataset.name) C=\(reference.C)"
                XCTAssertTrue(model.convergence.converged, context)
                XCTAssertLessThanOrEqual(model.convergence.gradientNorm, 1e-10, context)
                XCTAssertLessThan(model.convergence.iterations, 30, context)
                for (mine, theirs) in zip(model.standardiser.mean, dataset.mean) { XCTAssertEqual(mine, theirs, accuracy: 1e-9 * max(1, abs(theirs)), context) }
                for (mine, theirs) in zip(model.standardiser.scale, dataset.scale) { XCTAssertEqual(mine, theirs, accuracy: 1e-9 * max(1, abs(theirs)), context) }
                XCTAssertEqual(model.coefficients.count, reference.coefficients.count)
                for (mine, theirs) in zip(model.coefficients, reference.coefficients) {
                    XCTAssertEqual(mine, theirs, accuracy: 1e-6 * max(1, abs(theirs)), context)
                }
                XCTAssertEqual(model.intercept, reference.intercept, accuracy: 1e-6 * max(1, abs(reference.intercept)), context)
                let p = try model.predictProbability(x)
                for (mine, theirs) in zip(p, reference.probabilities) { XCTAssertEqual(mine, theirs, accuracy: 1e-8, context) }
            }
        }
    }

    func testNewtonOnlyAndLBFGSThenNewtonReachTheSameOptimum() throws {
        let (x, y) = ToyData.blobs(count: 500, dims: 12, shift: 0.6, seed: 12)
        let hybrid = try LogisticRegression(c: 2).fit(x, labels: y)
        let newton = try LogisticRegression(c: 2, quasiNewtonTolerance: nil).fit(x, labels: y)
        XCTAssertGreaterThan(hybrid.convergence.quasiNewtonIterations, 0)
        XCTAssertEqual(newton.convergence.quasiNewtonIterations, 0)
        XCTAssertTrue(hybrid.convergence.converged && newton.convergence.converged)
        for (a, b) in zip(hybrid.coefficients + [hybrid.intercept], newton.coefficients + [newton.intercept]) {
            XCTAssertEqual(a, b, accuracy: 1e-9)
        }
    }

    func testConstantColumnGetsZeroCoefficientAndNoNaN() throws {
        let dataset = try XCTUnwrap(SklearnFixture.load().datasets.first { $0.name == "balanced" })
        let model = try LogisticRegression(c: 1).fit(dataset.matrix(), labels: dataset.labels)
        XCTAssertEqual(model.standardiser.scale.last, 1)
        XCTAssertEqual(try XCTUnwrap(model.coefficients.last), 0, accuracy: 1e-12)
        XCTAssertTrue(try model.predictProbability(dataset.matrix()).allSatisfy(\.isFinite))
    }

    func testBalancedWeightingRaisesMinorityRecall() throws {
        let (x, y) = ToyData.blobs(count: 400, dims: 3, shift: 0.8, positiveFraction: 0.1, seed: 3)
        let plain = try LogisticRegression(c: 1).fit(x, labels: y).predictProbability(x)
        let balanced = try LogisticRegression(c: 1, classWeighting: .balanced).fit(x, labels: y).predictProbability(x)
        func recall(_ p: [Double]) -> Int { zip(p, y).filter { $0.1 == 1 && $0.0 >= 0.5 }.count }
        XCTAssertGreaterThan(recall(balanced), recall(plain))
    }

    func testIterationLimitIsReportedAsNotConverged() throws {
        let (x, y) = ToyData.blobs(count: 200, dims: 4, shift: 1, seed: 9)
        let model = try LogisticRegression(c: 100, maxIterations: 1, quasiNewtonTolerance: nil).fit(x, labels: y)
        XCTAssertEqual(model.convergence.iterations, 1)
        XCTAssertFalse(model.convergence.converged)
        XCTAssertGreaterThan(model.convergence.gradientNorm, 1e-10)
    }

    func testPredictionRejectsWrongFeatureCount() throws {
        let (x, y) = ToyData.blobs(count: 50, dims: 3, shift: 1, seed: 1)
        let model = try LogisticRegression().fit(x, labels: y)
        XCTAssertThrowsError(try model.predictProbability(Matrix(zeros: 2, 4))) {
            XCTAssertEqual($0 as? LearningError, .featureCountMismatch(expected: 3, actual: 4))
        }
    }
}
