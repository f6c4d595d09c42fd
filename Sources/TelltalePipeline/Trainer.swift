import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleLearning
import TelltaleSupport

/// Model selection, fitting and threshold choice on a feature table: the
/// training procedure `train`, `crossval` and `bench` share.
public struct Trainer {
    public let table: FeatureFile
    public let settings: TrainingSettings

    public init(table: FeatureFile, settings: TrainingSettings) {
        self.table = table
        self.settings = settings
    }

    public struct Result {
        public var file: ModelFile

        public var convergenceLine: String {
            switch file.model {
            case .logisticRegression(let m):
                let c = m.convergence
                return "convergence: \(c.converged ? "converged" : "NOT converged") after \(c.iterations) iteration(s), gradient norm \(String(format: "%.2e", c.gradientNorm))"
            case .mlp(let m):
                let h = m.history
                let best = h.validationLoss.indices.contains(h.bestEpoch) ? String(format: "%.4f", h.validationLoss[h.bestEpoch]) : "-"
                return "training: \(h.epochs) epoch(s)\(h.stoppedEarly ? ", stopped early" : ""), best validation loss \(best) at epoch \(h.bestEpoch)"
            }
        }

        public func cvTable(_ cv: CrossValidationResult) -> String {
            var t = TextTable(["setting", "CV ROC AUC", "± std", "log-loss", "accuracy", ""])
            for (i, s) in cv.settings.enumerated() {
                let name = s.parameters.filter { $0.key != "kind" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                t.add([name, String(format: "%.4f", s.meanROCAUC), String(format: "%.4f", s.stdROCAUC),
                       String(format: "%.4f", s.meanLogLoss), String(format: "%.4f", s.meanAccuracy), i == cv.bestIndex ? "← best" : ""])
            }
            return "\(cv.folds)-fold cross-validation\(cv.grouped ? " grouped by the group column" : "") (seed \(cv.seed)):\n" + t.render()
        }
    }

    /// Groups for grouped CV, when asked for (`--grouped-cv`, `groupedCV`).
    public var groups: [String]? {
        settings.groupedCV ? table.rows.map { $0.group ?? "" } : nil
    }

    public func fit(targetFPR: Double? = nil, targetPrecision: Double? = nil) throws -> Result {
        let x = table.matrix
        let labels = try table.labels(for: "training")
        let candidates = try settings.estimators()
        var model: TrainedClassifier
        var cvResult: CrossValidationResult?
        var best = candidates[0]
        if settings.cv >= 2 {
            let cv = CrossValidation(folds: settings.cv, seed: settings.seed)
            let selected = try cv.select(candidates, x: x, labels: labels, groups: groups)
            model = selected.model
            cvResult = selected.result
            best = candidates[selected.result.bestIndex]
        } else {
            model = try best.fit(x, labels: labels, seed: settings.seed)
        }
        var threshold = DecisionThreshold()
        if targetFPR != nil || targetPrecision != nil {
            let scores = try outOfFoldScores(best, x: x, labels: labels)
            let data = try LabelledScores(labels: labels, scores: scores)
            let choice = try targetFPR.map { try data.threshold(forFalsePositiveRate: $0) }
                ?? data.threshold(forPrecision: targetPrecision!)
            let what = targetFPR.map { "FPR ≤ \($0)" } ?? "precision ≥ \(targetPrecision!)"
            threshold = DecisionThreshold(value: choice.threshold,
                                          method: "\(what) on \(settings.cv)-fold out-of-fold predictions (achieved FPR \(String(format: "%.4f", choice.achieved.falsePositiveRate)), recall \(String(format: "%.4f", choice.achieved.recall)))")
        }
        let fingerprint = TrainingFingerprint.compute(rows: zip(table.rows, labels).map { ($0.sha256, $1) })
        let file = ModelFile(toolVersion: TelltaleVersion.string, featureConfiguration: table.configuration,
                             featureConfigurationHash: table.configurationHash, featureNames: table.featureNames,
                             model: model, threshold: threshold, trainingFingerprint: fingerprint,
                             trainingRows: table.rows.count, seed: settings.seed, crossValidation: cvResult,
                             trainingImages: TrainingImageDigests(sha256Hex: table.rows.map(\.sha256)))
        return Result(file: file)
    }

    /// Probabilities of each row from a model fitted on the other folds.
    public func outOfFoldScores(_ estimator: Estimator, x: Matrix, labels: [Int]) throws -> [Double] {
        try CrossValidation(folds: settings.cv, seed: settings.seed)
            .outOfFoldProbabilities(estimator, x: x, labels: labels, groups: groups)
    }
}
