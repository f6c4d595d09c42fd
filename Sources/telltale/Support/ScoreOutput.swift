import Foundation
import TelltaleSupport

/// Where `telltale score` writes rows: standard output, or a file appended to and
/// flushed batch by batch (each batch is one `write`, so an interrupted run leaves
/// at most one torn row, which `--resume` detects and redoes). Write errors name
/// the file (or `standard output`) and the operating system's reason.
final class ScoreOutput {
    let path: String?
    private let file: LockedFile?

    /// Standard output.
    init() {
        path = nil
        file = nil
    }

    /// `path`, opened and locked (``LockedFile``) before its existence is looked at, so
    /// that two runs — say a Slurm task requeued while the first attempt still runs, or
    /// two fresh runs started at once — can never both write it. Its content is left
    /// alone until ``keep(upTo:)``.
    init(path: String) throws {
        self.path = path
        file = try LockedFile(path)
    }

    /// True when this run created the file (it did not exist when the lock was taken).
    var created: Bool { file?.created ?? false }

    /// The file's size now (0 for standard output).
    var size: Int64 { file?.size ?? 0 }

    /// Cuts the file to its first `offset` bytes (0 for a fresh run) and appends from there.
    func keep(upTo offset: UInt64) throws {
        try file?.truncate(to: offset)
    }

    func write(_ text: String) throws {
        guard !text.isEmpty else { return }
        if let file {
            try file.write(Data(text.utf8))
        } else {
            try Console.output(text)
        }
    }

    /// Flushes to disk and closes (a file; standard output is left open).
    func close() throws {
        try file?.synchronizeAndClose()
    }

    /// Releases the lock without writing (a refused run).
    func abandon() {
        file?.release()
    }
}
