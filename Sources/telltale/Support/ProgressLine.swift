import Foundation

/// A one-line progress display on stderr (`label  done/total  rate/s  ETA`),
/// redrawn in place at most ten times a second, and only when stderr is a
/// terminal — logs and CI output stay clean.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var done = 0
    private var failed = 0
    private let lock = NSLock()
    private let enabled: Bool

    init(_ label: String, total: Int, enabled: Bool = Console.stderrIsTerminal) {
        self.label = label
        self.total = total
        self.enabled = enabled
    }

    /// Counts one finished item (and whether it failed), redrawing if due.
    func advance(failed itemFailed: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        if itemFailed { failed += 1 }
        guard enabled else { return }
        let now = Date()
        if now.timeIntervalSince(lastDraw) >= 0.1 || done == total {
            lastDraw = now
            draw(now)
        }
    }

    private func draw(_ now: Date) {
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        var line = "\(label)  \(done)/\(total)  \(String(format: "%.1f", rate))/s  ETA \(Self.duration(remaining))"
        if failed > 0 { line += "  (\(failed) failed)" }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Clears the progress line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Seconds elapsed since the display was created.
    var elapsed: TimeInterval { Date().timeIntervalSince(start) }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
            : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
