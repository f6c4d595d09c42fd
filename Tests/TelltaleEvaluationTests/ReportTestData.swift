@testable import TelltaleEvaluation
import TelltaleSupport

/// A small report with every section filled.
enum ReportTestData {
    static let items: [ScoredItem] = [
        ScoredItem(path: "real/a.png", label: 0, group: nil, score: 0.2),
        ScoredItem(path: "real/b, with comma.jpg", label: 0, group: nil, score: 0.6),
        ScoredItem(path: "real/c.png", label: 0, group: nil, score: 0.1),
        ScoredItem(path: "fake/progan/1.png", label: 1, group: "ProGAN", score: 0.9),
        ScoredItem(path: "fake/progan/2.png", label: 1, group: "ProGAN", score: 0.45),
        ScoredItem(path: "fake/sd/1.png", label: 1, group: "SD|1.4", score: 0.7),
        ScoredItem(path: "fake/sd/\"2\".png", label: 1, group: "SD|1.4", score: 0.3),
    ]

    static func report() throws -> EvaluationReport {
        let labels = items.map(\.label)
        let jpeg = try LabelledScores(labels: labels, scores: [0.3, 0.5, 0.2, 0.45, 0.4, 0.55, 0.35])
        let clean = try LabelledScores(labels: labels, scores: items.map(\.score))
        let matrix = CrossGeneratorMatrix([
            CrossGeneratorEvaluation(train: "ProGAN", test: "ProGAN", data: clean),
            CrossGeneratorEvaluation(train: "ProGAN", test: "SD|1.4", data: jpeg),
        ], leaveOneOut: [LeaveOneOutEvaluation(heldOut: "SD|1.4", data: jpeg)])
        return try EvaluationReport(
            title: "Spectrum + logistic regression on a toy set", items: items,
            decodeFailures: [InputFailure(path: "fake/sd/broken.png", reason: "zero-byte file")],
            threshold: 0.5, bootstrap: BootstrapConfiguration(resamples: 200, seed: 3),
            robustness: [PerturbedScores(perturbation: "none", data: clean),
                         PerturbedScores(perturbation: "JPEG q=30", data: jpeg)],
            crossGenerator: matrix)
    }
}
