import Foundation

/// Where the CLI talks to people: stderr for diagnostics and progress, stdout for results.
enum Console {
    /// Writes a line to standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// True when standard error is a terminal (progress lines are drawn only then).
    static let stderrIsTerminal: Bool = isatty(STDERR_FILENO) != 0
}
