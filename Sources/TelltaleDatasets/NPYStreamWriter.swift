import Foundation
import TelltaleSupport

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
    private let descriptor: Int32
    private var buffer = Data()
    private var finished = false
    private let headerLength: Int
    private static let blockSize = 1 << 20

    /// Starts writing a `.npy` file with `columns` columns at `path`.
    public init(path: String, columns: Int) throws(NPYError) {
        precondition(columns >= 0)
        self.path = path
        self.columns = columns
        do {
            try FileWriting.makeParentFolders(of: path)
            (descriptor, temporaryPath) = try FileWriting.createTemporary(beside: path)
        } catch {
            throw .io(path: path, reason: error.reason)
        }
        let header = NPYHeader(shape: [0, columns]).encoded()
        headerLength = header.count
        buffer.append(contentsOf: header)
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(fileSystemPath(temporaryPath))
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
        finished = true
        do throws(FileError) {
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw FileError("write", path, errno: errno) }
            try FileWriting.writeAll(header, to: descriptor, path: path)
        } catch {
            close(descriptor)
            unlink(fileSystemPath(temporaryPath))
            throw .io(path: path, reason: error.reason)
        }
        do {
            try FileWriting.syncAndClose(descriptor, path: path)  // closes it, even on failure
        } catch {
            unlink(fileSystemPath(temporaryPath))
            throw .io(path: path, reason: error.reason)
        }
        do {
            try FileWriting.moveIntoPlace(temporaryPath, path)
        } catch {
            throw .io(path: path, reason: error.reason)
        }
    }

    /// Abandons the file: the temporary file is removed and the target left untouched.
    public func cancel() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        unlink(fileSystemPath(temporaryPath))
    }

    private func flush() throws(NPYError) {
        guard !buffer.isEmpty else { return }
        do {
            try FileWriting.writeAll(buffer, to: descriptor, path: path)
        } catch {
            throw .io(path: path, reason: error.reason)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
