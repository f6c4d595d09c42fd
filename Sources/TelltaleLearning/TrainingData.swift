import TelltaleSupport

/// Checks shared by every estimator's and calibrator's `fit`: matching row counts, labels
/// in {0, 1}, both classes present, finite features (or scores).
enum TrainingData {
    static func validate(_ x: Matrix, labels: [Int]) throws {
        guard x.rows == labels.count else { throw LearningError.rowCountMismatch(features: x.rows, labels: labels.count) }
        guard x.rows > 0, x.cols > 0 else { throw LearningError.emptyTrainingSet }
        try validate(labels: labels)
        try x.validateFinite()
    }

    /// One score per row (a calibrator's input) instead of a feature matrix.
    static func validate(scores: [Double], labels: [Int]) throws {
        guard scores.count == labels.count else { throw LearningError.rowCountMismatch(features: scores.count, labels: labels.count) }
        guard !scores.isEmpty else { throw LearningError.emptyTrainingSet }
        try validate(labels: labels)
        if let i = scores.firstIndex(where: { !$0.isFinite }) { throw LearningError.nonFiniteFeature(row: i, column: 0) }
    }

    /// Labels in {0, 1}, both present.
    private static func validate(labels: [Int]) throws {
        var positives = 0
        for (i, y) in labels.enumerated() {
            guard y == 0 || y == 1 else { throw LearningError.invalidLabel(row: i, value: y) }
            positives += y
        }
        if positives == 0 { throw LearningError.singleClass(label: 0, count: labels.count) }
        if positives == labels.count { throw LearningError.singleClass(label: 1, count: labels.count) }
    }
}
