import TelltalePipeline

/// The command line's ``PipelineReporter``: progress drawn by ``ProgressLine``, lines
/// and failures (`error: PATH: REASON`) on stderr.
struct ConsoleReporter: PipelineReporter {
    func progress(_ label: String, total: Int) -> any PipelineProgress { ProgressLine(label, total: total) }
    func note(_ line: String) { Console.error(line) }
    func failure(_ path: String, reason: String) { Console.failure(path, reason) }
}

extension ProgressLine: PipelineProgress {}
