import ArgumentParser
import TelltalePipeline

/// `telltale explain`: where images look generated — per-tile scores as a heat-map and JSON.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show where images look generated: each tile's score as a PNG heat-map over the image, and JSON.",
        discussion: """
        Every image is decoded whole (within --memory-budget) and covered with tiles of the model's \
        crop size S every --stride pixels (default S: side by side; smaller: overlapping, a finer \
        map); each tile is scored by the model alone. Writes DIR/<name>.heatmap.png (the image, \
        downscaled to at most 1024 pixels a side, with the mean score of the tiles covering each \
        pixel blended over it: blue 0 → red 1, grey where no tile lies) and DIR/<name>.tiles.json \
        (the image's score as `score` gives it, the threshold, each tile's box and score). With a \
        face-crop model the JSON also lists each face judged (box, landmarks, region, own score) and \
        the map outlines their regions; models using face-context are refused (a tile has no face). An image \
        giving more than --max-tiles tiles gets the smallest larger stride that fits (up to S; \
        beyond, it fails). Failures are reported per file; the exit status is then 1.
        """)

    @Argument(help: "Trained model file.")
    var model: String

    @Argument(help: "Image folders or files.")
    var paths: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Folder to write the heat-maps and JSON to.", valueName: "dir"))
    var output: String

    @Option(help: "Pixels between neighbouring tiles, 1…S (default: S, the model's crop size).")
    var stride: Int?

    @Option(name: .customLong("max-tiles"), help: "Most tiles per image, 1…\(ExplainGrid.maxTilesLimit).")
    var maxTiles = ExplainGrid.defaultMaxTiles

    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption
    func validate() throws {
        if let stride, stride < 1 { throw ValidationError("--stride must be at least 1") }
        if !(1...ExplainGrid.maxTilesLimit).contains(maxTiles) { throw ValidationError("--max-tiles must be between 1 and \(ExplainGrid.maxTilesLimit)") }
    }

    func run() throws {
        let run = ExplainRun(modelPath: model, outputDirectory: output, stride: stride, maxTiles: maxTiles,
                             workers: workerOptions.workers, memoryBudget: memoryBudget.bytes)
        let summary = try run.run(inputs: paths, reporter: ConsoleReporter()) { print($0.line) }
        Console.error(summary.line(outputDirectory: output))
        if summary.anyFailed { throw ExitCode(1) }
    }
}
