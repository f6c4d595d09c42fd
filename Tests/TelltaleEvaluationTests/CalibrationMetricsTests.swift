import Foundation
import XCTest
@testable import TelltaleEvaluation

/// The reference values written by scripts/fixtures/calibration_sklearn.py.
struct CalibrationMetricsFixture: Decodable {
    struct Reliability: Decodable {
        let bins: Int
        let fractionOfFakes, meanScore, lower, upper: [Double]
        let counts: [Int]
        let ece: Double
    }
    struct TPRPoint: Decodable { let target, tpr, fpr, threshold: Double }
    struct Oracle: Decodable { let accuracy, threshold: Double }
    struct Wilson: Decodable {
        let threshold: Double
        let k, n: Int
        let lower, upper: Double
    }
    struct Case: Decodable {
        let name: String
        let labels: [Int]
        let scores: [Double]
        let probabilities: Bool
        let brier: Double?
        let sklearnBrierError: String?
        let reliability: [Reliability]?
        let tprAtFpr: [TPRPoint]?
        let oracle: Oracle?
        let wilson: [Wilson]?

        var data: LabelledScores { get throws { try LabelledScores(labels: labels, scores: scores) } }
    }

    let sklearnVersion: String
    let cases: [Case]

    static func load() throws -> CalibrationMetricsFixture {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "calibration_metrics_sklearn", withExtension: "json",
                                                  subdirectory: "Fixtures"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(CalibrationMetricsFixture.self, from: Data(contentsOf: url))
    }
}

/// Brier score, reliability curve and ECE, TPR at a false-positive rate, oracle accuracy and
/// the single-class rates, against scikit-learn (and scipy for the Wilson interval).
final class CalibrationMetricsTests: XCTestCase {
    /// The largest |Telltale − reference| seen by a test, printed for the record.
    private func largest(_ differences: [Double], _ what: String) -> Double {
        let worst = differences.max() ?? 0
        print("max |telltale − reference| \(what): \(worst)")
        return worst
    }

    func testBrierScoreMatchesScikitLearn() throws {
        var differences: [Double] = []
        for c in try CalibrationMetricsFixture.load().cases {
            let data = try c.data
            if let brier = c.brier {
                differences.append(abs(try data.brierScore() - brier))
            } else {
                XCTAssertFalse(c.probabilities)
                XCTAssertNotNil(c.sklearnBrierError, c.name)  // scikit-learn refuses too
                XCTAssertThrowsError(try data.brierScore(), c.name)
            }
        }
        XCTAssertLessThanOrEqual(largest(differences, "Brier score"), 1e-15)
    }

