import ArgumentParser
import Foundation
import TelltaleEvaluation
import TelltaleImaging
import TelltalePipeline

/// `telltale evaluate`: every number researchers report, for a model on labelled images.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a model on labelled images: P/R/F1, accuracies, AUC, AP, EER, per generator, under perturbations.",
        discussion: """
        Reports precision, recall and F1 at the model's threshold, accuracy (overall, on real, on \
        fake), balanced accuracy, ROC AUC, average precision, equal error rate and the confusion \
        matrix, with seeded 95 % bootstrap intervals; per generator (see --pooling) with a mean \
        row; and, with --perturb, the same per perturbation level (applied to both classes at test \
        time). Writes report.json, report.md, scores.csv, failures.csv, roc.svg, pr.svg (and \
        spectra.svg when the model uses the spectrum family) into --output.
        """)

    @Argument(help: "Trained model file.")
    var model: String

    @Argument(help: "Labelled datasets (or one feature file extracted with the model's configuration).")
    var datasets: [String]

    @Option(name: .customLong("perturb"), parsing: .upToNextOption,
            help: ArgumentHelp("Perturbations with levels, e.g. jpeg:95,90,75,50 blur:1,2 resize:0.5,0.75.", valueName: "kind:levels"),
            transform: { try Perturbation.levels($0) })
    var perturb: [[Perturbation]] = []

    @Option(help: ArgumentHelp("Also evaluate on neutralised test images: centre crop to the model's crop size and JPEG re-encode both classes at this quality.", valueName: "quality"))
    var alsoNeutralised: Int?

    @Option(help: "Bootstrap resamples for the confidence intervals (0 turns them off).")
    var bootstrap: Int = 1000

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    @Option(help: "The reals in the per-generator rows.")
    var pooling: RealPoolingRule = .default

    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption

    @Option(name: [.short, .customLong("output")], help: "Folder for the reports.")
    var output: String

    func validate() throws {
        if let q = alsoNeutralised, !(1...100).contains(q) { throw ValidationError("--also-neutralised takes a JPEG quality 1…100") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or positive") }
    }

    func run() throws {
        let detector = try Detector(modelPath: model)
        let threshold = detector.threshold
        let evaluation = try EvaluationRun(detector: detector, datasets: datasets, alsoNeutralised: alsoNeutralised,
                                           perturbations: perturb.flatMap { $0 }, bootstrap: bootstrap, seed: seed,
                                           pooling: pooling, workers: workerOptions.workers, memoryBudget: memoryBudget.memoryBudget,
                                           reporter: ConsoleReporter())
            .run(title: "\(URL(fileURLWithPath: model).lastPathComponent) on \(datasets.joined(separator: ", "))")
        let (report, items, raw) = (evaluation.report, evaluation.items, evaluation.table)
        let written = try ReportFiles.write(report, items: items, table: raw, to: output)
        print(ReportWriter.markdown(report))
        print(EvaluationRun.headline(report.summary, threshold: threshold))
        print("reports in \(output)/ (\(written.joined(separator: ", ")))")
    }
}

extension RealPoolingRule: ExpressibleByArgument {
    public init?(argument: String) { self.init(spelling: argument) }
    public var defaultValueDescription: String { spelling }
    public static var allValueStrings: [String] { allCases.map(\.spelling) }
    public static var allValueDescriptions: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.spelling, $0.explanation) })
    }
}
