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
}
