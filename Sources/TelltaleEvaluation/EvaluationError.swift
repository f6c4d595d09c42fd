/// Why an evaluation could not be computed.
///
/// Metrics that are mathematically undefined for the given data (ROC AUC,
/// average precision or equal error rate on a label vector that holds only one
/// class) throw ``singleClass(metric:presentLabel:count:)`` rather than
/// returning a silent `NaN`. scikit-learn 1.9 only warns ("Only one class is
/// present in y_true. ROC AUC score is not defined in that case.") and returns NaN
/// for ROC AUC (older versions raised `ValueError`), and for average precision warns
/// ("No positive class found in y_true…") and returns 0 with only reals or 1 with
/// only fakes; Telltale refuses all three alike, with this error's message.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No items at all.
    case empty
    /// `labels` and `scores` differ in length.
    case countMismatch(labels: Int, scores: Int)
    /// A label that is neither 0 (real) nor 1 (fake).
    case invalidLabel(index: Int, value: Int)
    /// A score that is `NaN` or infinite.
    case nonFiniteScore(index: Int)
    /// The metric needs both classes but only `presentLabel` occurs (`count` items).
    case singleClass(metric: String, presentLabel: Int, count: Int)
    /// No threshold reaches the requested target (e.g. a precision no threshold attains).
    case unreachableTarget(criterion: String, target: Double)
    /// An argument outside its domain (a confidence level outside (0, 1), say).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .empty:
            return "No scored items: nothing to evaluate."
        case let .countMismatch(labels, scores):
            return "There are \(labels) labels but \(scores) scores; they must pair up one to one."
        case let .invalidLabel(index, value):
            return "Label \(value) at index \(index) is not 0 (real) or 1 (fake)."
        case let .nonFiniteScore(index):
            return "The score at index \(index) is not a finite number."
        case let .singleClass(metric, presentLabel, count):
            let kind = presentLabel == 1 ? "fake (label 1)" : "real (label 0)"
            return "\(metric) is undefined: all \(count) items are \(kind); it needs both real and fake images."
        case let .unreachableTarget(criterion, target):
            return "No threshold reaches \(criterion) \(target) on these scores."
        case let .invalidArgument(message):
            return message
        }
    }
}
