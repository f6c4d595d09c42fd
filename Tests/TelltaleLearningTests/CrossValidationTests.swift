@testable import TelltaleLearning
import TelltaleEvaluation
import XCTest

final class CrossValidationTests: XCTestCase {
    func testFoldsAreStratifiedPartitionsAndDeterministic() throws {
        let labels = (0 ..< 103).map { $0 % 4 == 0 ? 1 : 0 }  // 26 positives, 77 negatives
        let folds = try StratifiedGroupKFold(folds: 5, seed: 17).split(labels: labels)
        XCTAssertEqual(folds.count, 5)
        XCTAssertEqual(folds.flatMap(\.test).sorted(), Array(0 ..< 103))
        for fold in folds {
            XCTAssertEqual(Set(fold.train).intersection(fold.test), [])
            XCTAssertEqual(fold.train.count + fold.test.count, 103)
            let positives = fold.test.filter { labels[$0] == 1 }.count
            XCTAssertTrue((5 ... 6).contains(positives), "\(positives) positives")
            XCTAssertTrue((15 ... 16).contains(fold.test.count - positives))
        }
        XCTAssertEqual(folds, try StratifiedGroupKFold(folds: 5, seed: 17).split(labels: labels))
        XCTAssertNotEqual(folds, try StratifiedGroupKFold(folds: 5, seed: 18).split(labels: labels))
    }

    func testGroupsNeverSpanTwoFolds() throws {
        // 60 groups of 1–4 near-duplicates each, labels constant within a group.
        var labels: [Int] = [], groups: [String] = []
        for g in 0 ..< 60 {
            for _ in 0 ..< (g % 4) + 1 {
                labels.append(g % 3 == 0 ? 1 : 0)
                groups.append("source-\(g)")
            }
        }
        let folds = try StratifiedGroupKFold(folds: 4, seed: 5).split(labels: labels, groups: groups)
        var foldOfGroup: [String: Int] = [:]
        for (f, fold) in folds.enumerated() {
            for row in fold.test {
                if let previous = foldOfGroup[groups[row]] { XCTAssertEqual(previous, f, groups[row]) }
                foldOfGroup[groups[row]] = f
            }
            let share = Double(fold.test.filter { labels[$0] == 1 }.count) / Double(fold.test.count)
            XCTAssertEqual(share, 1.0 / 3.0, accuracy: 0.12)
        }
        XCTAssertEqual(foldOfGroup.count, 60)
        XCTAssertEqual(folds, try StratifiedGroupKFold(folds: 4, seed: 5).split(labels: labels, groups: groups))
    }

    func testSplitErrors() {
        XCTAssertThrowsError(try StratifiedGroupKFold(folds: 5, seed: 1).split(labels: [0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1], groups: nil)) {
            guard case .tooFewForFolds? = $0 as? LearningError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try StratifiedGroupKFold(folds: 2, seed: 1).split(labels: [0, 1, 0, 1], groups: ["a", "a", "a", "a"])) {
            guard case .tooFewForFolds? = $0 as? LearningError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try StratifiedGroupKFold(folds: 2, seed: 1).split(labels: [0, 1, 0, 1], groups: ["a"])) {
            XCTAssertEqual($0 as? LearningError, .groupCountMismatch(rows: 4, groups: 1))
        }
    }

    func testGridSearchPrefersTheMLPOnXORAndRefits() throws {
        let (x, y) = ToyData.xor(count: 300, seed: 31)
        let grid = Estimator.logisticGrid(cs: [0.1, 1])
            + Estimator.mlpGrid(base: MLPClassifier(learningRate: 0.01, batchSize: 32, maxEpochs: 150, patience: 15),
                                hiddenSizes: [[16]], weightDecays: [1e-4])
        let cv = CrossValidation(folds: 3, seed: 77)
        let (model, result) = try cv.select(grid, x: x, labels: y)
        XCTAssertEqual(result.settings.count, 3)
        XCTAssertEqual(result.bestIndex, 2)
        XCTAssertEqual(result.settings[2].parameters["kind"], "mlp")
        XCTAssertGreaterThan(result.settings[2].meanROCAUC, 0.95)
        XCTAssertLessThan(result.settings[0].meanROCAUC, 0.7)
        XCTAssertEqual(result.settings[0].foldROCAUC.count, 3)
        XCTAssertEqual(model.kind, "mlp")
        XCTAssertGreaterThan(accuracy(try model.predictProbability(x), y), 0.93)
        XCTAssertEqual(try cv.evaluate(grid, x: x, labels: y), result)
    }
}

final class ThresholdSelectionTests: XCTestCase {
    func testYoudenThresholdSeparatesShiftedScores() {
        // Positives score 0.2–0.29, negatives 0.0–0.09: a model calibrated far from 0.5.
        let labels = (0 ..< 20).map { $0 < 10 ? 1 : 0 }
        let probabilities: [Double] = (0 ..< 20).map { (i: Int) -> Double in i < 10 ? 0.2 + Double(i) / 100 : Double(i - 10) / 100 }
        let threshold = DecisionThreshold.maximisingYoudenJ(labels: labels, probabilities: probabilities)
        XCTAssertEqual(threshold.value, (0.2 + 0.09) / 2, accuracy: 1e-12)
        XCTAssertEqual(zip(probabilities, labels).filter { ($0.0 >= threshold.value) == ($0.1 == 1) }.count, 20)
        XCTAssertEqual(DecisionThreshold.maximisingYoudenJ(labels: [1, 1], probabilities: [0.3, 0.6]), DecisionThreshold())
    }

    func testOutOfFoldProbabilitiesComeFromModelsThatDidNotSeeTheRow() throws {
        let (x, y) = ToyData.blobs(count: 90, dims: 3, shift: 1.5, seed: 6)
        let cv = CrossValidation(folds: 3, seed: 2)
        let estimator = Estimator.logisticRegression(LogisticRegression(c: 1))
        let oof = try cv.outOfFoldProbabilities(estimator, x: x, labels: y)
        let folds = try cv.splitter.split(labels: y)
        let first = try estimator.fit(x.selecting(rows: folds[0].train), labels: folds[0].train.map { y[$0] }, seed: 2)
        XCTAssertEqual(try first.predictProbability(x.selecting(rows: folds[0].test)), folds[0].test.map { oof[$0] })
        XCTAssertGreaterThan(try LabelledScores(labels: y, scores: oof).rocAUC(), 0.9)
    }
}
