import Foundation

/// Progress on stderr, in one of two forms:
///
/// - **terminal** (stderr is a terminal): one line `label  done/total  rate/s  ETA`,
///   redrawn in place at most ten times a second and cleared at the end;
/// - **log** (stderr is a file or pipe: Slurm, nohup, CI): plain lines
///   `label: done/total (P %), R/s, ETA T[, N failed]`, written no more often than
///   every ``logInterval`` (30 s), and then only once 10 % more of the work is done
///   or ten intervals (5 minutes) have passed since the last line — so a 10-hour run
///   writes a line at least every 5 minutes and a short one every 30 s at most. A
///   run that ends before the first interval writes nothing (test and CI output stay
///   clean); one that wrote lines ends with a final `label: total/total (100 %) in T`.
///
/// `TELLTALE_PROGRESS_INTERVAL=SECONDS` changes the interval of the log form.
final class ProgressLine: @unchecked Sendable {
    enum Mode: Equatable {
        case terminal
        case log(interval: TimeInterval)
        case off
    }

    /// Seconds between two log lines at least: `TELLTALE_PROGRESS_INTERVAL`, else 30.
    static let logInterval: TimeInterval = {
        if let text = ProcessInfo.processInfo.environment["TELLTALE_PROGRESS_INTERVAL"],
           let seconds = Double(text), seconds > 0, seconds.isFinite { return seconds }
        return 30
    }()

    static var defaultMode: Mode { Console.stderrIsTerminal ? .terminal : .log(interval: logInterval) }

    private let label: String
    private let total: Int
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastLog: Date
    private var doneAtLastLog = 0
    private var logged = false
    private var done = 0
    private var failed = 0
    private let lock = NSLock()
    private let mode: Mode
    private let write: (String) -> Void

    init(_ label: String, total: Int, mode: Mode = ProgressLine.defaultMode,
         write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.total = total
        self.mode = mode
        self.write = write
        lastLog = start
    }

    /// Counts one finished item (and whether it failed), drawing or logging if due.
    func advance(failed itemFailed: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        if itemFailed { failed += 1 }
        let now = Date()
        switch mode {
        case .off: return
        case .terminal:
            if now.timeIntervalSince(lastDraw) >= 0.1 || done == total {
                lastDraw = now
                write("\r\u{1B}[K" + terminalLine(now))
            }
        case .log(let interval):
            let since = now.timeIntervalSince(lastLog)
            guard since >= interval, done < total else { return }
            let tenPercent = max(1, (total + 9) / 10)
            guard done - doneAtLastLog >= tenPercent || since >= 10 * interval else { return }
            lastLog = now
            doneAtLastLog = done
            logged = true
            write(logLine(now) + "\n")
        }
    }

    /// Clears the terminal line, or ends a logged run with a final line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        switch mode {
        case .off: return
        case .terminal: write("\r\u{1B}[K")
        case .log:
            guard logged else { return }
            logged = false
            let now = Date()
            let elapsed = now.timeIntervalSince(start)
            var line = "\(label): \(done)/\(total) (\(percent) %) in \(Self.duration(elapsed)), \(rate(now))/s"
            if failed > 0 { line += ", \(failed) failed" }
            write(line + "\n")
        }
    }

    /// Seconds elapsed since the display was created.
    var elapsed: TimeInterval { Date().timeIntervalSince(start) }

    private var percent: Int { total > 0 ? done * 100 / total : 100 }

    private func rate(_ now: Date) -> String {
        String(format: "%.1f", Double(done) / max(now.timeIntervalSince(start), 1e-6))
    }

    private func eta(_ now: Date) -> String {
        let rate = Double(done) / max(now.timeIntervalSince(start), 1e-6)
        return Self.duration(rate > 0 ? Double(max(total - done, 0)) / rate : 0)
    }

    private func terminalLine(_ now: Date) -> String {
        var line = "\(label)  \(done)/\(total)  \(rate(now))/s  ETA \(eta(now))"
        if failed > 0 { line += "  (\(failed) failed)" }
        return line
    }

    private func logLine(_ now: Date) -> String {
        var line = "\(label): \(done)/\(total) (\(percent) %), \(rate(now))/s, ETA \(eta(now))"
        if failed > 0 { line += ", \(failed) failed" }
        return line
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
            : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
