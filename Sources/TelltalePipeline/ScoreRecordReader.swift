import Foundation

/// Reads a `telltale score` output file record by record without loading it whole
/// (memory stays flat however long the file): each record is returned with the byte
/// offset just past its newline. Bytes after the last newline-terminated record —
/// a row torn by an interrupted run — are never returned; `trailingBytes` tells
/// whether there were any.
final class ScoreRecordReader {
    /// A complete record: its text (with the newline) and where it ends in the file.
    public struct Record {
        public var text: String
        public var end: UInt64
    }

    public let path: String
    private let format: ScoreFormat
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0          // next unread byte in `buffer`
    private var bufferStart: UInt64 = 0  // file offset of buffer[0]
    private var atEOF = false

    public init(path: String, format: ScoreFormat) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PipelineError.file(path, reason: "cannot be opened for reading")
        }
        self.path = path
        self.format = format
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// The next complete record, or nil at the end (see `trailingBytes`).
    public func next() throws -> Record? {
        var quotes = 0
        var scan = position
        while true {
            if scan == buffer.count {
                if atEOF { return nil }
                let scanned = scan - position
                try refill()  // drops the consumed bytes: position becomes 0
                scan = position + scanned
                continue
            }
            let byte = buffer[scan]
            scan += 1
            if byte == UInt8(ascii: "\"") { quotes += 1 }
            if byte == UInt8(ascii: "\n"), format.endsRecord(quotesSoFar: quotes) {
                let text = String(decoding: buffer[position..<scan], as: UTF8.self)
                position = scan
                return Record(text: text, end: bufferStart + UInt64(scan))
            }
        }
    }

    /// Whether bytes not ending a record remain after the last record returned.
    public var trailingBytes: Bool { position < buffer.count }

    /// Drops the consumed bytes and appends the next block of the file.
    private func refill() throws {
        if position > 0 {
            buffer.removeFirst(position)
            bufferStart += UInt64(position)
            position = 0
        }
        guard let block = try handle.read(upToCount: 1 << 20), !block.isEmpty else {
            atEOF = true
            return
        }
        buffer.append(contentsOf: block)
    }
}
