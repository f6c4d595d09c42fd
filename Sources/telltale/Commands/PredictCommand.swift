import ArgumentParser
import Foundation
import TelltalePipeline
import TelltaleSupport

/// `telltale predict`: a model's scores for images or a feature file.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score images (datasets, folders, files) or a feature file with a trained model.",
        discussion: """
        Images are decoded and turned into features with the model's own feature configuration; \
        a feature file must have been extracted with that configuration. Writes CSV \
        (path,sha256,label,group,score,decision) to --output or stdout. For very large \
        directories with resumable, sharded output use `telltale score`.
        """)

    @Argument(help: "Trained model file.")
    var model: String

    @Argument(help: "Datasets, image folders or files, or one feature file.")
    var inputs: [String]

    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption

    @Option(name: [.short, .customLong("output")], help: "CSV file to write (default: standard output).")
    var output: String?

    func run() throws {
        let detector = try Detector(modelPath: model)
        let table = try detector.features(of: DetectorInput.resolve(inputs, split: .all, allowUnlabelled: true, reporter: ConsoleReporter()),
                                      transform: .none, workers: workerOptions.workers, memoryBudget: memoryBudget.memoryBudget,
                                      label: "predict", reporter: ConsoleReporter())
        let scores = try detector.scores(table, source: inputs.joined(separator: " "))
        let threshold = detector.threshold
        let csv = detector.predictionCSV(table, scores: scores)
        if let output {
            try AtomicFile.write(csv, to: output)
            let fakes = scores.filter { $0 >= threshold }.count
            print("\(scores.count) image(s) scored: \(fakes) fake, \(scores.count - fakes) real at threshold \(String(format: "%.4f", threshold)); \(table.failures.count) failed")
            print("wrote \(output)")
        } else {
            try Console.output(csv)
        }
        if !table.failures.isEmpty { throw ExitCode(1) }
    }
}
