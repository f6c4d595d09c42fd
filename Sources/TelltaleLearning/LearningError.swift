/// Errors from fitting or applying a model to malformed data.
public enum LearningError: Error, Equatable, CustomStringConvertible {
    case rowCountMismatch(features: Int, labels: Int)
    case groupCountMismatch(rows: Int, groups: Int)
    case emptyTrainingSet
    case invalidLabel(row: Int, value: Int)
    case singleClass(label: Int, count: Int)
    case nonFiniteFeature(row: Int, column: Int)
    case featureCountMismatch(expected: Int, actual: Int)
    case invalidParameter(String)
    case tooFewForFolds(folds: Int, detail: String)
    case choleskyFailed(info: Int)
    case diverged(epoch: Int)

    public var description: String {
        switch self {
        case let .rowCountMismatch(f, l): return "\(f) feature rows but \(l) labels"
        case let .groupCountMismatch(r, g): return "\(r) rows but \(g) group identifiers"
        case .emptyTrainingSet: return "the training set is empty"
        case let .invalidLabel(r, v): return "label \(v) in row \(r) is neither 0 (camera) nor 1 (generated)"
        case let .singleClass(l, c): return "all \(c) training rows have label \(l); a classifier needs both classes"
        case let .nonFiniteFeature(r, c): return "feature \(c) of row \(r) is NaN or infinite"
        case let .featureCountMismatch(e, a): return "the model expects \(e) features per row, got \(a)"
        case let .invalidParameter(m): return "invalid parameter: \(m)"
        case let .tooFewForFolds(k, d): return "cannot make \(k) folds: \(d)"
        case let .diverged(epoch): return "training diverged (non-finite loss) in epoch \(epoch); lower the learning rate"
        case let .choleskyFailed(info): return "the Newton system is not positive definite (dpotrf info \(info))"
        }
    }
}
