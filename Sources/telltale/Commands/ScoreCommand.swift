import ArgumentParser
import Foundation
import TelltaleDatasets
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
        with flat memory; --memory-budget bounds each file's decoding (recorded). A file that \
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
        let scoring = try ModelScoring(modelPath: model)
        let inputs = try ScoreInputs(arguments: paths, pathsFrom: pathsFrom) {
            try FileReading.contents(ofDescriptor: STDIN_FILENO, name: "standard input")
        }
        Console.report(inputs.report)
        let mine = shard.select(inputs.paths)
        // Resuming without --format continues in the format the run was started with.
        let started = resume ? output.flatMap { try? ScoreRunMeta.read(for: $0) }?.format : nil
        let format = self.format ?? started ?? Self.defaultFormat(for: output)
        let meta = ScoreRunMeta(toolVersion: TelltaleVersion.string, format: format, columns: ScoreRow.columns,
                                modelSHA256: try Digest.sha256(fileAt: model),
                                featureConfigurationHash: scoring.model.featureConfigurationHash,
                                threshold: scoring.model.threshold.value, inputsSHA256: inputs.sha256,
                                inputCount: inputs.paths.count, shard: shard, shardInputCount: mine.count,
                                memoryBudget: memoryBudget.bytes)

        var kept = 0, failed = 0
        let sink: ScoreOutput
        if let output {
            // The lock comes first: whether OUT exists is decided under it (created or not).
            sink = try ScoreOutput(path: output)
            let exists = !sink.created
            if exists && !resume && !overwrite {
                sink.abandon()
                throw CLIError("\(Console.display(output)) exists: --resume continues it, --overwrite starts again")
            }
            var offset: UInt64 = 0
            // An empty OUT without a sidecar is an attempt that stopped before its first
            // byte: resuming it is starting afresh.
            let startedEmpty = exists && sink.size == 0 && !FileSystemPath.exists(ScoreRunMeta.path(for: output))
            if exists && resume && !startedEmpty {
                let previous = try ScoreRunMeta.read(for: output)
                if let conflict = previous.conflict(with: meta, sameShard: true) {
                    sink.abandon()
                    throw CLIError("\(Console.display(output)) was \(conflict); refusing to resume")
                }
                let state = try ScoreResume(output: output, format: format, paths: mine)
                (kept, failed, offset) = (state.kept, state.failed, state.offset)
            }
            ScoreRunDone.remove(for: output)
            try meta.write(for: output)
            try sink.keep(upTo: offset)
            if offset == 0, let header = format.header { try sink.write(header) }
        } else {
            sink = ScoreOutput()
            if let header = format.header { try sink.write(header) }
        }

        let progress = ProgressLine("score", total: mine.count - kept)
        let batch = ScoreBatch(scoring: scoring, memoryBudget: memoryBudget.bytes)
        let size = batchSize, start = kept
        let batches = (mine.count - kept + size - 1) / size
        try OrderedParallelMap.run(count: batches, workers: workerOptions.workers) { b in
            batch.rows(for: mine[(start + b * size)..<min(start + (b + 1) * size, mine.count)])
        } consume: { _, rows in
            var text = ""
            for row in rows {
                text += format.encode(row)
                progress.advance(failed: row.failed)
                if row.failed {
                    failed += 1
                    Console.failure(row.path, row.error)
                }
            }
            try sink.write(text)
        }
        progress.finish()
        try sink.close()

        let elapsed = progress.elapsed
        var summary = "score: \(mine.count) row(s)"
        if kept > 0 { summary += " (\(kept) kept from the interrupted run)" }
        summary += ", \(failed) failed; \(mine.count - kept) processed in \(String(format: "%.1f", elapsed)) s"
            + " (\(String(format: "%.1f", Double(mine.count - kept) / max(elapsed, 1e-9))) images/s)"
        if inputs.report.notImageCount > 0 { summary += "; \(inputs.report.notImageCount) file(s) that are not images skipped" }
        if let output {
            try ScoreRunDone(rows: mine.count, failed: failed, outputSHA256: try Digest.sha256(fileAt: output),
                             inputsSHA256: inputs.sha256, shard: shard,
                             skipped: inputs.report.isEmpty ? nil : inputs.report).write(for: output)
            summary += "; wrote \(Console.display(output))"
        }
        Console.error(summary)
        if (failed > 0 || !inputs.report.unreadableFolders.isEmpty) && !allowFailures { throw ExitCode(1) }
    }

    static func defaultFormat(for output: String?) -> ScoreFormat {
        guard let output else { return .csv }
        return ["jsonl", "ndjson"].contains((output as NSString).pathExtension.lowercased()) ? .jsonl : .csv
    }
}