    func testReliabilityCurveAndECEMatchCalibrationCurve() throws {
        var differences: [Double] = [], eceDifferences: [Double] = []
        var checked = 0
        for c in try CalibrationMetricsFixture.load().cases {
            for r in c.reliability ?? [] {
                let curve = try c.data.reliabilityCurve(bins: r.bins)
                let label = "\(c.name), \(r.bins) bins"
                XCTAssertEqual(curve.binCount, r.bins, label)
                XCTAssertEqual(curve.bins.map(\.count), r.counts, label)
                XCTAssertEqual(curve.bins.map(\.lower), r.lower, label)  // numpy's linspace edges, bit for bit
                XCTAssertEqual(curve.bins.map(\.upper), r.upper, label)
                XCTAssertEqual(curve.bins.count, r.meanScore.count, label)
                differences += zip(curve.bins.map(\.meanScore), r.meanScore).map { abs($0 - $1) }
                differences += zip(curve.bins.map(\.fractionOfFakes), r.fractionOfFakes).map { abs($0 - $1) }
                let ece = try c.data.expectedCalibrationError(bins: r.bins)
                XCTAssertEqual(ece.bins, r.bins)
                eceDifferences.append(abs(ece.value - r.ece))
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20)
        XCTAssertLessThanOrEqual(largest(differences, "reliability curve"), 1e-15)
        XCTAssertLessThanOrEqual(largest(eceDifferences, "ECE"), 1e-15)
    }

    func testBinEdgesAreClosedOnTheRight() throws {
        let data = try LabelledScores(labels: [0, 1, 0, 1, 1, 0], scores: [0, 0.1, 0.1.nextUp, 0.3, 0.30000000000000004, 1])
        let curve = try data.reliabilityCurve()
        // 0 and 0.1 in [0, 0.1]; 0.1⁺ in (0.1, 0.2]; 0.3 and 0.30000000000000004 in (0.2, 0.30000000000000004]; 1 in (0.9, 1].
        XCTAssertEqual(curve.bins.map(\.count), [2, 1, 2, 1])
        XCTAssertEqual(curve.bins.map(\.upper), [0.1, 0.2, 0.30000000000000004, 1])
        XCTAssertEqual(ReliabilityCurve.edges(binCount: 10)[7], 0.7000000000000001)
        XCTAssertThrowsError(try LabelledScores(labels: [0, 1], scores: [0.2, 1.5]).reliabilityCurve())
        XCTAssertThrowsError(try data.reliabilityCurve(bins: 0))
    }

    func testTPRAtFalsePositiveRateMatchesTheFullROCCurve() throws {
        var differences: [Double] = []
        for c in try CalibrationMetricsFixture.load().cases where c.tprAtFpr != nil {
            let data = try c.data
            for e in try XCTUnwrap(c.tprAtFpr) {
                let point = try data.truePositiveRate(atFalsePositiveRate: e.target)
                let label = "\(c.name) at FPR ≤ \(e.target)"
                differences += [abs(point.truePositiveRate - e.tpr), abs(point.falsePositiveRate - e.fpr)]
                XCTAssertEqual(point.threshold, e.threshold, label)
                XCTAssertLessThanOrEqual(point.falsePositiveRate, e.target, label)
            }
        }
        XCTAssertLessThanOrEqual(largest(differences, "TPR at FPR"), 0)
        XCTAssertThrowsError(try LabelledScores(labels: [0, 0], scores: [0.1, 0.2]).truePositiveRate(atFalsePositiveRate: 0.01))
    }

    func testOracleAccuracyMatchesBruteForce() throws {
        var differences: [Double] = []
        for c in try CalibrationMetricsFixture.load().cases where c.oracle != nil {
            let oracle = try c.data.oracleAccuracy()
            let e = try XCTUnwrap(c.oracle)
            differences.append(abs(oracle.accuracy - e.accuracy))
            XCTAssertEqual(oracle.threshold, e.threshold, c.name)
            XCTAssertGreaterThanOrEqual(oracle.accuracy, try c.data.metrics(atThreshold: 0.5).accuracy, c.name)
        }
        XCTAssertLessThanOrEqual(largest(differences, "oracle accuracy"), 0)
    }

    func testSingleClassRatesWithWilsonIntervals() throws {
        var differences: [Double] = []
        for c in try CalibrationMetricsFixture.load().cases where c.wilson != nil {
            let data = try c.data
            for e in try XCTUnwrap(c.wilson) {
                let rate = try data.singleClassRate(threshold: e.threshold)
                XCTAssertEqual(rate.metric, data.labels[0] == 0 ? .falsePositiveRate : .recall, c.name)
                XCTAssertEqual(rate.calledFake, e.k, c.name)
                XCTAssertEqual(rate.count, e.n, c.name)
                XCTAssertNil(rate.bootstrap)
                differences += [abs(rate.wilson.lower - e.lower), abs(rate.wilson.upper - e.upper)]
            }
        }
        XCTAssertLessThanOrEqual(largest(differences, "Wilson interval"), 1e-12)
        XCTAssertEqual(NormalQuantile.upper(tail: 0.025), 1.959963984540054, accuracy: 1e-15)
        XCTAssertEqual(NormalQuantile.upper(tail: 0.005), 2.5758293035489004, accuracy: 1e-14)
        XCTAssertThrowsError(try LabelledScores(labels: [0, 1], scores: [0.2, 0.7]).singleClassRate(threshold: 0.5))
    }

    func testARealOnlySetGivesItsFalsePositiveRateWithABootstrapInterval() throws {
        let fixture = try CalibrationMetricsFixture.load()
        let reals = try XCTUnwrap(fixture.cases.first { $0.name == "single_class_real" }).data
        let configuration = BootstrapConfiguration(resamples: 400, seed: 3)
        let summary = MetricSummary(reals, threshold: 0.3, bootstrap: configuration)
        let rate = try XCTUnwrap(summary.singleClass)
        XCTAssertEqual(rate.metric, .falsePositiveRate)
        XCTAssertEqual(rate.rate, summary.atThreshold.falsePositiveRate)
        let interval = try XCTUnwrap(rate.bootstrap)
        XCTAssertTrue(interval.contains(rate.rate))
        XCTAssertLessThan(interval.lower, interval.upper)
        XCTAssertEqual(MetricSummary(reals, threshold: 0.3, bootstrap: configuration), summary)  // seeded
        XCTAssertNil(summary.rocAUC)
        XCTAssertNil(summary.tprAtFPR)
        XCTAssertNil(summary.oracleAccuracy)
        XCTAssertNotNil(summary.brierScore)
        XCTAssertTrue(try XCTUnwrap(summary.undefinedReason).contains("all 60 items are real"))

        // A rate of 0: the bootstrap interval collapses, the Wilson interval does not.
        let clean = try XCTUnwrap(fixture.cases.first { $0.name == "single_class_real_clean" }).data
        let zero = try XCTUnwrap(MetricSummary(clean, threshold: 0.5, bootstrap: configuration).singleClass)
        XCTAssertEqual(zero.bootstrap, ConfidenceInterval(estimate: 0, lower: 0, upper: 0))
        XCTAssertEqual(zero.wilson.upper, 0.012642971224546036, accuracy: 1e-12)

        let fakes = try XCTUnwrap(fixture.cases.first { $0.name == "single_class_fake" }).data
        let recall = try XCTUnwrap(MetricSummary(fakes, threshold: 0.5, bootstrap: configuration).singleClass)
        XCTAssertEqual(recall.metric, .recall)
        XCTAssertEqual(recall.calledFake, 37)
    }

    func testSummaryHoldsTheNewMetricsAndSaysWhyWhenUndefined() throws {
        let fixture = try CalibrationMetricsFixture.load()
        let balanced = try XCTUnwrap(fixture.cases.first { $0.name == "balanced" })
        let summary = MetricSummary(try balanced.data, threshold: 0.5)
        XCTAssertEqual(summary.tprAtFPR?.map(\.targetFalsePositiveRate), [0.01, 0.05])
        XCTAssertEqual(summary.tprAtFPR?[0].truePositiveRate, balanced.tprAtFpr?.first { $0.target == 0.01 }?.tpr)
        XCTAssertEqual(summary.oracleAccuracy?.accuracy, balanced.oracle?.accuracy)
        XCTAssertEqual(try XCTUnwrap(summary.brierScore), try XCTUnwrap(balanced.brier), accuracy: 1e-15)
        XCTAssertEqual(summary.expectedCalibrationError?.bins, 10)
        XCTAssertEqual(try XCTUnwrap(summary.expectedCalibrationError?.value),
                       try XCTUnwrap(balanced.reliability?.first { $0.bins == 10 }?.ece), accuracy: 1e-15)
        XCTAssertNil(summary.calibrationUndefinedReason)
        XCTAssertNil(summary.singleClass)

        let logOdds = try XCTUnwrap(fixture.cases.first { $0.name == "log_odds" })
        let raw = MetricSummary(try logOdds.data, threshold: 0)
        XCTAssertNil(raw.brierScore)
        XCTAssertNil(raw.expectedCalibrationError)
        XCTAssertTrue(try XCTUnwrap(raw.calibrationUndefinedReason).contains("need probabilities in [0, 1]"))
        XCTAssertNotNil(raw.tprAtFPR)
        XCTAssertEqual(raw.oracleAccuracy?.accuracy, logOdds.oracle?.accuracy)
    }
}
