/// How training rows are weighted by class.
public enum ClassWeighting: String, Codable, Sendable, CaseIterable {
    /// Every row weighs 1.
    case none
    /// scikit-learn's `class_weight='balanced'`: a row of class c weighs
    /// n / (n_classes · n_c), so both classes carry equal total weight.
    case balanced

    /// The per-row weights for binary `labels`.
    public func sampleWeights(labels: [Int]) -> [Double] {
        switch self {
        case .none:
            return [Double](repeating: 1, count: labels.count)
        case .balanced:
            let n = Double(labels.count)
            let positives = Double(labels.reduce(0, +))
            let w1 = n / (2 * positives), w0 = n / (2 * (n - positives))
            return labels.map { $0 == 1 ? w1 : w0 }
        }
    }
}
