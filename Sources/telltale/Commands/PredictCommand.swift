import ArgumentParser
import Foundation
import TelltaleDatasets
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
        let scoring = try ModelScoring(modelPath: model)
        let table = try scoring.table(for: ModelScoring.source(inputs, allowUnlabelled: true), transform: .none,
                                      workers: workerOptions.workers, memoryBudget: memoryBudget.memoryBudget, label: "predict")
        let scores = try scoring.scores(table, source: inputs.joined(separator: " "))
        let threshold = scoring.model.threshold.value
        var csv = CSV.record(["path", "sha256", "label", "group", "score", "decision"])
        for (row, score) in zip(table.rows, scores) {
            csv += CSV.record([row.path, row.sha256, row.label.map { String($0.rawValue) } ?? "", row.group ?? "",
                               String(format: "%.6f", score), score >= threshold ? "fake" : "real"])
        }
        for failure in table.failures {
            csv += CSV.record([failure.path, "", "", "", "", "error: \(failure.reason)"])
        }
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
