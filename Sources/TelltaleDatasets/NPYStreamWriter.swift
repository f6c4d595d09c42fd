import Foundation

/// Writes a 2-D float32 `.npy` file one row at a time, so a feature matrix of
/// any number of rows is never held in memory.
///
/// The header is written first with a row count of 0; numpy pads the header
/// as if the row count had 21 digits (``NPYHeader``), so its length does not
/// depend on the row count and ``finish()`` rewrites it in place with the
/// final count. Rows go to a hidden temporary file beside the target (in
/// blocks of about 1 MiB), which ``finish()`` flushes to disk and renames over
/// the target: readers see the old file or the whole new one, never a partial
/// one. A writer that is discarded without ``finish()`` deletes its temporary file.
///
/// Not thread-safe: use it from one thread (the consumer of ``OrderedParallelMap``).
public final class NPYStreamWriter {
    /// The final path.
    public let path: String
    public let columns: Int
    /// Rows appended so far.
    public private(set) var rows = 0

    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer = Data()
    private var finished = false
    private let headerLength: Int
    private static let blockSize = 1 << 20

    /// Starts writing a `.npy` file with `columns` columns at `path`.
    public init(path: String, columns: Int) throws(NPYError) {
        precondition(columns >= 0)
        self.path = path
        self.columns = columns
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        temporaryPath = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw .io(path: path, reason: "cannot create \(temporaryPath)")
        }
        self.handle = handle
        let header = NPYHeader(shape: [0, columns]).encoded()
        headerLength = header.count
        buffer.append(contentsOf: header)
    }

    deinit {
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporaryPath)
        }
    }

    /// Appends one row of `columns` values.
    public func append(row: [Float]) throws(NPYError) {
        precondition(!finished, "NPYStreamWriter: append after finish")
        precondition(row.count == columns, "NPYStreamWriter: row of \(row.count) values, expected \(columns)")
        NPY.appendLittleEndian(row[...], to: &buffer)
        rows += 1
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Writes the final header, flushes to disk and renames the file into place.
    public func finish() throws(NPYError) {
        precondition(!finished, "NPYStreamWriter: finish called twice")
        try flush()
        let header = NPYHeader(shape: [rows, columns]).encoded()
        precondition(header.count == headerLength, "NPYStreamWriter: header length changed")
        do {
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: Data(header))
            try handle.synchronize()
            try handle.close()
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        finished = true
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw .io(path: path, reason: "cannot rename into place: \(reason)")
        }
    }

    /// Abandons the file: the temporary file is removed and the target left untouched.
    public func cancel() {
        guard !finished else { return }
        finished = true
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }

    private func flush() throws(NPYError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
