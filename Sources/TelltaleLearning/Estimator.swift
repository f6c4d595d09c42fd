import TelltaleSupport

/// An unfitted estimator of either kind: one setting of a model-selection grid.
public enum Estimator: Sendable, Equatable {
    case logisticRegression(LogisticRegression)
    case mlp(MLPClassifier)

    /// Fits on `x` and `labels`; `seed` drives the MLP's random choices (logistic
    /// regression is deterministic without one).
    public func fit(_ x: Matrix, labels: [Int], seed: UInt64) throws -> TrainedClassifier {
        switch self {
        case .logisticRegression(let e): return .logisticRegression(try e.fit(x, labels: labels))
        case .mlp(let e): return .mlp(try e.fit(x, labels: labels, seed: seed))
        }
    }

    /// The grid parameters of this setting, for reports: C for logistic
    /// regression, hidden sizes and weight decay for the MLP.
    public var parameters: [String: String] {
        switch self {
        case .logisticRegression(let e): return ["kind": "logistic-regression", "C": "\(e.c)"]
        case .mlp(let e):
            return ["kind": "mlp", "hiddenSizes": e.hiddenSizes.map(String.init).joined(separator: ","),
                    "weightDecay": "\(e.weightDecay)"]
        }
    }

    /// One logistic regression per C, otherwise configured as `base`.
    public static func logisticGrid(base: LogisticRegression = .init(), cs: [Double]) -> [Estimator] {
        cs.map { c in var e = base; e.c = c; return .logisticRegression(e) }
    }

    /// `parameters` for a person: `C=0.1`, `hiddenSizes=64 weightDecay=0.0001` (the kind left
    /// out, keys in order).
    public static func describe(_ parameters: [String: String]) -> String {
        parameters.filter { $0.key != "kind" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// One MLP per (hidden sizes, weight decay) pair, otherwise configured as `base`.
    public static func mlpGrid(base: MLPClassifier = .init(), hiddenSizes: [[Int]], weightDecays: [Double]) -> [Estimator] {
        hiddenSizes.flatMap { h in weightDecays.map { w in
            var e = base; e.hiddenSizes = h; e.weightDecay = w; return .mlp(e)
        } }
    }
}
