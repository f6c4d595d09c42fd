import Foundation
import TelltaleEvaluation
import TelltaleSupport

/// Model selection by cross-validation: every estimator of a grid is fitted on
/// the training part of each ``StratifiedGroupKFold`` fold and scored on its test
/// part; the best setting is refitted on all rows.
public struct CrossValidation: Sendable, Equatable {
    public var splitter: StratifiedGroupKFold

    public init(folds: Int = 5, seed: UInt64) {
        splitter = StratifiedGroupKFold(folds: folds, seed: seed)
    }

    /// Scores every candidate on the same folds.
    public func evaluate(_ candidates: [Estimator], x: Matrix, labels: [Int], groups: [String]? = nil) throws -> CrossValidationResult {
        guard !candidates.isEmpty else { throw LearningError.invalidParameter("the grid is empty") }
        try TrainingData.validate(x, labels: labels)
        let folds = try splitter.split(labels: labels, groups: groups)
        var settings: [SettingScore] = []
        for candidate in candidates {
            var aucs: [Double?] = [], losses: [Double] = [], accuracies: [Double] = []
            for fold in folds {
                let trainLabels = fold.train.map { labels[$0] }
                let testLabels = fold.test.map { labels[$0] }
                let model = try candidate.fit(x.selecting(rows: fold.train), labels: trainLabels, seed: splitter.seed)
                let p = try model.predictProbability(x.selecting(rows: fold.test))
                let scored = try LabelledScores(labels: testLabels, scores: p)
                aucs.append(scored.hasBothClasses ? try scored.rocAUC() : nil)
                losses.append(try scored.logLoss())
                accuracies.append(scored.metrics(atThreshold: 0.5).accuracy)
            }
            let defined = aucs.compactMap { $0 }
            let mean = defined.isEmpty ? 0 : defined.reduce(0, +) / Double(defined.count)
            let variance = defined.isEmpty ? 0 : defined.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(defined.count)
            settings.append(SettingScore(
                parameters: candidate.parameters, foldROCAUC: aucs, meanROCAUC: mean, stdROCAUC: variance.squareRoot(),
                meanLogLoss: losses.reduce(0, +) / Double(losses.count),
                meanAccuracy: accuracies.reduce(0, +) / Double(accuracies.count)))
        }
        var best = 0
        for i in settings.indices.dropFirst() {
            let (a, b) = (settings[i], settings[best])
            if a.meanROCAUC > b.meanROCAUC || (a.meanROCAUC == b.meanROCAUC && a.meanLogLoss < b.meanLogLoss) { best = i }
        }
        return CrossValidationResult(folds: splitter.folds, grouped: groups != nil, seed: String(splitter.seed),
                                     settings: settings, bestIndex: best)
    }

    /// Cross-validates the grid, then refits the best setting on all rows.
    public func select(_ candidates: [Estimator], x: Matrix, labels: [Int], groups: [String]? = nil)
        throws -> (model: TrainedClassifier, result: CrossValidationResult)
    {
        let result = try evaluate(candidates, x: x, labels: labels, groups: groups)
        let model = try candidates[result.bestIndex].fit(x, labels: labels, seed: splitter.seed)
        return (model, result)
    }
}
