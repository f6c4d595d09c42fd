import ArgumentParser
import Foundation
import TelltalePipeline
import TelltaleSupport

/// `telltale score`: a model's scores for any number of image files, streamed in a
/// stable order, resumable and shardable.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score image folders, files and path lists with a trained model, streaming CSV or JSON Lines.",
        discussion: """
        Directories are walked recursively (image files by extension or magic bytes; other \
        files and hidden entries are counted on stderr and in OUT.done); `-` reads paths from \
        standard input and --paths-from from a file (one path a line, LF or CRLF; directories \
        in a list are walked too). Dangling links, FIFOs and devices are rows with their \
        reason. The whole list is de-duplicated and sorted byte-wise by path, and rows (path, \
        sha256, score, decision, error) are written in that order as they are ready, in parallel, \
        with flat memory; with a face-crop model (--crop face), JSON Lines rows also list `faces`: \
        each face judged with its box, confidence, landmarks, region and own score (a fallback \
        region of an image without a face has no box). --memory-budget bounds each file's decoding (recorded). A file that \
        cannot be scored is a row with its reason, and the exit status is 1 when any file failed \
        (--allow-failures keeps 0). With --output, OUT.meta.json records the model and input \
        list, and OUT.done (written last) the row count and the output's SHA-256; --resume \
        continues an interrupted run. --shard i/n scores items k with k mod n = i; \
        `telltale merge-scores` joins the shards.
        """)

    @Argument(help: "Trained model file.")
    var model: String

    @Argument(help: "Image folders or files; `-` reads paths from standard input, one a line.")
    var paths: [String] = []

    @Option(name: .customLong("paths-from"), help: ArgumentHelp("Read paths from this file, one a line (repeatable).", valueName: "file"))
    var pathsFrom: [String] = []

    @Option(name: [.short, .customLong("output")], help: "File to write (default: standard output). Rows are appended and flushed as they are scored.")
    var output: String?

    @Option(help: "csv or jsonl (default: that of the run being resumed; else jsonl when --output ends in .jsonl or .ndjson, else csv).")
    var format: ScoreFormat?

    @Option(help: ArgumentHelp("Score only shard i of n (0 ≤ i < n): the items k of the sorted list with k mod n = i.", valueName: "i/n"))
    var shard: ScoreShard = .whole

    @Flag(help: "Continue an interrupted run: keep the complete rows of --output, redo a torn last row, score the rest. Refused if the model, inputs, shard or format differ. Starts afresh when --output does not exist.")
    var resume = false

    @Flag(help: "Replace an existing --output instead of refusing.")
    var overwrite = false

    @Flag(help: "Exit with status 0 even when some files could not be scored (they are still rows with their reason).")
    var allowFailures = false

    @Flag(help: "Exit with status 1 when images scored are byte-identical to the model's training images (or the model file cannot tell); they are still rows.")
    var strict = false

    @Option(help: ArgumentHelp("Also write each scored image's heat-map and tile scores to this folder, as `telltale explain` does (default stride and --max-tiles). The rows do not change.", valueName: "dir"))
    var heatmaps: String?

    @Option(help: "Images per model call (rows of one matrix product).")
    var batchSize = 64

    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption

    func validate() throws {
        if paths.isEmpty && pathsFrom.isEmpty { throw ValidationError("give image folders or files, `-` or --paths-from") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("`-` (standard input) may be given once") }
        if resume && output == nil { throw ValidationError("--resume needs --output") }
        if resume && overwrite { throw ValidationError("give --resume or --overwrite, not both") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let run = ScoreRun(modelPath: model, output: output, format: format, shard: shard, resume: resume,
                           overwrite: overwrite, batchSize: batchSize, workers: workerOptions.workers,
                           memoryBudget: memoryBudget.bytes, heatmaps: heatmaps)
        let result = try run.run(inputs: {
            try ScoreInputs(arguments: paths, pathsFrom: pathsFrom) {
                try FileReading.contents(ofDescriptor: STDIN_FILENO, name: "standard input")
            }
        }, reporter: ConsoleReporter(), standardOutput: Console.output)

        Console.error(result.line(output: output))
        if let warning = result.overlap.warning { Console.error(warning) }
        try result.overlap.enforce(strict: strict)
        if (result.failed > 0 || result.heatmapFailures > 0 || !result.skipped.unreadableFolders.isEmpty) && !allowFailures {
            throw ExitCode(1)
        }
    }
}

extension ScoreFormat: ExpressibleByArgument {}

extension ScoreShard: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
