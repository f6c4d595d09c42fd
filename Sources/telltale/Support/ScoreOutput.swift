import Foundation

/// Where `telltale score` writes rows: standard output, or a file appended to and
/// flushed batch by batch (each batch is one `write`, so an interrupted run leaves
/// at most one torn row, which `--resume` detects and redoes).
final class ScoreOutput {
    let path: String?
    private let handle: FileHandle

    /// Standard output.
    init() {
        path = nil
        handle = FileHandle.standardOutput
    }

    /// `path`, created if missing (its content is left alone until `keep(upTo:)`), and
    /// locked (`flock`) so that two runs can never append to the same file — say a Slurm
    /// task requeued while the first attempt is still running.
    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CLIError("\(path): cannot be created")
            }
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else { throw CLIError("\(path): cannot be opened for writing") }
        guard flock(handle.fileDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            try? handle.close()
            throw CLIError("\(path): another telltale process is writing it")
        }
        self.path = path
        self.handle = handle
    }

    /// Cuts the file to its first `offset` bytes (0 for a fresh run) and appends from there.
    func keep(upTo offset: UInt64) throws {
        try handle.truncate(atOffset: offset)
        try handle.seekToEnd()
    }

    func write(_ text: String) throws {
        guard !text.isEmpty else { return }
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Flushes to disk and closes (a file; standard output is left open).
    func close() throws {
        guard path != nil else { return }
        try handle.synchronize()
        try handle.close()
    }
}
