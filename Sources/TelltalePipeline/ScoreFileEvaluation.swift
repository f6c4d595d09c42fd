import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleSupport

/// `telltale evaluate --scores FILE… [DATASET…] -o DIR`: other detectors' score files
/// evaluated as a model is (``EvaluationRun``, ``ReportFiles``), and, with several files,
/// compared side by side (``DetectorComparison``).
///
/// One file: its report in DIR, as for a model. Several: each file's report in
/// `DIR/NAME/` (NAME: the file's name without its extension; names that collide get
/// `-1`, `-2`… in the order given) and `DIR/comparison.json` + `DIR/comparison.md`.
/// The datasets are loaded once for all files.
public struct ScoreFileEvaluation {
    public var files: [String]
    /// The datasets or manifests the files' paths belong to (empty: labels from each file).
    public var datasets: [String]
    public var threshold: Double
    public var bootstrap: Int
    public var seed: UInt64
    public var pooling: RealPoolingRule
    public var reporter: any PipelineReporter
    /// The split of the datasets' images to evaluate on (``SplitSelection``; nil refuses several).
    public var split: SplitSelection?

    public init(files: [String], datasets: [String], threshold: Double = ScoreFile.defaultThreshold, bootstrap: Int = 1000,
                seed: UInt64 = 0, pooling: RealPoolingRule = .default, reporter: any PipelineReporter,
                split: SplitSelection? = nil) {
        self.files = files
        self.datasets = datasets
        self.threshold = threshold
        self.bootstrap = bootstrap
        self.seed = seed
        self.pooling = pooling
        self.reporter = reporter
        self.split = split
    }

    /// One file's evaluation and where its report went.
    public struct Entry {
        public var file: String
        /// The name of its row in the comparison, and of its folder.
        public var name: String
        /// Where its report files are, and their names.
        public var folder: String
        public var written: [String]
        public var result: EvaluationRun.Result
    }

    public struct Result {
        public var entries: [Entry]
        /// nil for a single file.
        public var comparison: DetectorComparison?
        /// The comparison's files, relative to the output folder (empty for a single file).
        public var comparisonFiles: [String]

        /// What `evaluate --scores` prints: one file's report, or each file's headline and the
        /// comparison; then where the reports are.
        public func summary(output: String) -> String {
            var lines: [String] = []
            for entry in entries {
                let report = entry.result.report
                if entries.count == 1 { lines.append(ReportWriter.markdown(report)) }
                lines.append((entries.count == 1 ? "" : "\(entry.name): ") + EvaluationRun.headline(report.summary, threshold: report.threshold))
            }
            if let comparison { lines.append("\n" + ReportWriter.comparisonMarkdown(comparison)) }
            let written = comparison == nil ? entries[0].written : comparisonFiles + entries.map { "\($0.name)/" }
            lines.append("reports in \(output)/ (\(written.joined(separator: ", ")))")
            return lines.joined(separator: "\n")
        }
    }

    /// Evaluates every file and writes the reports (and the comparison) into `output`.
    public func run(output: String) throws -> Result {
        guard !files.isEmpty else { throw PipelineError.inputs("no score file given") }
        var seen = Set<[UInt8]>()
        for file in files where !seen.insert(Array(ImageFiles.lexicallyNormalised(file).utf8)).inserted {
            throw PipelineError.inputs("the score file \(FileSystemPath.display(file)) is given twice")
        }
        let images = datasets.isEmpty ? nil : try Datasets.load(datasets, split: split, allowSingleClass: true, reporter: reporter).items
        let names = Self.names(files)
        var entries: [Entry] = []
        for (file, name) in zip(files, names) {
            var run = EvaluationRun(scorer: .scoreFile(file, threshold: threshold), datasets: datasets, bootstrap: bootstrap,
                                    seed: seed, pooling: pooling, reporter: reporter)
            run.split = split
            let scored = try ScoreFile.labelledScores(file, images: images, datasets: datasets, threshold: threshold, reporter: reporter)
            let title = URL(fileURLWithPath: file).lastPathComponent
                + (datasets.isEmpty ? "" : " on \(datasets.joined(separator: ", "))")
            let result = try run.evaluate(scored, title: title)
            let folder = files.count == 1 ? output : URL(fileURLWithPath: output).appendingPathComponent(name).path
            let written = try ReportFiles.write(result, to: folder)
            entries.append(Entry(file: file, name: name, folder: folder, written: written, result: result))
        }
        guard entries.count > 1 else { return Result(entries: entries, comparison: nil, comparisonFiles: []) }
        let comparison = DetectorComparison(entries.map { ($0.name, $0.result.report) })
        let base = URL(fileURLWithPath: output)
        try AtomicFile.write(try CanonicalJSON.encode(comparison), to: base.appendingPathComponent("comparison.json").path)
        try AtomicFile.write(ReportWriter.comparisonMarkdown(comparison), to: base.appendingPathComponent("comparison.md").path)
        return Result(entries: entries, comparison: comparison, comparisonFiles: ["comparison.json", "comparison.md"])
    }

    /// Each file's name without its folder and extension; names given to more than one
    /// file are numbered `-1`, `-2`… in the order given.
    public static func names(_ files: [String]) -> [String] {
        let stems = files.map { file -> String in
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return stem.isEmpty || stem.hasPrefix(".") ? "scores" : stem
        }
        var counts: [String: Int] = [:], taken: [String: Int] = [:]
        for s in stems { counts[s, default: 0] += 1 }
        var used = Set(stems.filter { counts[$0] == 1 })
        return stems.map { s in
            guard counts[s]! > 1 else { return s }
            var name: String
            repeat {  // `x-1` may itself be another file's stem
                taken[s, default: 0] += 1
                name = "\(s)-\(taken[s]!)"
            } while used.contains(name)
            used.insert(name)
            return name
        }
    }
}
