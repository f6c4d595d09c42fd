import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleFeatures
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
                t.add([Estimator.describe(s.parameters), String(format: "%.4f", s.meanROCAUC), String(format: "%.4f", s.stdROCAUC),
                       String(format: "%.4f", s.meanLogLoss), String(format: "%.4f", s.meanAccuracy), i == cv.bestIndex ? "← best" : ""])
            }
            let rows = (try? file.featureConfiguration.decode(as: FeatureConfiguration.self))?.rowKind ?? "tile"
            let unit = file.tileScore.map { "; \(rows) rows, every image in one fold, scored per image by \($0.name) of its \(rows)s' log-odds" } ?? ""
            return "\(cv.folds)-fold cross-validation\(cv.grouped ? " grouped by the group column" : "") (seed \(cv.seed)\(unit)):\n" + t.render()
        }
    }

    /// Groups for grouped CV, when asked for (`--grouped-cv`, `groupedCV`).
    public var groups: [String]? {
        settings.groupedCV ? table.rows.map { $0.group ?? "" } : nil
    }

    /// With tile rows (rows carrying a ``TileBox``): which rows are tiles of one image — the
    /// same path and file hash — and the rule combining their scores; nil for whole-image rows.
    /// A table mixing tile rows and whole-image rows is refused.
    public func tileImages() throws -> TileImages? {
        let tiled = table.rows.filter { $0.tile != nil }.count
        guard tiled > 0 else {
            if let rule = settings.tileScore {
                throw PipelineError.setting("--tile-score \(rule.name) needs tile rows (--tiling grid --tile-rows), "
                    + "but these rows are whole images: it would be ignored")
            }
            return nil
        }
        guard tiled == table.rows.count else {
            throw PipelineError.inputs("\(tiled) of \(table.rows.count) feature rows are tile rows and the others whole images: "
                + "train on one kind")
        }
        struct Key: Hashable { var path: String; var sha256: String }
        return TileImages(keys: table.rows.map { Key(path: $0.path, sha256: $0.sha256) },
                          rule: settings.tileScore ?? Self.defaultTileScore(table))
    }

    /// The rule combining an image's rows when none is given: its highest face for a face
    /// crop (an image is as fake as its most fake-looking face), else the mean tile log-odds.
    public static func defaultTileScore(_ table: FeatureFile) -> TileScore {
        let configuration = try? table.sidecar.configuration.decode(as: FeatureConfiguration.self)
        return configuration?.faces != nil ? .max : .meanLogit
    }

    public func fit(targetFPR: Double? = nil, targetPrecision: Double? = nil) throws -> Result {
        let x = table.matrix
        let labels = try table.labels(for: "training")
        let candidates = try settings.estimators()
        let tileImages = try tileImages()
        var model: TrainedClassifier
        var cvResult: CrossValidationResult?
        var best = candidates[0]
        if settings.cv >= 2 {
            let cv = CrossValidation(folds: settings.cv, seed: settings.seed)
            let selected = try cv.select(candidates, x: x, labels: labels, groups: groups, tileImages: tileImages)
            model = selected.model
            cvResult = selected.result
            best = candidates[selected.result.bestIndex]
        } else {
            model = try best.fit(x, labels: labels, seed: settings.seed)
        }
        var threshold = DecisionThreshold()
        if targetFPR != nil || targetPrecision != nil {
            let data: LabelledScores
            if let tileImages {
                let images = try CrossValidation(folds: settings.cv, seed: settings.seed)
                    .outOfFoldImageScores(best, x: x, labels: labels, groups: groups, tileImages: tileImages)
                data = try LabelledScores(labels: images.labels, scores: images.scores)
            } else {
                data = try LabelledScores(labels: labels, scores: try outOfFoldScores(best, x: x, labels: labels))
            }
            let choice = try targetFPR.map { try data.threshold(forFalsePositiveRate: $0) }
                ?? data.threshold(forPrecision: targetPrecision!)
            let what = targetFPR.map { "FPR ≤ \($0)" } ?? "precision ≥ \(targetPrecision!)"
            threshold = DecisionThreshold(value: choice.threshold,
                                          method: "\(what) on \(settings.cv)-fold out-of-fold predictions\(tileImages == nil ? "" : " of images (tiles combined by \(tileImages!.rule.name))") (achieved FPR \(String(format: "%.4f", choice.achieved.falsePositiveRate)), recall \(String(format: "%.4f", choice.achieved.recall)))")
        }
        // Over images: for tile rows, each image's first row (so the fingerprint is the same
        // as for the same images' whole-image rows, as `calibrate` compares them).
        let imageRows = tileImages.map { t in t.images(of: Array(table.rows.indices)).map { $0.positions[0] } }
            ?? Array(table.rows.indices)
        let fingerprint = TrainingFingerprint.compute(rows: imageRows.map { (table.rows[$0].sha256, labels[$0]) })
        var file = ModelFile(toolVersion: TelltaleVersion.string, featureConfiguration: table.configuration,
                             featureConfigurationHash: table.configurationHash, featureNames: table.featureNames,
                             model: model, threshold: threshold, trainingFingerprint: fingerprint,
                             trainingRows: table.rows.count, seed: settings.seed, crossValidation: cvResult,
                             trainingImages: TrainingImageDigests(sha256Hex: table.rows.map(\.sha256)))
        file.tileScore = tileImages?.rule
        return Result(file: file)
    }

    /// Probabilities of each row from a model fitted on the other folds.
    public func outOfFoldScores(_ estimator: Estimator, x: Matrix, labels: [Int]) throws -> [Double] {
        try CrossValidation(folds: settings.cv, seed: settings.seed)
            .outOfFoldProbabilities(estimator, x: x, labels: labels, groups: groups)
    }
}
