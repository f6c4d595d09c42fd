import TelltaleSupport

/// Checks shared by every estimator's `fit`: matching row counts, labels in {0, 1},
/// both classes present, finite features.
enum TrainingData {
    static func validate(_ x: Matrix, labels: [Int]) throws {
        guard x.rows == labels.count else { throw LearningError.rowCountMismatch(features: x.rows, labels: labels.count) }
        guard x.rows > 0, x.cols > 0 else { throw LearningError.emptyTrainingSet }
        var positives = 0
        for (i, y) in labels.enumerated() {
            guard y == 0 || y == 1 else { throw LearningError.invalidLabel(row: i, value: y) }
            positives += y
        }
        if positives == 0 { throw LearningError.singleClass(label: 0, count: labels.count) }
        if positives == labels.count { throw LearningError.singleClass(label: 1, count: labels.count) }
        try x.validateFinite()
    }
}
