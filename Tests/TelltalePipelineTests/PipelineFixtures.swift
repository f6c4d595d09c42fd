import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// What a pipeline step told its reporter: what `telltale` would have printed on stderr.
final class RecordingReporter: PipelineReporter, @unchecked Sendable {
    /// One counted step (``PipelineReporter/progress(_:total:)``).
    final class Step: PipelineProgress, @unchecked Sendable {
        let label: String
        let total: Int
        private let lock = NSLock()
        private var counts = (done: 0, failed: 0, finished: false)

        init(label: String, total: Int) {
            self.label = label
            self.total = total
        }

        func advance(failed: Bool) { lock.withLock { counts.done += 1; if failed { counts.failed += 1 } } }
        func finish() { lock.withLock { counts.finished = true } }
        var done: Int { lock.withLock { counts.done } }
        var failed: Int { lock.withLock { counts.failed } }
        var finished: Bool { lock.withLock { counts.finished } }
    }

    private let lock = NSLock()
    private var recordedLines: [String] = []
    private var recordedFailures: [(path: String, reason: String)] = []
    private var recordedSteps: [Step] = []

    /// The notes and failures in order, as the command line prints them: a note as it is,
    /// a failure as `error: PATH: REASON`.
    var lines: [String] { lock.withLock { recordedLines } }
    var text: String { lines.joined(separator: "\n") }
    var failures: [(path: String, reason: String)] { lock.withLock { recordedFailures } }
    var steps: [Step] { lock.withLock { recordedSteps } }

    func progress(_ label: String, total: Int) -> any PipelineProgress {
        let step = Step(label: label, total: total)
        lock.withLock { recordedSteps.append(step) }
        return step
    }

    func note(_ line: String) { lock.withLock { recordedLines.append(line) } }

    func failure(_ path: String, reason: String) {
        lock.withLock {
            recordedFailures.append((path, reason))
            recordedLines.append("error: \(FileSystemPath.display(path)): \(reason)")
        }
    }
}

/// The pipeline called as the `telltale` commands call it, with the tests' defaults
/// (two workers, the default memory budget).
enum Pipeline {
    static let workers = 2

    /// `telltale extract DATASETS --features FAMILIES --size SIZE -o OUTPUT`.
    @discardableResult
    static func extract(_ datasets: [String], families: [String], size: Int, workers: Int = workers,
                        memoryBudget: Int = DecodeOptions.defaultMemoryBudget, to output: String,
                        reporter: any PipelineReporter = SilentReporter()) throws -> FeatureFileExtraction.Summary {
        let (items, skipped) = try Datasets.load(datasets, split: .all, reporter: reporter)
        let extractor = try FeatureExtractor(configuration: FeatureConfiguration(families: families, cropSize: size))
        return try FeatureFileExtraction.write(items: items, extractor: extractor, workers: workers, memoryBudget: memoryBudget,
                                               skipped: skipped, to: output, label: "extract", reporter: reporter)
    }

    /// The features `telltale train INPUTS --features FAMILIES --size SIZE` trains on.
    static func trainingTable(_ inputs: [String], families: [String] = ["npr"], size: Int = 32, memoryBudget: Int? = nil,
                              reporter: any PipelineReporter = SilentReporter()) throws -> FeatureFile {
        try TrainingInput.load(inputs, split: nil,
                               configuration: inputs.allSatisfy(FeatureFile.isFeatureFile) ? nil : FeatureConfiguration(families: families, cropSize: size),
                               augmentation: nil, workers: workers, memoryBudget: memoryBudget, label: "train: features",
                               reporter: reporter)
    }

    /// `telltale train INPUTS --features npr --size 32 --cv 0 -o OUTPUT` (other settings through `settings`).
    @discardableResult
    static func train(_ inputs: [String], families: [String] = ["npr"], size: Int = 32,
                      settings: TrainingSettings = TrainingSettings(cv: 0), to output: String) throws -> String {
        let table = try trainingTable(inputs, families: families, size: size)
        try Trainer(table: table, settings: settings).fit().file.write(to: output)
        return output
    }

    /// `telltale predict MODEL INPUTS`: the CSV, and the table (whose failures make the exit status 1).
    static func predict(_ model: String, _ inputs: [String], memoryBudget: Int? = nil,
                        reporter: any PipelineReporter = SilentReporter()) throws -> (csv: String, table: FeatureFile) {
        let detector = try Detector(modelPath: model)
        let table = try detector.features(of: DetectorInput.resolve(inputs, split: .all, allowUnlabelled: true, reporter: reporter),
                                      transform: .none, workers: workers, memoryBudget: memoryBudget,
                                      label: "predict", reporter: reporter)
        let scores = try detector.scores(table, source: inputs.joined(separator: " "))
        return (detector.predictionCSV(table, scores: scores), table)
    }

    /// `telltale score MODEL PATHS [--paths-from …] [-o OUTPUT] …`: the run's summary and what
    /// it wrote to standard output (when there is no `output`). `standardInput` is what `-` reads.
    @discardableResult
    static func score(_ model: String, _ paths: [String], pathsFrom: [String] = [], standardInput: Data = Data(),
                      output: String? = nil, format: ScoreFormat? = nil, shard: ScoreShard = .whole,
                      resume: Bool = false, batchSize: Int = 64, workers: Int = workers,
                      memoryBudget: Int = DecodeOptions.defaultMemoryBudget,
                      reporter: any PipelineReporter = SilentReporter()) throws -> (summary: ScoreRun.Summary, stdout: String) {
        let run = ScoreRun(modelPath: model, output: output, format: format, shard: shard, resume: resume, overwrite: false,
                           batchSize: batchSize, workers: workers, memoryBudget: memoryBudget)
        let stdout = OutputBuffer()
        let summary = try run.run(inputs: {
            try ScoreInputs(arguments: paths, pathsFrom: pathsFrom) { standardInput }
        }, reporter: reporter, standardOutput: stdout.append)
        return (summary, stdout.text)
    }

    /// `telltale inspect PATHS --json`: the summary and the document, streamed as the command streams it.
    static func inspectJSON(_ paths: [String], decode: Bool = false, memoryBudget: Int = DecodeOptions.defaultMemoryBudget,
                            reporter: any PipelineReporter = SilentReporter()) throws -> (summary: Inspection.Summary, json: Data) {
        let document = OutputBuffer()
        let stream = InspectJSONStream { try document.append(Data($0.utf8)) }
        let summary = try Inspection.run(paths, decode: decode, memoryBudget: memoryBudget, reporter: reporter) {
            try stream.write($0)
        }
        try stream.finish(summary: InspectReport.Summary(files: summary.files, failed: summary.failed,
                                                         skipped: summary.skipped.isEmpty ? nil : summary.skipped))
        return (summary, document.data)
    }
}

/// Bytes written through a closure (a command's standard output), kept in memory.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    func append(_ data: Data) throws { lock.withLock { bytes += data } }
    var data: Data { lock.withLock { bytes } }
    var text: String { String(decoding: data, as: UTF8.self) }
}

/// The contents of a file.
func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

/// A JSON file's top-level object.
func jsonObject(_ path: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: read(path)) as? [String: Any] else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path])
    }
    return object
}

extension XCTestCase {
    /// A folder with a model (`train-set/`, npr at 32 px, no CV) and ``TemporaryDirectory/scoringTree(_:)``.
    func scoringFixture() throws -> (tmp: TemporaryDirectory, model: String, tree: String) {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("train-set", perClass: 5, side: 32)
        let model = try Pipeline.train([set], to: tmp.path("model.json"))
        return (tmp, model, try tmp.scoringTree())
    }
}
