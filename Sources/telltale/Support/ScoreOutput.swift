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

    /// `path`, truncated to `offset` bytes (0 for a fresh run), positioned at its end.
    init(path: String, keeping offset: UInt64) throws {
        if offset == 0 || !FileManager.default.fileExists(atPath: path) {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CLIError("\(path): cannot be created")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CLIError("\(path): cannot be opened for writing") }
        try handle.truncate(atOffset: offset)
        try handle.seekToEnd()
        self.path = path
        self.handle = handle
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
