import ArgumentParser
import TelltaleImaging
import TelltalePipeline

/// `telltale calibrate`: calibrate a model's probabilities and/or choose its threshold on held-out images.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Calibrate a model's probabilities (Platt or isotonic) and/or choose its threshold on held-out labelled images.",
        discussion: """
        Fits the calibration on the model's log-odds over VALIDATION (never the training or test set) and writes a new \
        model file recording it; every command then scores with the calibrated probabilities. Without a target the \
        threshold becomes 0.5 on them. Prints Brier score, ECE, threshold, FPR and recall before and after. A validation \
        set holding any of the model's training images is refused (model files from before 0.3: only an identical set).
        """)

    @Argument(help: "Trained model file.") var model: String
    @Argument(help: "Held-out labelled datasets (or one feature file with the model's configuration).") var validation: [String]
    @Option(help: "The calibration to fit (none: keep the probabilities, only choose the threshold).") var method: CalibrationSettings.Method = .platt
    @Option(help: ArgumentHelp("Choose the threshold for this false-positive rate on the validation set.", valueName: "rate")) var targetFpr: Double?
    @Option(help: ArgumentHelp("Choose the threshold for this precision on the validation set.", valueName: "precision")) var targetPrecision: Double?
    @Option(help: ArgumentHelp("Score the validation images under this condition (jpeg:Q, blur:σ, resize:s) to calibrate for images that will arrive so.", valueName: "kind:level"))
    var perturb: Perturbation?
    @OptionGroup var splitOption: SplitOption
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption
    @Option(name: [.short, .customLong("output")], help: "Model file to write (a new file).") var output: String

    var settings: CalibrationSettings { CalibrationSettings(method: method, targetFPR: targetFpr, targetPrecision: targetPrecision) }

    func validate() throws {
        try workerOptions.requireImages(validation)
        do { try settings.validate() } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        var run = CalibrationRun(modelPath: model, validation: validation, settings: settings, output: output,
                                 workers: workerOptions.workers, memoryBudget: memoryBudget.memoryBudget, reporter: ConsoleReporter())
        run.split = splitOption.split
        run.perturbation = perturb
        let result = try run.run()
        print(result.summary)
        print("wrote \(output)")
    }
}

extension CalibrationSettings.Method: ExpressibleByArgument {}
extension Perturbation: ExpressibleByArgument {}
