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
}
