import TelltaleSupport

extension CrossValidation {
    /// Each row's probability from the model fitted on the folds that do not contain
    /// it (the same folds as ``evaluate(_:x:labels:groups:)``): honest scores for
    /// choosing a decision threshold.
    public func outOfFoldProbabilities(_ estimator: Estimator, x: Matrix, labels: [Int], groups: [String]? = nil) throws -> [Double] {
        try TrainingData.validate(x, labels: labels)
        var result = [Double](repeating: 0, count: labels.count)
        for fold in try splitter.split(labels: labels, groups: groups) {
            let model = try estimator.fit(x.selecting(rows: fold.train), labels: fold.train.map { labels[$0] }, seed: splitter.seed)
            for (row, p) in zip(fold.test, try model.predictProbability(x.selecting(rows: fold.test))) { result[row] = p }
        }
        return result
    }

    /// With tile rows: each image's probability (its tiles' log-odds from the model fitted on
    /// the folds without the image, combined by the rule, then the sigmoid) and its label,
    /// images in order of first appearance. The folds are ``evaluate(_:x:labels:groups:tileImages:)``'s.
    public func outOfFoldImageScores(_ estimator: Estimator, x: Matrix, labels: [Int], groups: [String]? = nil,
                                     tileImages: TileImages) throws -> (labels: [Int], scores: [Double]) {
        try TrainingData.validate(x, labels: labels)
        var z = [Double](repeating: 0, count: labels.count)
        for fold in try splitter.split(labels: labels, groups: Self.groups(groups, tileImages: tileImages)) {
            let model = try estimator.fit(x.selecting(rows: fold.train), labels: fold.train.map { labels[$0] }, seed: splitter.seed)
            for (row, v) in zip(fold.test, try model.decisionFunction(x.selecting(rows: fold.test))) { z[row] = v }
        }
        let combined = tileImages.combine(rows: Array(labels.indices), labels: labels, z: z)
        return (combined.labels, combined.logOdds.map(TileScore.sigmoid))
    }
}
