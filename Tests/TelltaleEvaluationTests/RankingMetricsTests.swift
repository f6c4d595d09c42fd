import Foundation
import XCTest
@testable import TelltaleEvaluation

final class RankingMetricsTests: XCTestCase {
    private func twoClassCases() throws -> [SklearnFixture.Case] {
        try SklearnFixture.load().cases.filter { $0.rocAuc != nil }
    }

    func testROCAUCMatchesScikitLearnIncludingTies() throws {
        let cases = try twoClassCases()
        XCTAssertEqual(cases.count, 9)
        for c in cases {
            XCTAssertEqual(try c.data.rocAUC(), try XCTUnwrap(c.rocAuc), accuracy: 1e-12, c.name)
        }
        // Named checks of the edge cases.
        let fixture = try SklearnFixture.load()
        XCTAssertEqual(try fixture.named("all_equal").data.rocAUC(), 0.5)
        XCTAssertEqual(try fixture.named("perfect").data.rocAUC(), 1)
        XCTAssertEqual(try fixture.named("inverted").data.rocAUC(), 0)
    }

    /// The trapezoid over distinct thresholds equals the Mann–Whitney pair count, ties ½.
    func testROCAUCMatchesPairCounting() throws {
        let labels = [0, 0, 1, 1, 0, 1, 0, 1]
        let scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2]
        var wins = 0.0
        for i in labels.indices where labels[i] == 1 {
            for j in labels.indices where labels[j] == 0 {
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
            }
        }
        XCTAssertEqual(try LabelledScores(labels: labels, scores: scores).rocAUC(), wins / 16, accuracy: 1e-15)
    }

    func testLogLossByDefinitionClippedAndRefusingNonProbabilities() throws {
        XCTAssertEqual(try LabelledScores(labels: [1, 0], scores: [0.5, 0.5]).logLoss(), log(2), accuracy: 1e-15)
        XCTAssertEqual(try LabelledScores(labels: [1, 0, 1], scores: [0.9, 0.2, 0.6]).logLoss(),
                       -(log(0.9) + log(0.8) + log(0.6)) / 3, accuracy: 1e-15)
        // A confident mistake costs −log(1e-15), not infinity; one class is fine.
        XCTAssertEqual(try LabelledScores(labels: [1], scores: [0]).logLoss(), -log(1e-15), accuracy: 1e-12)
        XCTAssertThrowsError(try LabelledScores(labels: [1, 0], scores: [1.5, 0.2]).logLoss()) {
            XCTAssertEqual(($0 as? EvaluationError)?.description, "Log-loss needs probabilities, but the score at index 0 is 1.5.")
        }
    }

    func testAveragePrecisionMatchesScikitLearn() throws {
        for c in try twoClassCases() {
            XCTAssertEqual(try c.data.averagePrecision(), try XCTUnwrap(c.averagePrecision), accuracy: 1e-12, c.name)
        }
    }

    func testROCCurvesMatchScikitLearn() throws {
        for c in try twoClassCases() {
            for (drop, expected) in [(true, c.rocCurve), (false, c.rocCurveFull)] {
                let e = try XCTUnwrap(expected)
                let roc = try c.data.rocCurve(dropIntermediate: drop)
                assertClose(roc.falsePositiveRates, e.fpr, "\(c.name) fpr drop=\(drop)")
                assertClose(roc.truePositiveRates, e.tpr, "\(c.name) tpr drop=\(drop)")
                XCTAssertEqual(roc.thresholds, e.thresholds.map { $0 ?? .infinity }, "\(c.name) thresholds drop=\(drop)")
                XCTAssertEqual(roc.area, try XCTUnwrap(c.rocAuc), accuracy: 1e-12, c.name)
            }
        }
    }

    func testPrecisionRecallCurvesMatchScikitLearn() throws {
        for c in try twoClassCases() {
            let e = try XCTUnwrap(c.prCurve)
            let pr = try c.data.precisionRecallCurve()
            assertClose(pr.precision, e.precision, "\(c.name) precision")
            assertClose(pr.recall, e.recall, "\(c.name) recall")
            XCTAssertEqual(pr.thresholds, e.thresholds, c.name)
        }
    }

    func testEqualErrorRateMatchesIndependentComputationAndDeepfakeBench() throws {
        for c in try twoClassCases() {
            let eer = try c.data.equalErrorRate()
            XCTAssertEqual(eer.rate, try XCTUnwrap(c.eerInterpolated), accuracy: 1e-12, c.name)
            XCTAssertEqual(eer.threshold, try XCTUnwrap(c.eerThreshold), c.name)
            XCTAssertEqual(eer.nearestPointRate, try XCTUnwrap(c.eerDeepfakebench), accuracy: 1e-12, c.name)
        }
    }

    /// ROC points (0,0), (0,½), (½,1), (1,1): d = FNR − FPR is 1, ½, −½, −1, so d
    /// crosses zero halfway along the tie segment from (0,½) to (½,1), where
    /// FPR = ¼ and FNR = ½ − ½·½ = ¼.
    func testEqualErrorRateByHand() throws {
        let data = try LabelledScores(labels: [1, 0, 1, 0], scores: [0.9, 0.5, 0.5, 0.1])
        let eer = try data.equalErrorRate()
        XCTAssertEqual(eer.rate, 0.25, accuracy: 1e-15)
        XCTAssertEqual(eer.threshold, 0.5)
        XCTAssertEqual(eer.nearestPointRate, 0)  // DeepfakeBench picks the first nearest ROC point
        // Exact crossing on a ROC point: fakes 0.9, 0.6; reals 0.8, 0.1 → (0,½),(½,½) has d = 0.
        let onPoint = try LabelledScores(labels: [1, 0, 1, 0], scores: [0.9, 0.8, 0.6, 0.1])
        XCTAssertEqual(try onPoint.equalErrorRate().rate, 0.5)
        XCTAssertEqual(try onPoint.equalErrorRate().threshold, 0.8)
    }

    func testSingleClassIsATypedErrorWithAClearMessage() throws {
        let fixture = try SklearnFixture.load()
        let reals = try fixture.named("single_class_real").data
        let fakes = try fixture.named("single_class_fake").data
        // scikit-learn itself only warns here (and returns NaN for the AUC).
        XCTAssertTrue(try fixture.named("single_class_real").sklearnWarnings?
            .contains("Only one class is present in y_true. ROC AUC score is not defined in that case.") == true)
        XCTAssertThrowsError(try reals.rocAUC()) { error in
            XCTAssertEqual(error as? EvaluationError, .singleClass(metric: "ROC AUC", presentLabel: 0, count: 4))
            XCTAssertEqual("\(error)",
                           "ROC AUC is undefined: all 4 items are real (label 0); it needs both real and fake images.")
        }
        XCTAssertThrowsError(try fakes.averagePrecision()) { error in
            XCTAssertEqual(error as? EvaluationError, .singleClass(metric: "Average precision", presentLabel: 1, count: 3))
            XCTAssertTrue("\(error)".contains("all 3 items are fake (label 1)"))
        }
        XCTAssertThrowsError(try reals.equalErrorRate())
        XCTAssertThrowsError(try fakes.rocCurve())
        XCTAssertThrowsError(try reals.precisionRecallCurve())

        // The summary never throws: threshold metrics are there, the rest is nil with the reason.
        let summary = MetricSummary(reals, threshold: 0.5, bootstrap: BootstrapConfiguration(resamples: 10))
        XCTAssertNil(summary.rocAUC)
        XCTAssertNil(summary.averagePrecision)
        XCTAssertNil(summary.equalErrorRate)
        XCTAssertNil(summary.intervals)
        XCTAssertEqual(summary.atThreshold.realAccuracy, 0.75)
        XCTAssertTrue(try XCTUnwrap(summary.undefinedReason).contains("all 4 items are real"))
    }
}
