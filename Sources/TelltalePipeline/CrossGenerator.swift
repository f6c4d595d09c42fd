import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleLearning
import TelltaleSupport

/// The cross-generator protocol (`telltale crossval`): train on each generator, test on
/// every other; on the diagonal K-fold out-of-fold scores within the generator; and,
/// with more than two generators, leave one generator out.
public struct CrossGenerator {
    public var table: FeatureFile
    /// The classifier and its grid. With several settings and `cv` ≥ 2 the setting is chosen
    /// for each training set (a generator, or all but one) by cross-validation within it.
    public var settings: TrainingSettings
    /// Folds for the within-generator (diagonal) out-of-fold scores.
    public var folds: Int

    public init(table: FeatureFile, settings: TrainingSettings, folds: Int) {
        self.table = table
        self.settings = settings
        self.folds = folds
    }

    /// The setting used for one training set, and how it was chosen.
    public struct Selection: Codable, Sendable, Hashable {
        /// `sd14`, or `all but sd14` for a leave-one-out row.
        public var trainedOn: String
        public var parameters: [String: String]
        /// The setting's mean cross-validated ROC AUC within the training set, when chosen among several.
        public var meanCVROCAUC: Double?
    }

    /// What produced the matrix: recorded in `crossval.json` beside it.
    public struct Provenance: Codable, Sendable, Hashable {
        public var toolVersion: String
        public var gitCommit: String
        /// The features (their configuration, neutralisation included) and its hash.
        public var featureConfiguration: JSONValue
        public var featureConfigurationHash: String
        public var model: String
        public var gridSize: Int
        public var cv: Int
        public var groupedCV: Bool
        public var diagonalFolds: Int
        public var seed: String
        public var selections: [Selection]
        /// With `--seeds`: every seed, and the settings each chose (``selections`` are the first seed's).
        public var seeds: [String]?
        public var selectionsPerSeed: [[Selection]]?
    }

    public struct Result: Sendable {
        /// The matrix (of the first seed, with `--seeds`).
        public var matrix: CrossGeneratorMatrix
        public var provenance: Provenance
        /// With several seeds: each cell as mean ± std across them.
        public var acrossSeeds: CrossGeneratorSpread?
    }

