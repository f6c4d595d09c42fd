import ArgumentParser
import TelltaleEvaluation
import TelltaleLearning
import TelltalePipeline

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
    @OptionGroup var splitOption: SplitOption
    @OptionGroup var training: TrainingOptions
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption

    @Option(help: "Folds for the within-generator (diagonal) out-of-fold scores.")
    var folds: Int = 5

    @Option(name: [.short, .customLong("output")], help: "Folder for crossval.json and crossval.md.")
    var output: String

    func validate() throws {
        try workerOptions.requireImages(inputs)
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if training.cv != nil, try training.settings().gridSize == 1 {
            throw ValidationError("--cv chooses among a grid's settings per training set; with one setting it would be ignored (--folds sets the diagonal's folds)")
        }
    }

    func run() throws {
        let table = try TrainingInput.load(inputs, split: splitOption.split, configuration: featureOptions.givenConfiguration, augmentation: nil,
                                           workers: workerOptions.workers, memoryBudget: memoryBudget.memoryBudget,
                                           label: "crossval: features", reporter: ConsoleReporter())
        let result = try CrossGenerator(table: table, settings: try training.settings(), folds: folds).run(seeds: training.seedList)
        print(ReportWriter.crossGeneratorMarkdown(result.matrix) + (result.acrossSeeds?.markdown() ?? ""))
        for s in result.provenance.selections where s.meanCVROCAUC != nil {
            print("trained on \(s.trainedOn): \(Estimator.describe(s.parameters)) (CV ROC AUC \(String(format: "%.4f", s.meanCVROCAUC!)))")
        }
        try CrossGenerator.write(result, to: output)
        print("wrote \(output)/crossval.json and \(output)/crossval.md")
    }
}
