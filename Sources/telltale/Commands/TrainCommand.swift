import ArgumentParser
import Foundation
import TelltaleImaging
import TelltaleLearning
import TelltalePipeline

/// `telltale train`: fit a classifier on labelled features and save it as a model file.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a logistic regression or small MLP on labelled images or features; save a model file.",
        discussion: """
        INPUT is a dataset (extracted on the fly with the feature options) or a feature file \
        from `telltale extract` (the feature options are then taken from the file). With a grid \
        (several --C, --hidden or --weight-decay values) and --cv K, every setting is scored by \
        stratified K-fold cross-validation (with --grouped-cv, grouped by the group column so that \
        near-duplicates never straddle folds) and the best (highest mean ROC AUC) is refit on \
        all rows. With tile rows (--tiling grid --tile-rows, or a feature file of them) the \
        classifier is fitted on tiles, the folds never split an image, and an image is scored by \
        combining its tiles' log-odds by --tile-score (CV metrics per image). The same inputs, \
        seed and worker count give a byte-identical model file.
        """)

    @Argument(help: "Datasets or feature files.")
    var inputs: [String]

    @OptionGroup var featureOptions: FeatureOptions
    @OptionGroup var splitOption: SplitOption
    @OptionGroup var training: TrainingOptions
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption

    @Flag(help: "Augment training images as Wang et al. (CVPR 2020): Gaussian blur (σ∈[0,3]) and JPEG re-compression (q∈[30,100]), each with probability --augment-p, drawn from the seed.")
    var augment = false

    @Option(help: "Probability of each augmentation (with --augment; default: 0.5).")
    var augmentP: Double?

    @Option(help: ArgumentHelp("Choose the decision threshold for this false-positive rate on out-of-fold predictions (needs --cv).", valueName: "rate"))
    var targetFpr: Double?

    @Option(help: ArgumentHelp("Choose the decision threshold for this precision on out-of-fold predictions (needs --cv).", valueName: "precision"))
    var targetPrecision: Double?

    @Option(help: ArgumentHelp("With tile rows (--tiling grid --tile-rows, or a feature file of tile rows) or face rows (--crop face): how an image's score comes from its tiles' log-odds z — mean-logit (the mean of z), max (the largest z) or quantile:Q (the Q-quantile of z, 0 ≤ Q ≤ 1); then the sigmoid. Recorded in the model file (default: mean-logit; for face rows, --crop face, max: an image is as fake as its most fake-looking face).", valueName: "rule"))
    var tileScore: String?

    @Option(name: [.short, .customLong("output")], help: "Model file to write (JSON).")
    var output: String

    func validate() throws {
        try workerOptions.requireImages(inputs)
        if targetFpr != nil && targetPrecision != nil { throw ValidationError("give --target-fpr or --target-precision, not both") }
        if (targetFpr != nil || targetPrecision != nil) && (training.cv ?? TrainingSettings.defaults.cv) < 2 {
            throw ValidationError("a target threshold is chosen on out-of-fold predictions: it needs --cv 2 or more")
        }
        if let r = targetFpr, !(0...1).contains(r) { throw ValidationError("--target-fpr must be in [0, 1]") }
        if let p = targetPrecision, !(0...1).contains(p) { throw ValidationError("--target-precision must be in [0, 1]") }
        if let p = augmentP, !augment { throw ValidationError("--augment-p \(p) without --augment would be ignored") }
        if let p = augmentP, !(0...1).contains(p) { throw ValidationError("--augment-p must be in [0, 1]") }
        if let rule = tileScore {
            do { _ = try TileScore(name: rule) } catch { throw ValidationError("--tile-score \(rule): expected mean-logit, max or quantile:Q with Q in [0, 1]") }
            // Images need --tile-rows; feature files are checked when read (their rows say).
            if featureOptions.givenConfiguration != nil && !featureOptions.tileRows && featureOptions.crop != .face {
                throw ValidationError("--tile-score needs tile rows (--tiling grid --tile-rows) or faces (--crop face): it would be ignored")
            }
        }
    }

    private func settings() throws -> TrainingSettings {
        var s = try training.settings()
        s.tileScore = try tileScore.map { try TileScore(name: $0) }
        return s
    }

    func run() throws {
        let start = Date()
        let run = TrainingRun(inputs: inputs, split: splitOption.split, configuration: featureOptions.givenConfiguration,
                              augmentation: augment ? Augmentation(blurProbability: augmentP ?? 0.5, jpegProbability: augmentP ?? 0.5) : nil,
                              settings: try settings(), seeds: training.seedList, targetFPR: targetFpr,
                              targetPrecision: targetPrecision, workers: workerOptions.workers, memoryBudget: memoryBudget.memoryBudget)
        let result = try run.run(reporter: ConsoleReporter())
        let written = try run.write(result, to: output)
        for line in result.summary(seconds: Date().timeIntervalSince(start)) { print(line) }
        print("wrote \(written.joined(separator: ", "))")
    }
}
