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

    /// Scores every candidate on the same folds. With `tileImages` (rows that are tiles of
    /// images) the folds keep each image whole — the image is part of every row's group — and
    /// each test fold is scored per image: its tiles' log-odds combined by the rule, then the
    /// sigmoid.
    public func evaluate(_ candidates: [Estimator], x: Matrix, labels: [Int], groups: [String]? = nil,
                         tileImages: TileImages? = nil) throws -> CrossValidationResult {
        guard !candidates.isEmpty else { throw LearningError.invalidParameter("the grid is empty") }
        try TrainingData.validate(x, labels: labels)
        let folds = try splitter.split(labels: labels, groups: Self.groups(groups, tileImages: tileImages))
        var settings: [SettingScore] = []
        for candidate in candidates {
            var aucs: [Double?] = [], losses: [Double] = [], accuracies: [Double] = []
            for fold in folds {
                let trainLabels = fold.train.map { labels[$0] }
                var testLabels = fold.test.map { labels[$0] }
                let model = try candidate.fit(x.selecting(rows: fold.train), labels: trainLabels, seed: splitter.seed)
                var p: [Double]
                if let tileImages {
                    let z = try model.decisionFunction(x.selecting(rows: fold.test))
                    let combined = tileImages.combine(rows: fold.test, labels: labels, z: z)
                    testLabels = combined.labels
                    p = combined.logOdds.map(TileScore.sigmoid)
                } else {
                    p = try model.predictProbability(x.selecting(rows: fold.test))
                }
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
        var result = CrossValidationResult(folds: splitter.folds, grouped: groups != nil, seed: String(splitter.seed),
                                           settings: settings, bestIndex: best)
        if let tileImages {
            result.scoredOn = "images: folds keep every image's tiles together; each test image scored by its tiles' log-odds combined by \(tileImages.rule.name)"
        }
        return result
    }

    /// The groups the splitter gets: `groups`, with tile rows each row's image added, so that
    /// an image never straddles folds (and neither does a group, when given).
    static func groups(_ groups: [String]?, tileImages: TileImages?) -> [String]? {
        guard let tileImages else { return groups }
        // With groups, every tile of an image shares its image's group: the group is enough,
        // unless two tiles of one image were given different groups — then join both.
        guard let groups else { return tileImages.image.map { "image \($0)" } }
        var first: [Int: String] = [:]
        var consistent = true
        for (g, i) in zip(groups, tileImages.image) {
            if let f = first[i], f != g { consistent = false; break }
            first[i] = first[i] ?? g
        }
        if consistent { return groups }
        // Union-find over images and groups: one component per fold unit.
        var parent = Array(0..<(tileImages.image.count))
        func find(_ a: Int) -> Int { var a = a; while parent[a] != a { parent[a] = parent[parent[a]]; a = parent[a] }; return a }
        var byImage: [Int: Int] = [:], byGroup: [String: Int] = [:]
        for r in groups.indices {
            if let o = byImage[tileImages.image[r]] { parent[find(r)] = find(o) } else { byImage[tileImages.image[r]] = r }
            if let o = byGroup[groups[r]] { parent[find(r)] = find(o) } else { byGroup[groups[r]] = r }
        }
        return groups.indices.map { "unit \(find($0))" }
    }

    /// Cross-validates the grid, then refits the best setting on all rows.
    public func select(_ candidates: [Estimator], x: Matrix, labels: [Int], groups: [String]? = nil,
                       tileImages: TileImages? = nil)
        throws -> (model: TrainedClassifier, result: CrossValidationResult)
    {
        let result = try evaluate(candidates, x: x, labels: labels, groups: groups, tileImages: tileImages)
        let model = try candidates[result.bestIndex].fit(x, labels: labels, seed: splitter.seed)
        return (model, result)
    }
}
