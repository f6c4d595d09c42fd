extension ReportWriter {
    /// How the per-generator rows were pooled and why, for the table's heading:
    /// `each generator against its own reals (pooling auto: every generator has its own reals)`.
    public static func poolingDescription(_ t: GroupTable) -> String {
        let used = t.pooling == .allReals ? "all real images pooled into every row" : "each generator against its own reals"
        let missing = t.groupsWithoutOwnReals.map(cell).joined(separator: ", ")
        switch (t.poolingRule, t.pooling) {
        case (.auto, .sameGroup): return "\(used); pooling auto: every generator has its own reals"
        case (.auto, .allReals): return "\(used); pooling auto: no reals of their own for \(missing)"
        case (.sameGroup, _) where !missing.isEmpty: return "\(used); pooling same-group; no reals at all for \(missing)"
        default: return "\(used); pooling \(t.poolingRule.spelling)"
        }
    }

    /// The lines of the report's header that say where external scores came from.
    static func scoreSourceLines(_ source: ScoreSource) -> String {
        var md = "- Scores: \(cell(source.file)) (\(source.format), \(source.rows) row\(source.rows == 1 ? "" : "s"), "
        md += "SHA-256 \(source.sha256.prefix(16))…); labels and groups from "
        md += source.labels == "file" ? "the file" : source.datasets.map(cell).joined(separator: ", ")
        md += "; the detector's errors: \(source.failedRows); images with no row: \(source.unscoredImages); "
        md += "rows for other paths (not used): \(source.unmatchedRows)\n"
        return md
    }
}
