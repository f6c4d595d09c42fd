import Foundation
import TelltaleDatasets
import TelltaleImaging
import TelltaleSupport

/// A `telltale score` run: a model's scores for a sorted, de-duplicated list of paths,
/// streamed in order (CSV or JSON Lines), resumable (``ScoreResume``) and shardable
/// (``ScoreShard``), with its sidecars (``ScoreRunMeta`` first, ``ScoreRunDone`` last).
public struct ScoreRun {
    public var modelPath: String
    /// The file to write; nil: `standardOutput`.
    public var output: String?
    /// nil: that of the run being resumed, else by `output`'s extension (``defaultFormat(for:)``).
    public var format: ScoreFormat?
    public var shard: ScoreShard = .whole
    public var resume = false
    public var overwrite = false
    /// Images per model call.
    public var batchSize = 64
    public var workers: Int
    public var memoryBudget: Int
    /// `--heatmaps DIR`: an ``Explanation`` of every image scored in this run (default stride
    /// and cap), written as `explain` writes it (``ExplainRun/write(_:name:in:model:modelSHA256:)``,
    /// names unique over the whole input list). The rows do not change.
    public var heatmaps: String?

    public init(modelPath: String, output: String?, format: ScoreFormat?, shard: ScoreShard, resume: Bool,
                overwrite: Bool, batchSize: Int, workers: Int, memoryBudget: Int, heatmaps: String? = nil) {
        self.modelPath = modelPath
        self.output = output
        self.format = format
        self.shard = shard
        self.resume = resume
        self.overwrite = overwrite
        self.batchSize = batchSize
        self.workers = workers
        self.memoryBudget = memoryBudget
        self.heatmaps = heatmaps
    }

    public struct Summary: Sendable {
        /// Rows of this shard (kept + processed).
        public var rows: Int
        /// Rows kept from the interrupted run.
        public var kept: Int
        public var failed: Int
        public var seconds: Double
        /// What the walks left out.
        public var skipped: FileWalk.Report
        /// The images of the output (those kept by a resume included) that were training
        /// images of the model.
        public var overlap: TrainingOverlap
        /// Scored images whose heat-map could not be made (`--heatmaps`).
        public var heatmapFailures = 0

        public var processed: Int { rows - kept }

        /// One line for a person: rows, failures, throughput, what was skipped, where it went.
        public func line(output: String?) -> String {
            var line = "score: \(rows) row(s)"
            if kept > 0 { line += processed == 0 ? " (all kept: the output was complete)" : " (\(kept) kept from the interrupted run)" }
            line += ", \(failed) failed; \(processed) processed in \(String(format: "%.1f", seconds)) s"
                + " (\(String(format: "%.1f", Double(processed) / max(seconds, 1e-9))) images/s)"
            if heatmapFailures > 0 { line += "; \(heatmapFailures) heat-map(s) failed" }
            if skipped.notImageCount > 0 { line += "; \(skipped.notImageCount) file(s) that are not images skipped" }
            if let output { line += "; wrote \(FileSystemPath.display(output))" }
            return line
        }
    }

