import TelltaleTestSupport
import XCTest
@testable import TelltaleEvaluation

final class BootstrapTests: XCTestCase {
    private func balanced() throws -> LabelledScores {
        try SklearnFixture.load().named("balanced").data
    }

    func testIdenticalUnderOneSeedDifferentUnderAnother() throws {
        let data = try balanced()
        let a = try data.bootstrapIntervals(threshold: 0.5, configuration: BootstrapConfiguration(resamples: 300, seed: 7))
        let b = try data.bootstrapIntervals(threshold: 0.5, configuration: BootstrapConfiguration(resamples: 300, seed: 7))
        let c = try data.bootstrapIntervals(threshold: 0.5, configuration: BootstrapConfiguration(resamples: 300, seed: 8))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a.rocAUC, c.rocAUC)
        XCTAssertNotEqual(a.averagePrecision, c.averagePrecision)
        XCTAssertTrue(a.stratified)
        XCTAssertEqual(a.configuration.resamples, 300)
    }

    func testIntervalsContainThePointEstimates() throws {
        let data = try balanced()
        let intervals = try data.bootstrapIntervals(threshold: 0.5)  // default B = 1000, 95 %
        XCTAssertEqual(intervals.configuration, BootstrapConfiguration(resamples: 1000, confidence: 0.95, seed: 0))
        let m = data.metrics(atThreshold: 0.5)
        XCTAssertEqual(intervals.precision.estimate, m.precision)
        XCTAssertEqual(intervals.recall.estimate, m.recall)
        XCTAssertEqual(intervals.rocAUC.estimate, try data.rocAUC(), accuracy: 1e-15)
        XCTAssertEqual(intervals.averagePrecision.estimate, try data.averagePrecision(), accuracy: 1e-15)
        for (name, ci) in [("precision", intervals.precision), ("recall", intervals.recall),
                           ("AUC", intervals.rocAUC), ("AP", intervals.averagePrecision)] {
            XCTAssertTrue(ci.contains(ci.estimate), "\(name): \(ci)")
            XCTAssertLessThan(ci.lower, ci.upper, name)
            XCTAssertGreaterThanOrEqual(ci.lower, 0, name)
            XCTAssertLessThanOrEqual(ci.upper, 1, name)
        }
        // 200 items: the AUC interval is a few points wide, not degenerate nor huge.
        XCTAssertGreaterThan(intervals.rocAUC.upper - intervals.rocAUC.lower, 0.01)
        XCTAssertLessThan(intervals.rocAUC.upper - intervals.rocAUC.lower, 0.15)
    }

    /// The bootstrap evaluates resamples as multiplicity weights on the sorted data;
    /// that must equal evaluating the materialised resample (scikit-learn's definition).
    func testWeightedEvaluationEqualsMaterialisedResample() throws {
        let fixture = try SklearnFixture.load()
        for name in ["balanced", "ties", "unbalanced_few_fakes"] {
            let data = try fixture.named(name).data
            let indices = SeededData.indices(data.count, below: data.count, seed: 12345)
            var weights = [Double](repeating: 0, count: data.count)
            for i in indices { weights[i] += 1 }
            let order = RankedScores.decreasingOrder(data.scores)
            let ranked = RankedScores(sortedScores: order.map { data.scores[$0] },
                                      sortedLabels: order.map { data.labels[$0] },
                                      weights: order.map { weights[$0] })
            // The per-distinct-score count form used by the bootstrap gives the same curve.
            var distinct: [Double] = [], pos: [Double] = [], neg: [Double] = []
            for i in order {
                if distinct.last != data.scores[i] { distinct.append(data.scores[i]); pos.append(0); neg.append(0) }
                if data.labels[i] == 1 { pos[pos.count - 1] += weights[i] } else { neg[neg.count - 1] += weights[i] }
            }
            let grouped = RankedScores(groupThresholds: distinct, groupPositives: pos, groupNegatives: neg)
            XCTAssertEqual(grouped.thresholds, ranked.thresholds, name)
            XCTAssertEqual(grouped.truePositives, ranked.truePositives, name)
            XCTAssertEqual(grouped.falsePositives, ranked.falsePositives, name)
            let resample = try data.subset(indices)
            XCTAssertEqual(ranked.rocAUC, try resample.rocAUC(), accuracy: 1e-12, name)
            XCTAssertEqual(ranked.averagePrecision, try resample.averagePrecision(), accuracy: 1e-12, name)
            let pr = ranked.precisionRecall(atThreshold: 0.5)
            let m = resample.metrics(atThreshold: 0.5)
            XCTAssertEqual(pr.precision, m.precision, accuracy: 1e-12, name)
            XCTAssertEqual(pr.recall, m.recall, accuracy: 1e-12, name)
        }
    }

    func testPercentileIsNumpysLinearMethod() {
        // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 97.5, 100]) = [1, 1.75, 2.5, 3.925, 4]
        let v = [1.0, 2, 3, 4]
        XCTAssertEqual(Percentile.linear(v, 0), 1)
        XCTAssertEqual(Percentile.linear(v, 0.25), 1.75)
        XCTAssertEqual(Percentile.linear(v, 0.5), 2.5)
        XCTAssertEqual(Percentile.linear(v, 0.975), 3.925, accuracy: 1e-12)
        XCTAssertEqual(Percentile.linear(v, 1), 4)
    }

    func testInvalidSettingsAndSingleClassThrow() throws {
        let data = try balanced()
        XCTAssertThrowsError(try data.bootstrapIntervals(threshold: 0.5, configuration: BootstrapConfiguration(resamples: 1)))
        XCTAssertThrowsError(try data.bootstrapIntervals(threshold: 0.5, configuration: BootstrapConfiguration(confidence: 1)))
        let one = try LabelledScores(labels: [1, 1], scores: [0.1, 0.9])
        XCTAssertThrowsError(try one.bootstrapIntervals(threshold: 0.5)) {
            XCTAssertEqual($0 as? EvaluationError, .singleClass(metric: "A bootstrap interval", presentLabel: 1, count: 2))
        }
    }
}
