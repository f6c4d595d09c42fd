import Foundation
import TelltaleDatasets
import TelltaleSupport

/// Where the CLI talks to people: stderr for diagnostics and progress, stdout for results.
enum Console {
    /// Writes a line to standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// `error: PATH: REASON`, the path shown for a person (bytes that are not UTF-8 as `\xNN`).
    static func failure(_ path: String, _ reason: String) {
        error("error: \(display(path)): \(reason)")
    }

    /// A path for a message to a person (see ``FileSystemPath/display(_:)``).
    static func display(_ path: String) -> String { FileSystemPath.display(path) }

    /// Writes results to standard output; a failure (a full disk, a closed pipe) names it.
    static func output(_ data: Data) throws {
        try FileWriting.writeAll(data, to: STDOUT_FILENO, path: "standard output")
    }

    static func output(_ text: String) throws { try output(Data(text.utf8)) }

    /// What a walk left out, one line each (`skipped 12 files that are not images: …`).
    static func report(_ report: FileWalk.Report) {
        for line in report.lines { error(line) }
    }

    /// True when standard error is a terminal (progress lines are drawn only then).
    static let stderrIsTerminal: Bool = isatty(STDERR_FILENO) != 0
}
