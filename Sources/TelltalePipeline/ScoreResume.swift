import Foundation

/// What an existing output already holds, for `telltale score --resume`.
///
/// Rows are written in input order, so the rows of an interrupted run are a
/// prefix of the shard's input list. Every complete record (newline-terminated,
/// parsing as a row whose path is the next expected path) is kept; a last record
/// that is torn or does not parse is cut away; a bad record before the last one
/// means the file is not ours to continue, and is refused.
public struct ScoreResume {
    /// Rows kept (the next path to score is `paths[kept]`).
    public var kept = 0
    /// Kept rows that record a failure.
    public var failed = 0
    /// Where the kept part ends: the file is truncated here and appended to.
    public var offset: UInt64 = 0

    /// Reads `output`; `kept` sees each row kept (e.g. to check it against the model's
    /// training images, as the rows scored afresh are).
    public init(output: String, format: ScoreFormat, paths: [String], kept keptRow: (ScoreRow) -> Void = { _ in }) throws {
        let reader = try ScoreRecordReader(path: output, format: format)
        var pending = try reader.next()
        if let header = format.header, let first = pending {
            guard first.text == header else {
                if try reader.next() == nil { return }  // a torn or garbled header: start again
                throw PipelineError.file(output, reason: "its first line is not the telltale score header; refusing to resume")
            }
            offset = first.end
            pending = try reader.next()
        }
        while let record = pending {
            let following = try reader.next()
            guard kept < paths.count, let row = format.decode(record.text), row.path == paths[kept] else {
                if following == nil { break }  // the last record is torn: redo it
                let line = kept + (format.header == nil ? 1 : 2)
                throw PipelineError.file(output, reason: "record \(line) is not the row expected for \(kept < paths.count ? paths[kept] : "(no more inputs)"); refusing to resume")
            }
            kept += 1
            keptRow(row)
            if row.failed { failed += 1 }
            offset = record.end
            pending = following
        }
    }
}
