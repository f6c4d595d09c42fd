extension ReportWriter {
    /// Per-image scores as CSV (RFC 4180, `\n` line ends), one row per item in the
    /// given order: `path,label,group,score,decision`, where `decision` is `fake` when
    /// `score ≥ threshold` and `real` otherwise, `score` is the shortest
    /// round-tripping decimal, and a missing group is an empty field.
    public static func scoresCSV(_ items: [ScoredItem], threshold: Double) -> String {
        var out = "path,label,group,score,decision\n"
        for item in items {
            let fields = [
                csvField(item.path), String(item.label), csvField(item.group ?? ""),
                NumberFormat.exact(item.score), item.score >= threshold ? "fake" : "real",
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The decode failures as CSV: `path,reason`.
    public static func failuresCSV(_ failures: [InputFailure]) -> String {
        var out = "path,reason\n"
        for f in failures { out += csvField(f.path) + "," + csvField(f.reason) + "\n" }
        return out
    }

    /// Quotes a field when it holds a comma, quote, CR or LF (quotes doubled).
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
import TelltaleSupport
