import TelltaleDatasets

/// Progress of one counted step (images decoded, files scored), advanced on the
/// thread that consumes the results, in input order.
public protocol PipelineProgress: AnyObject, Sendable {
    /// One item done (and whether it failed).
    func advance(failed: Bool)
    /// The step is over.
    func finish()
}

/// Where a pipeline step tells a person what is happening: progress, lines worth
/// reading (dataset summaries, what a walk left out, warnings) and each input that
/// failed. The library never prints; the command line draws these on stderr.
public protocol PipelineReporter: Sendable {
    /// Starts a counted step of `total` items called `label`.
    func progress(_ label: String, total: Int) -> any PipelineProgress
    /// A line for a person.
    func note(_ line: String)
    /// An input that failed, with its reason (the run goes on).
    func failure(_ path: String, reason: String)
}

extension PipelineReporter {
    /// What a walk left out, one line each (`skipped 12 files that are not images: …`).
    public func report(_ report: FileWalk.Report) {
        for line in report.lines { note(line) }
    }
}

/// A reporter that says nothing (tests, benchmarks).
public struct SilentReporter: PipelineReporter {
    public init() {}
    public func progress(_ label: String, total: Int) -> any PipelineProgress { Silent() }
    public func note(_ line: String) {}
    public func failure(_ path: String, reason: String) {}

    private final class Silent: PipelineProgress {
        public func advance(failed: Bool) {}
        public func finish() {}
    }
}
