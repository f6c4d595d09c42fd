import Foundation
import TelltaleSupport

/// `telltale bench`: a spec run into a new run folder, and `--check`, which re-runs a
/// recorded run and compares every deterministic file.
public enum BenchRun {
    /// Runs the spec at `specPath` into `folder` (default `runs/<name>`), built in a
    /// staging folder and moved into place; an existing folder needs `force`.
    public static func run(specPath: String, output: String?, force: Bool, reporter: any PipelineReporter) throws
        -> (folder: String, metrics: BenchMetrics, timings: BenchTimings) {
        let spec = try BenchSpec.load(from: specPath)
        let folder = output ?? "runs/\(spec.name)"
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        if FileManager.default.fileExists(atPath: target.path) && !force {
            throw PipelineError.inputs("\(folder) exists; give --force to replace it, or another --output")
        }
        let (metrics, timings) = try RunFolder.build(at: target) { staging in
            try execute(spec, into: staging, reporter: reporter)
        }
        return (folder, metrics, timings)
    }

    /// What `--check` found.
    public enum CheckResult: Sendable {
        /// Input images changed or missing since the run was recorded (nothing was re-run).
        case inputsChanged([(problem: String, path: String)])
        /// Files of the run that the re-run did not reproduce.
        case differs([BenchComparison.Difference])
        /// Every deterministic file reproduced; the number of inputs verified.
        case passed(inputs: Int)

        /// What `bench --check` prints for run folder `run`: the lines for standard output, and
        /// the error line when the check failed.
        public func report(run: String) -> (lines: [String], error: String?) {
            switch self {
            case .inputsChanged(let problems):
                return (problems.map { "input \($0.problem): \($0.path)" },
                        "check failed: \(problems.count) input image(s) changed or missing since the run was recorded")
            case .differs(let differences):
                return (differences.map { "differs: \($0)" }, "check failed: \(differences.count) file(s) of \(run) differ from the re-run")
            case .passed(let inputs):
                return (["check passed: \(inputs) input(s) unchanged; every deterministic file of \(run) is reproduced byte for byte"], nil)
            }
        }
    }

    /// Verifies the inputs of the run folder `run`, re-runs its resolved spec in a
    /// temporary folder and compares the files.
    public static func check(_ run: String, reporter: any PipelineReporter) throws -> CheckResult {
        let specPath = URL(fileURLWithPath: run).appendingPathComponent("spec.resolved.json").path
        let spec = try BenchSpec.load(from: specPath)
        let recorded = try InputManifest.read(from: URL(fileURLWithPath: run).appendingPathComponent("inputs.csv").path)
        let problems = recorded.verify(workers: spec.workers)
        if !problems.isEmpty { return .inputsChanged(problems) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("telltale-bench-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        _ = try execute(spec, into: scratch.path, reporter: reporter)
        let differences = try BenchComparison.compare(recorded: run, rerun: scratch.path)
        return differences.isEmpty ? .passed(inputs: recorded.entries.count) : .differs(differences)
    }

    static func execute(_ spec: BenchSpec, into folder: String, reporter: any PipelineReporter) throws -> (BenchMetrics, BenchTimings) {
        var timings = BenchTimings()
        let metrics = try BenchRunner(spec: spec, reporter: reporter).run(into: folder, timings: &timings)
        let base = URL(fileURLWithPath: folder)
        let environment = BenchEnvironment.current(workers: spec.workers)
        try AtomicFile.write(CanonicalJSON.encode(environment), to: base.appendingPathComponent("environment.json").path)
        try AtomicFile.write(CanonicalJSON.encode(timings), to: base.appendingPathComponent("timings.json").path)
        return (metrics, timings)
    }
}
