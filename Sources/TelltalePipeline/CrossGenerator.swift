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
    /// The classifier: the first setting of its grid, as given (no nested model selection).
    public var settings: TrainingSettings
    /// Folds for the within-generator (diagonal) out-of-fold scores.
    public var folds: Int

    public init(table: FeatureFile, settings: TrainingSettings, folds: Int) {
        self.table = table
        self.settings = settings
        self.folds = folds
    }

    public func run() throws -> CrossGeneratorMatrix {
        let labels = try table.labels(for: "cross-generator evaluation")
        let groups = table.rows.map { $0.group ?? "" }
        let names = Set(groups).sorted()
        guard names.count >= 2, !names.contains("") else {
            throw PipelineError.inputs("crossval needs every image in a generator group, and at least two generators (found: \(names.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: ", ")))")
        }
        for g in names {
            let classes = Set(groups.indices.filter { groups[$0] == g }.map { labels[$0] })
            guard classes.count == 2 else { throw PipelineError.inputs("generator \(g) has only \(classes.first == 1 ? "fake" : "real") images; crossval needs both per generator") }
        }
        let x = table.matrix
        let estimator = try settings.estimators()[0]
        func rows(_ keep: (String) -> Bool) -> [Int] { groups.indices.filter { keep(groups[$0]) } }
        func scores(train: [Int], test: [Int]) throws -> LabelledScores {
            let model = try estimator.fit(x.selecting(rows: train), labels: train.map { labels[$0] }, seed: settings.seed)
            return try LabelledScores(labels: test.map { labels[$0] }, scores: model.predictProbability(x.selecting(rows: test)))
        }

        var cells: [CrossGeneratorEvaluation] = []
        for a in names {
            let inA = rows { $0 == a }
            for b in names {
                if a == b {
                    let subTable = table.selecting(rows: inA)
                    var t = settings
                    t.cv = folds
                    let trainer = Trainer(table: subTable, settings: t)
                    let oof = try trainer.outOfFoldScores(estimator, x: subTable.matrix, labels: inA.map { labels[$0] })
                    cells.append(CrossGeneratorEvaluation(train: a, test: b, data: try LabelledScores(labels: inA.map { labels[$0] }, scores: oof)))
                } else {
                    cells.append(CrossGeneratorEvaluation(train: a, test: b, data: try scores(train: inA, test: rows { $0 == b })))
                }
            }
        }
        var leaveOut: [LeaveOneOutEvaluation] = []
        if names.count > 2 {
            for held in names {
                leaveOut.append(LeaveOneOutEvaluation(heldOut: held, data: try scores(train: rows { $0 != held }, test: rows { $0 == held })))
            }
        }
        return CrossGeneratorMatrix(cells, leaveOneOut: leaveOut, threshold: 0.5)
    }

    /// Writes `crossval.json` and `crossval.md` into `output`.
    public static func write(_ matrix: CrossGeneratorMatrix, to output: String) throws {
        let markdown = ReportWriter.crossGeneratorMarkdown(matrix)
        let base = URL(fileURLWithPath: output)
        try AtomicFile.write(try CanonicalJSON.encode(matrix), to: base.appendingPathComponent("crossval.json").path)
        try AtomicFile.write(markdown, to: base.appendingPathComponent("crossval.md").path)
    }
}