    /// Scores the paths `inputs` resolves to (after the model is read, so a bad model is
    /// the first error), writing rows to `output` or through `standardOutput`.
    public func run(inputs: () throws -> ScoreInputs, reporter: any PipelineReporter,
                    standardOutput: @escaping (Data) throws -> Void) throws -> Summary {
        let detector = try Detector(modelPath: modelPath)
        let inputs = try inputs()
        reporter.report(inputs.report)
        let mine = shard.select(inputs.paths)
        // Resuming without a format continues in the format the run was started with.
        let started = resume ? output.flatMap { try? ScoreRunMeta.read(for: $0) }?.format : nil
        let format = self.format ?? started ?? Self.defaultFormat(for: output)
        let meta = ScoreRunMeta(toolVersion: TelltaleVersion.string, format: format, columns: ScoreRow.columns,
                                modelSHA256: try Digest.sha256(fileAt: modelPath),
                                featureConfigurationHash: detector.model.featureConfigurationHash,
                                threshold: detector.threshold, inputsSHA256: inputs.sha256,
                                inputCount: inputs.paths.count, shard: shard, shardInputCount: mine.count,
                                memoryBudget: memoryBudget)

        var kept = 0, failed = 0
        var overlap = TrainingOverlap(model: detector.model)
        let sink: ScoreOutput
        if let output {
            // The lock comes first: whether OUT exists is decided under it (created or not).
            sink = try ScoreOutput(path: output)
            let exists = !sink.created
            if exists && !resume && !overwrite {
                sink.abandon()
                throw PipelineError.inputs("\(FileSystemPath.display(output)) exists: --resume continues it, --overwrite starts again")
            }
            var offset: UInt64 = 0
            // An empty OUT without a sidecar is an attempt that stopped before its first
            // byte: resuming it is starting afresh.
            let startedEmpty = exists && sink.size == 0 && !FileSystemPath.exists(ScoreRunMeta.path(for: output))
            if exists && resume && !startedEmpty {
                let previous = try ScoreRunMeta.read(for: output)
                if let conflict = previous.conflict(with: meta, sameShard: true) {
                    sink.abandon()
                    throw PipelineError.inputs("\(FileSystemPath.display(output)) was \(conflict); refusing to resume")
                }
                let state = try ScoreResume(output: output, format: format, paths: mine) { row in
                    if !row.sha256.isEmpty { overlap.examine(path: row.path, sha256: row.sha256) }
                }
                (kept, failed, offset) = (state.kept, state.failed, state.offset)
            }
            ScoreRunDone.remove(for: output)
            try meta.write(for: output)
            try sink.keep(upTo: offset)
            if offset == 0, let header = format.header { try sink.write(header) }
        } else {
            sink = ScoreOutput(standardOutput)
            if let header = format.header { try sink.write(header) }
        }

        let start = Date()
        let progress = reporter.progress("score", total: mine.count - kept)
        let batch = ScoreBatch(detector: detector, memoryBudget: memoryBudget)
        let size = batchSize, first = kept
        let batches = (mine.count - kept + size - 1) / size
        let (model, budget) = (modelPath, memoryBudget)
        let heatmaps = try self.heatmaps.map { directory in
            (directory: directory, names: Dictionary(uniqueKeysWithValues: zip(inputs.paths, ExplainRun.names(inputs.paths))),
             modelSHA256: try Digest.sha256(fileAt: model))
        }
        var heatmapFailures = 0
        try OrderedParallelMap.run(count: batches, workers: workers) { b -> ([ScoreRow], [(String, String)]) in
            let rows = batch.rows(for: mine[(first + b * size)..<min(first + (b + 1) * size, mine.count)])
            guard let heatmaps else { return (rows, []) }
            // Written here, on the worker, so no image's map waits in memory for the output order.
            var failures: [(String, String)] = []
            for row in rows where !row.failed {
                do {
                    let explanation = try Explanation.explain(path: row.path, detector: detector, stride: nil,
                                                              maxTiles: ExplainGrid.defaultMaxTiles, memoryBudget: budget)
                    _ = try ExplainRun.write(explanation, name: heatmaps.names[row.path] ?? "image", in: heatmaps.directory,
                                             model: model, modelSHA256: heatmaps.modelSHA256)
                } catch let error as DecodeError {
                    failures.append((row.path, error.reasonDescription))
                } catch {
                    failures.append((row.path, "\(error)"))
                }
            }
            return (rows, failures)
        } consume: { _, result in
            let (rows, failures) = result
            for (path, reason) in failures { reporter.failure(path, reason: "heat-map: " + reason) }
            heatmapFailures += failures.count
            var text = ""
            for row in rows {
                text += format.encode(row)
                if !row.sha256.isEmpty { overlap.examine(path: row.path, sha256: row.sha256) }
                progress.advance(failed: row.failed)
                if row.failed {
                    failed += 1
                    reporter.failure(row.path, reason: row.error)
                }
            }
            try sink.write(text)
        }
        progress.finish()
        try sink.close()
        let seconds = Date().timeIntervalSince(start)

        if let output {
            try ScoreRunDone(rows: mine.count, failed: failed, outputSHA256: try Digest.sha256(fileAt: output),
                             inputsSHA256: inputs.sha256, shard: shard,
                             skipped: inputs.report.isEmpty ? nil : inputs.report).write(for: output)
        }
        var summary = Summary(rows: mine.count, kept: kept, failed: failed, seconds: seconds, skipped: inputs.report, overlap: overlap)
        summary.heatmapFailures = heatmapFailures
        return summary
    }

    /// jsonl when `output` ends in .jsonl or .ndjson, else csv (standard output too).
    public static func defaultFormat(for output: String?) -> ScoreFormat {
        guard let output else { return .csv }
        return ["jsonl", "ndjson"].contains((output as NSString).pathExtension.lowercased()) ? .jsonl : .csv
    }
}
