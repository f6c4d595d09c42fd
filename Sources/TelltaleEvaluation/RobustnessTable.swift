/// The scores of one test set under one perturbation (e.g. "JPEG q=75", "blur σ=1").
public struct PerturbedScores: Sendable, Hashable {
    /// A human-readable label of the perturbation and its level.
    public var perturbation: String
    public var data: LabelledScores

    public init(perturbation: String, data: LabelledScores) {
        self.perturbation = perturbation
        self.data = data
    }
}

/// One row of the robustness table.
public struct RobustnessRow: Codable, Sendable, Hashable {
    public let perturbation: String
    public let summary: MetricSummary
}

/// Metrics per perturbation level (JPEG re-compression, blur, resizing…), in the
/// order given — the robustness study of Wang et al. (CNNDetection, CVPR 2020).
public struct RobustnessTable: Codable, Sendable, Hashable {
    public let threshold: Double
    public let rows: [RobustnessRow]

    public init(_ perturbations: [PerturbedScores], threshold: Double, bootstrap: BootstrapConfiguration? = nil) {
        self.threshold = threshold
        rows = perturbations.map {
            RobustnessRow(perturbation: $0.perturbation,
                          summary: MetricSummary($0.data, threshold: threshold, bootstrap: bootstrap))
        }
    }
}
