import Foundation
import TelltaleDatasets

/// How `telltale score` writes its rows: CSV with a header line, or JSON Lines
/// (one object per line, keys in column order, `null` for missing values). Both
/// are written byte-for-byte deterministically, so a resumed or merged run can be
/// compared with an uninterrupted one. With a face-crop model a JSON Lines row also carries
/// `faces` (``ScoreRow/faces``), after `error`; CSV keeps its five columns.
public enum ScoreFormat: String, Codable, CaseIterable, Sendable {
    case csv
    case jsonl

    /// The header record (CSV only), with its newline.
    public var header: String? {
        switch self {
        case .csv: CSV.record(ScoreRow.columns)
        case .jsonl: nil
        }
    }

    /// One row as text, ending in a newline.
    public func encode(_ row: ScoreRow) -> String {
        switch self {
        case .csv:
            return CSV.record(row.fields)
        case .jsonl:
            func string(_ s: String) -> String { s.isEmpty ? "null" : JSONText.quote(s) }
            return "{\"path\":\(JSONText.quote(row.path)),\"sha256\":\(string(row.sha256)),"
                + "\"score\":\(row.score.isEmpty ? "null" : row.score),\"decision\":\(string(row.decision)),"
                + "\"error\":\(string(row.error))\(row.faces.isEmpty ? "" : ",\"faces\":" + row.faces)}\n"
        }
    }

    /// A complete record (with its newline) read back, or nil when it is not a valid row.
    public func decode(_ record: String) -> ScoreRow? {
        switch self {
        case .csv:
            guard let records = try? CSV.parse(record), records.count == 1,
                  records[0].fields.count == ScoreRow.columns.count else { return nil }
            let f = records[0].fields
            return ScoreRow(path: f[0], sha256: f[1], score: f[2], decision: f[3], error: f[4])
        case .jsonl:
            struct Line: Decodable {
                public var path: String
                public var sha256: String?
                public var score: Double?
                public var decision: String?
                public var error: String?
            }
            guard let line = try? JSONDecoder().decode(Line.self, from: Data(record.utf8)) else { return nil }
            return ScoreRow(path: line.path, sha256: line.sha256 ?? "",
                            score: line.score.map { String(format: "%.6f", $0) } ?? "",
                            decision: line.decision ?? "", error: line.error ?? "")
        }
    }

    /// Whether `bytes` (the text read since the end of the previous record, up to and
    /// including a newline) is a whole record: in CSV a newline inside a quoted field
    /// (an odd number of quotes so far) does not end the record; JSON escapes newlines.
    public func endsRecord(quotesSoFar: Int) -> Bool {
        switch self {
        case .csv: quotesSoFar % 2 == 0
        case .jsonl: true
        }
    }
}
