import ArgumentParser
import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleLearning
import TelltaleSupport

/// `telltale crossval`: train on each generator, test on every other.
struct CrossvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossval",
        abstract: "Cross-generator generalisation: train on each generator, test on every other, and leave one generator out.",
        discussion: """
        The generators are the rows' groups (per-generator folders or a manifest's group column); \
        each must have real and fake images. Off the diagonal a model trained on all of generator \
        A is tested on all of B. On the diagonal, where training and test data would coincide, the \
        scores are K-fold out-of-fold predictions within the generator (--folds). Leave-one-out \
        rows train on every other generator and test on the one held out. Prints the AUC/AP \
        matrices; writes crossval.json and crossval.md into --output.
        """)

    @Argument(help: "Labelled datasets with at least two generators, or a feature file.")
    var inputs: [String]

    @OptionGroup var featureOptions: FeatureOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption

    @Option(help: "Folds for the within-generator (diagonal) out-of-fold scores.")
    var folds: Int = 5

    @Option(name: [.short, .customLong("output")], help: "Folder for crossval.json and crossval.md.")
    var output: String

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
    }

    func run() throws {
        let table = try TrainingInput.load(inputs, featureOptions: featureOptions, augmentation: nil,
                                           workers: workerOptions.workers, memoryBudget: memoryBudget.memoryBudget, label: "crossval: features")
        let labels = try table.labels(for: "cross-generator evaluation")
        let groups = table.rows.map { $0.group ?? "" }
        let names = Set(groups).sorted()
        guard names.count >= 2, !names.contains("") else {
            throw CLIError("crossval needs every image in a generator group, and at least two generators (found: \(names.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: ", ")))")
        }
        for g in names {
            let classes = Set(groups.indices.filter { groups[$0] == g }.map { labels[$0] })
            guard classes.count == 2 else { throw CLIError("generator \(g) has only \(classes.first == 1 ? "fake" : "real") images; crossval needs both per generator") }
        }
        let x = try table.matrix
        // The first setting of the grid, as given: no nested model selection.
        let estimator = try training.estimators()[0]
        func rows(_ keep: (String) -> Bool) -> [Int] { groups.indices.filter { keep(groups[$0]) } }
        func scores(train: [Int], test: [Int]) throws -> LabelledScores {
            let model = try estimator.fit(x.selecting(rows: train), labels: train.map { labels[$0] }, seed: training.seed)
            return try LabelledScores(labels: test.map { labels[$0] }, scores: model.predictProbability(x.selecting(rows: test)))
        }

        var cells: [CrossGeneratorEvaluation] = []
        for a in names {
            let inA = rows { $0 == a }
            for b in names {
                if a == b {
                    let subTable = FeatureTable(configuration: table.configuration, configurationHash: table.configurationHash,
                                                featureNames: table.featureNames, rows: inA.map { table.rows[$0] },
                                                values: inA.flatMap { i in Array(table.values[(i * x.cols)..<((i + 1) * x.cols)]) },
                                                failures: [])
                    var t = try training.settings()
                    t.cv = folds
                    let trainer = Trainer(table: subTable, settings: t)
                    let oof = try trainer.outOfFoldScores(estimator, x: try subTable.matrix, labels: inA.map { labels[$0] })
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
        let matrix = CrossGeneratorMatrix(cells, leaveOneOut: leaveOut, threshold: 0.5)
        let markdown = ReportWriter.crossGeneratorMarkdown(matrix)
        print(markdown)
        let base = URL(fileURLWithPath: output)
        try AtomicFile.write(try CanonicalJSON.encode(matrix), to: base.appendingPathComponent("crossval.json").path)
        try AtomicFile.write(markdown, to: base.appendingPathComponent("crossval.md").path)
        print("wrote \(output)/crossval.json and \(output)/crossval.md")
    }
}
