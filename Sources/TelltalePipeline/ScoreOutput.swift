import Foundation
import TelltaleSupport

/// Where `telltale score` writes rows: standard output, or a file appended to and
/// flushed batch by batch (each batch is one `write`, so an interrupted run leaves
/// at most one torn row, which `--resume` detects and redoes). Write errors name
/// the file (or `standard output`) and the operating system's reason.
final class ScoreOutput {
    public let path: String?
    private let file: LockedFile?
    private let stream: ((Data) throws -> Void)?

    /// A stream the caller owns (standard output): `write` is called with each batch.
    public init(_ write: @escaping (Data) throws -> Void) {
        path = nil
        file = nil
        stream = write
    }

    /// `path`, opened and locked (``LockedFile``) before its existence is looked at, so
    /// that two runs — say a Slurm task requeued while the first attempt still runs, or
    /// two fresh runs started at once — can never both write it. Its content is left
    /// alone until ``keep(upTo:)``.
    public init(path: String) throws {
        self.path = path
        file = try LockedFile(path)
        stream = nil
    }

    /// True when this run created the file (it did not exist when the lock was taken).
    public var created: Bool { file?.created ?? false }

    /// The file's size now (0 for standard output).
    public var size: Int64 { file?.size ?? 0 }

    /// Cuts the file to its first `offset` bytes (0 for a fresh run) and appends from there.
    public func keep(upTo offset: UInt64) throws {
        try file?.truncate(to: offset)
    }

    public func write(_ text: String) throws {
        guard !text.isEmpty else { return }
        if let file {
            try file.write(Data(text.utf8))
        } else {
            try stream?(Data(text.utf8))
        }
    }

    /// Flushes to disk and closes (a file; standard output is left open).
    public func close() throws {
        try file?.synchronizeAndClose()
    }

    /// Releases the lock without writing (a refused run).
    public func abandon() {
        file?.release()
    }
}
