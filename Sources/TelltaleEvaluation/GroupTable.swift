/// One row of the per-generator table.
public struct GroupRow: Codable, Sendable, Hashable {
    public let group: String
    public let summary: MetricSummary

    public init(group: String, summary: MetricSummary) {
        self.group = group
        self.summary = summary
    }
}

/// The arithmetic mean of each metric over the rows of a ``GroupTable`` (the
/// "average" column of CNNDetection and GRIP). Threshold metrics are averaged as
/// reported (a zero-division 0 counts as 0); optional metrics are averaged over
/// the rows where they are defined, nil when no row defines them.
public struct GroupMeanRow: Codable, Sendable, Hashable {
    public let groups: Int
    public let accuracy: Double
    public let realAccuracy: Double
    public let fakeAccuracy: Double
    public let balancedAccuracy: Double
    public let precision: Double
    public let recall: Double
    public let f1: Double
    public let rocAUC: Double?
    public let averagePrecision: Double?
    public let equalErrorRate: Double?

    init(_ rows: [GroupRow]) {
        func mean(_ values: [Double]) -> Double {
            values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
        func optionalMean(_ values: [Double?]) -> Double? {
            let defined = values.compactMap { $0 }
            return defined.isEmpty ? nil : mean(defined)
        }
        let m = rows.map(\.summary.atThreshold)
        groups = rows.count
        accuracy = mean(m.map(\.accuracy))
        realAccuracy = mean(m.map(\.realAccuracy))
        fakeAccuracy = mean(m.map(\.fakeAccuracy))
        balancedAccuracy = mean(m.map(\.balancedAccuracy))
        precision = mean(m.map(\.precision))
        recall = mean(m.map(\.recall))
        f1 = mean(m.map(\.f1))
        rocAUC = optionalMean(rows.map(\.summary.rocAUC))
        averagePrecision = optionalMean(rows.map(\.summary.averagePrecision))
        equalErrorRate = optionalMean(rows.map { $0.summary.equalErrorRate?.rate })
    }
}

/// Every metric per generator group, plus a mean row.
///
/// The rows are the distinct groups of the **fake** items, sorted by their Unicode
/// scalars (fakes without a group form the row ``ungroupedName``). The set of row g
/// is the fakes of g plus the reals chosen by ``RealPooling``: its own reals
/// (``RealPooling/sameGroup``) or all reals (``RealPooling/allReals``: every row shares
/// one real set and the real accuracy is the same in every row). The
/// ``RealPoolingRule`` asked for decides which (by default ``RealPoolingRule/auto``:
/// own reals whenever every row has some). Groups that only hold reals get no row;
/// they are listed in ``realOnlyGroups``.
public struct GroupTable: Codable, Sendable, Hashable {
    /// The row name of fakes with no group.
    public static let ungroupedName = "(ungrouped)"

    /// The pooling used for the rows.
    public let pooling: RealPooling
    /// The rule asked for, which chose ``pooling``.
    public let poolingRule: RealPoolingRule
    /// Rows with no real of their own group: why ``RealPoolingRule/auto`` pooled all
    /// reals, or, under ``RealPooling/sameGroup``, the rows with no reals at all.
    public let groupsWithoutOwnReals: [String]
    public let threshold: Double
    public let rows: [GroupRow]
    public let mean: GroupMeanRow
    /// Groups that occur only on reals (no row of their own).
    public let realOnlyGroups: [String]

    /// The labelled set of each row, in row order (for per-group figures): the fakes
    /// of the group plus the reals chosen by `pooling`, items in their original order.
    /// - Throws: `countMismatch` when `groups` does not pair with the items.
    public static func subsets(_ data: LabelledScores, groups: [String?], pooling: RealPooling = .allReals) throws
        -> [(group: String, data: LabelledScores)] {
        guard groups.count == data.count else {
            throw EvaluationError.countMismatch(labels: data.count, scores: groups.count)
        }
        let names = groups.map { $0 ?? GroupTable.ungroupedName }
        let fakeGroups = Set(data.labels.indices.filter { data.labels[$0] == 1 }.map { names[$0] })
        let ordered = fakeGroups.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        return try ordered.map { g in
            let indices = data.labels.indices.filter { i in
                if data.labels[i] == 1 { return names[i] == g }
                switch pooling {
                case .allReals: return true
                case .sameGroup: return names[i] == g
                }
            }
            return (g, try data.subset(indices))
        }
    }

    /// Builds the table.
    /// - Parameters:
    ///   - data: labels and scores of all items.
    ///   - groups: one optional group per item.
    ///   - threshold: predict fake when `score ≥ threshold`.
    ///   - pooling: which reals join each group (default ``RealPoolingRule/auto``).
    ///   - bootstrap: intervals per row, when given.
    /// - Throws: `countMismatch` when `groups` does not pair with the items.
    public init(_ data: LabelledScores, groups: [String?], threshold: Double,
                pooling rule: RealPoolingRule = .default, bootstrap: BootstrapConfiguration? = nil) throws {
        guard groups.count == data.count else {
            throw EvaluationError.countMismatch(labels: data.count, scores: groups.count)
        }
        let pooling = rule.resolve(labels: data.labels, groups: groups)
        let rows = try GroupTable.subsets(data, groups: groups, pooling: pooling).map {
            GroupRow(group: $0.group, summary: MetricSummary($0.data, threshold: threshold, bootstrap: bootstrap))
        }
        let fakeGroups = Set(rows.map(\.group))
        let realGroups = Set(data.labels.indices.filter { data.labels[$0] == 0 }.compactMap { groups[$0] })
        self.pooling = pooling
        self.poolingRule = rule
        self.groupsWithoutOwnReals = RealPoolingRule.groupsWithoutOwnReals(labels: data.labels, groups: groups)
        self.threshold = threshold
        self.rows = rows
        self.mean = GroupMeanRow(rows)
        self.realOnlyGroups = realGroups.subtracting(fakeGroups)
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }
}
