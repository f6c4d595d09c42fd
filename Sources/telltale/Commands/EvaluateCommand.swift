import ArgumentParser
import Foundation
import TelltaleEvaluation
import TelltaleImaging
import TelltalePipeline

/// `telltale evaluate`: every number researchers report, for a model on labelled images.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a model, or any detector's scores, on labelled images: P/R/F1, accuracies, AUC, AP, EER, per generator, under perturbations.",
        discussion: """
        Reports precision, recall and F1 at the model's threshold, accuracy (overall, on real, on \
        fake), balanced accuracy, ROC AUC, average precision, equal error rate and the confusion \
        matrix, with seeded 95 % bootstrap intervals; per generator (see --pooling) with a mean \
        row; and, with --perturb, the same per perturbation level (applied to both classes at test \
        time); Brier score, ECE and TPR at 1 % and 5 % FPR. Writes report.json (with the \
        provenance), report.md, scores.csv, failures.csv, scores-long.csv (every image under every \
        condition), metrics.csv (every number, flat), roc.svg, roc-log.svg, roc-conditions.svg, \
        roc-groups.svg, pr.svg, reliability.svg (and spectra.svg when the model uses the spectrum \
        family) into --output. Test images that were training images of the model are flagged \
        (--strict: refused).

        With --scores FILE instead of a model, the same report for another detector's per-image \
        scores (CSV or JSON Lines: path,score and optional label,group,error; telltale score's \
        and predict's outputs too), labelled by the DATASETs given or by the file's own label \
        column. Several --scores: one report each in OUTPUT/NAME/ and a side-by-side \
        comparison (comparison.json, comparison.md).
        """)

    @Argument(help: "Trained model file (not given with --scores).")
    var model: String?

    @Argument(help: "Labelled datasets (or one feature file extracted with the model's configuration); with --scores, the datasets or manifests the scored paths belong to (optional when the file has labels).")
    var datasets: [String] = []

    @Option(help: ArgumentHelp("Another detector's per-image scores to evaluate instead of a model (repeat to compare detectors).", valueName: "file"))
    var scores: [String] = []

    @Option(help: ArgumentHelp("With --scores: predict fake when score ≥ this (default: \(ScoreFile.defaultThreshold); a model uses its own).", valueName: "score"))
    var threshold: Double?

    @Option(name: .customLong("perturb"), parsing: .upToNextOption,
            help: ArgumentHelp("Perturbations with levels, e.g. jpeg:95,90,75,50 blur:1,2 resize:0.5,0.75.", valueName: "kind:levels"),
            transform: { try Perturbation.levels($0) })
    var perturb: [[Perturbation]] = []

    @Option(help: ArgumentHelp("Also evaluate on neutralised test images: centre crop to the model's crop size (a tiled model's: --also-neutralised-side) and JPEG re-encode both classes at this quality. Refused for face-crop models (the centre crop would cut their evidence away).", valueName: "quality"))
    var alsoNeutralised: Int?

    @Option(help: ArgumentHelp("With --also-neutralised and a tiled model (required there): the side of the centred square every test image is cropped to and re-encoded, larger than the model's crop size; its tiles are laid on it.", valueName: "pixels"))
    var alsoNeutralisedSide: Int?

    @Option(help: "Bootstrap resamples for the confidence intervals (0 turns them off).")
    var bootstrap: Int = 1000

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    @Option(help: "The reals in the per-generator rows.")
    var pooling: RealPoolingRule = .default

    @OptionGroup var splitOption: SplitOption

    @Flag(help: "Fail, instead of warning, when test images are byte-identical to the model's training images (or the model file cannot tell).")
    var strict = false
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption

    @Option(name: [.short, .customLong("output")], help: "Folder for the reports.")
    var output: String

    func validate() throws {
        if let q = alsoNeutralised, !(1...100).contains(q) { throw ValidationError("--also-neutralised takes a JPEG quality 1…100") }
        if alsoNeutralisedSide != nil && alsoNeutralised == nil { throw ValidationError("--also-neutralised-side needs --also-neutralised") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or positive") }
        if scores.isEmpty {
            if model == nil || datasets.isEmpty { throw ValidationError("give a MODEL and DATASETs, or --scores FILE") }
            try workerOptions.requireImages(datasets)
            if threshold != nil { throw ValidationError("--threshold applies to --scores (a model is evaluated at its own threshold)") }
        } else {
            for (given, option) in [(!perturb.isEmpty, "--perturb"), (alsoNeutralised != nil, "--also-neutralised")] where given {
                throw ValidationError("\(option) needs a model: a score file's scores cannot be recomputed on changed images")
            }
            if memoryBudget.memoryBudget != nil { throw ValidationError("--memory-budget has nothing to limit with --scores: no image is decoded") }
            if workerOptions.given != nil { throw ValidationError("--workers has nothing to run in parallel with --scores: no image is decoded") }
            if strict { throw ValidationError("--strict checks test images against a model's training images; a score file has none") }
            if splitOption.split != nil && model == nil && datasets.isEmpty {
                throw ValidationError("--split picks images of the DATASETs given; without one, a score file's rows have no split")
            }
            if let t = threshold, !t.isFinite { throw ValidationError("--threshold must be a finite number") }
        }
    }

    func run() throws {
        guard let model, scores.isEmpty else { return try runScoreFiles() }
        let detector = try Detector(modelPath: model)
        let threshold = detector.threshold
        var run = EvaluationRun(detector: detector, datasets: datasets,
                                alsoNeutralised: alsoNeutralised.map { ($0, alsoNeutralisedSide) },
                                perturbations: perturb.flatMap { $0 }, bootstrap: bootstrap, seed: seed,
                                pooling: pooling, workers: workerOptions.workers, memoryBudget: memoryBudget.memoryBudget,
                                reporter: ConsoleReporter())
        run.split = splitOption.split
        run.strict = strict
        let evaluation = try run.run(title: "\(URL(fileURLWithPath: model).lastPathComponent) on \(datasets.joined(separator: ", "))")
        let written = try ReportFiles.write(evaluation, to: output)
        print(ReportWriter.markdown(evaluation.report) + "\n" + EvaluationRun.headline(evaluation.report.summary, threshold: threshold))
        print("reports in \(output)/ (\(written.joined(separator: ", ")))")
    }

    /// `--scores`: every positional argument is a dataset.
    func runScoreFiles() throws {
        let run = try ScoreFileEvaluation(files: scores, datasets: (model.map { [$0] } ?? []) + datasets,
                                          threshold: threshold ?? ScoreFile.defaultThreshold, bootstrap: bootstrap, seed: seed,
                                          pooling: pooling, reporter: ConsoleReporter(), split: splitOption.split).run(output: output)
        print(run.summary(output: output))
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