    public func run() throws -> Result {
        let labels = try table.labels(for: "cross-generator evaluation")
        // Tile or face rows: each image's rows stay in one fold, and every cell scores images,
        // its rows' log-odds combined by the rule (the highest face, the mean tile log-odds).
        let tileImages = try Trainer(table: table, settings: settings).tileImages()
        func images(_ rows: [Int]) -> TileImages? {
            tileImages.map { t in TileImages(image: rows.map { t.image[$0] }, rule: t.rule) }
        }
        let groups = table.rows.map { $0.group ?? "" }
        let names = Set(groups).sorted()
        guard names.count >= 2, !names.contains("") else {
            throw PipelineError.inputs("crossval needs every image in a generator group, and at least two generators (found: \(names.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: ", ")))")
        }
        for g in names {
            let classes = Set(groups.indices.filter { groups[$0] == g }.map { labels[$0] })
            guard classes.count == 2 else { throw PipelineError.inputs("generator \(g) has only \(classes.first == 1 ? "fake" : "real") images; crossval needs both per generator") }
        }
        guard !settings.groupedCV else {
            throw PipelineError.setting("grouped-cv: in crossval the groups are the generators, so each training set is one group and cannot be split into folds")
        }
        let x = table.matrix
        let candidates = try settings.estimators()
        var selections: [Selection] = []
        /// The setting for the training rows `train` (chosen by CV among several) and the model fitted on them all.
        func fit(_ train: [Int], name: String) throws -> (Estimator, TrainedClassifier) {
            do {
                return try fitOrThrow(train, name: name)
            } catch let error as LearningError {
                throw PipelineError.inputs("training on \(name): \(error)")
            }
        }
        func fitOrThrow(_ train: [Int], name: String) throws -> (Estimator, TrainedClassifier) {
            let (xs, ys) = (x.selecting(rows: train), train.map { labels[$0] })
            if candidates.count > 1 {
                let cv = CrossValidation(folds: settings.cv, seed: settings.seed)
                let chosen = try cv.select(candidates, x: xs, labels: ys, tileImages: images(train))
                let best = chosen.result.settings[chosen.result.bestIndex]
                selections.append(Selection(trainedOn: name, parameters: best.parameters, meanCVROCAUC: best.meanROCAUC))
                return (candidates[chosen.result.bestIndex], chosen.model)
            }
            selections.append(Selection(trainedOn: name, parameters: candidates[0].parameters, meanCVROCAUC: nil))
            return (candidates[0], try candidates[0].fit(xs, labels: ys, seed: settings.seed))
        }
        func rows(_ keep: (String) -> Bool) -> [Int] { groups.indices.filter { keep(groups[$0]) } }
        func scores(_ model: TrainedClassifier, test: [Int]) throws -> LabelledScores {
            guard let tileImages else {
                return try LabelledScores(labels: test.map { labels[$0] }, scores: model.predictProbability(x.selecting(rows: test)))
            }
            let combined = tileImages.combine(rows: test, labels: labels, z: try model.decisionFunction(x.selecting(rows: test)))
            return try LabelledScores(labels: combined.labels, scores: combined.logOdds.map(TileScore.sigmoid))
        }

        var cells: [CrossGeneratorEvaluation] = []
        for a in names {
            let inA = rows { $0 == a }
            let (estimator, model) = try fit(inA, name: a)
            for b in names {
                if a == b {
                    let subTable = table.selecting(rows: inA)
                    var t = settings
                    t.cv = folds
                    let trainer = Trainer(table: subTable, settings: t)
                    let ys = inA.map { labels[$0] }
                    if let sub = images(inA) {
                        let oof = try CrossValidation(folds: folds, seed: settings.seed)
                            .outOfFoldImageScores(estimator, x: subTable.matrix, labels: ys, tileImages: sub)
                        cells.append(CrossGeneratorEvaluation(train: a, test: b, data: try LabelledScores(labels: oof.labels, scores: oof.scores)))
                    } else {
                        let oof = try trainer.outOfFoldScores(estimator, x: subTable.matrix, labels: ys)
                        cells.append(CrossGeneratorEvaluation(train: a, test: b, data: try LabelledScores(labels: ys, scores: oof)))
                    }
                } else {
                    cells.append(CrossGeneratorEvaluation(train: a, test: b, data: try scores(model, test: rows { $0 == b })))
                }
            }
        }
        var leaveOut: [LeaveOneOutEvaluation] = []
        if names.count > 2 {
            for held in names {
                let (_, model) = try fit(rows { $0 != held }, name: "all but \(held)")
                leaveOut.append(LeaveOneOutEvaluation(heldOut: held, data: try scores(model, test: rows { $0 == held })))
            }
        }
        let provenance = Provenance(
            toolVersion: TelltaleVersion.string, gitCommit: BuildInfo.gitCommit, featureConfiguration: table.configuration,
            featureConfigurationHash: table.configurationHash, model: settings.model.rawValue, gridSize: candidates.count,
            cv: settings.cv, groupedCV: settings.groupedCV, diagonalFolds: folds, seed: String(settings.seed),
            selections: selections)
        return Result(matrix: CrossGeneratorMatrix(cells, leaveOneOut: leaveOut, threshold: 0.5), provenance: provenance,
                      acrossSeeds: nil)
    }

    /// Writes `crossval.json` (the matrix and, under `provenance`, what produced it) and
    /// `crossval.md` into `output`.
    public static func write(_ result: Result, to output: String) throws {
        let markdown = ReportWriter.crossGeneratorMarkdown(result.matrix) + (result.acrossSeeds?.markdown() ?? "")
        let base = URL(fileURLWithPath: output)
        var extra = ["provenance": try JSONValue(encoding: result.provenance)]
        if let spread = result.acrossSeeds { extra["acrossSeeds"] = try JSONValue(encoding: spread) }
        try AtomicFile.write(try CanonicalJSON.encode(JSONValue.object(encoding: result.matrix, adding: extra)),
                             to: base.appendingPathComponent("crossval.json").path)
        try AtomicFile.write(markdown, to: base.appendingPathComponent("crossval.md").path)
    }
}
