/// Several detectors evaluated on the same labelled images, side by side: detector ×
/// generator ROC AUC and average precision (the per-generator rows of each detector's
/// ``EvaluationReport``), with the whole set and the mean over generators, and each
/// detector's metrics at its threshold. The matrix of `telltale evaluate --scores A --scores B …`.
///
/// The numbers compare only when the detectors scored the same images: ``sameImages`` says
/// whether they did (the images each one failed on are left out of its row).
public struct DetectorComparison: Codable, Sendable, Hashable {
    /// One cell: a detector on one generator's row (or on the whole set).
    public struct Cell: Codable, Sendable, Hashable {
        public let reals: Int
        public let fakes: Int
        /// nil when the row holds one class.
        public let rocAUC: Double?
        public let averagePrecision: Double?

        init(_ s: MetricSummary) {
            reals = s.realCount
            fakes = s.fakeCount
            rocAUC = s.rocAUC
            averagePrecision = s.averagePrecision
        }
    }

    /// One detector.
    public struct Row: Codable, Sendable, Hashable {
        public let detector: String
        public let threshold: Double
        /// Images scored (the report's items) and images without a score.
        public let items: Int
        public let failures: Int
        /// The whole set.
        public let all: Cell
        /// At the threshold, on the whole set.
        public let accuracy: Double
        public let realAccuracy: Double
        public let fakeAccuracy: Double
        public let balancedAccuracy: Double
        /// One cell per entry of ``DetectorComparison/groups`` (nil where the detector's report has no such row).
        public let groups: [Cell?]
        /// The reals pooled into the generator rows (nil without groups).
        public let pooling: RealPooling?
        /// The mean over the generator rows (the report's mean row).
        public let meanROCAUC: Double?
        public let meanAveragePrecision: Double?
    }

    /// The generator columns: every per-generator row of any report, sorted by Unicode scalars.
    public let groups: [String]
    public let rows: [Row]
    /// Whether every detector was evaluated on the same images (by path).
    public let sameImages: Bool

    /// Compares `reports`, in the order given (`name` labels each row).
    public init(_ reports: [(name: String, report: EvaluationReport)]) {
        let names = Set(reports.flatMap { $0.report.groups?.rows.map(\.group) ?? [] })
        let groups = names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        self.groups = groups
        rows = reports.map { name, report in
            let table = report.groups
            let m = report.summary.atThreshold
            return Row(detector: name, threshold: report.threshold, items: report.summary.count,
                       failures: report.decodeFailures.count, all: Cell(report.summary), accuracy: m.accuracy,
                       realAccuracy: m.realAccuracy, fakeAccuracy: m.fakeAccuracy, balancedAccuracy: m.balancedAccuracy,
                       groups: groups.map { g in table?.rows.first { $0.group == g }.map { Cell($0.summary) } },
                       pooling: table?.pooling, meanROCAUC: table?.mean.rocAUC, meanAveragePrecision: table?.mean.averagePrecision)
        }
        let paths = reports.map { Set($0.report.items.map { Array($0.path.utf8) }) }
        sameImages = paths.dropFirst().allSatisfy { $0 == paths.first }
    }
}

extension ReportWriter {
    /// A ``DetectorComparison`` as Markdown: the ROC AUC / AP matrix, then each detector at its threshold.
    public static func comparisonMarkdown(_ c: DetectorComparison) -> String {
        var md = "# Detectors compared\n\n"
        if c.sameImages {
            md += "- Every detector was scored on the same \(c.rows.first?.items ?? 0) images.\n"
        } else {
            md += "- **The detectors were not scored on the same images** (see Items and Failures): compare with care.\n"
        }
        let poolings = Set(c.rows.compactMap(\.pooling))
        if poolings.count == 1, let p = poolings.first {
            md += "- Generator columns: \(p == .allReals ? "all real images pooled into every generator" : "each generator against its own reals").\n"
        } else if poolings.count > 1 {
            md += "- Generator columns: **the detectors' rows were pooled differently** (see their reports).\n"
        }
        func pair(_ cell: DetectorComparison.Cell?) -> String {
            guard let cell else { return "" }
            return "\(NumberFormat.percent(cell.rocAUC)) / \(NumberFormat.percent(cell.averagePrecision))"
        }
        md += "\n## ROC AUC / AP (%)\n\n| Detector | Items | Failures | All | "
        md += c.groups.map(cell).joined(separator: " | ") + (c.groups.isEmpty ? "" : " | Mean |") + "\n"
        md += "|---|---:|---:|---:|" + String(repeating: "---:|", count: c.groups.isEmpty ? 0 : c.groups.count + 1) + "\n"
        for row in c.rows {
            md += "| \(cell(row.detector)) | \(row.items) | \(row.failures) | \(pair(row.all)) |"
            if !c.groups.isEmpty {
                md += " " + row.groups.map(pair).joined(separator: " | ")
                md += " | \(NumberFormat.percent(row.meanROCAUC)) / \(NumberFormat.percent(row.meanAveragePrecision)) |"
            }
            md += "\n"
        }
        md += "\n## At each detector's threshold (%)\n\n| Detector | Threshold | Acc | Real acc | Fake acc | Bal. acc |\n"
        md += "|---|---:|---:|---:|---:|---:|\n"
        for row in c.rows {
            let values = [row.accuracy, row.realAccuracy, row.fakeAccuracy, row.balancedAccuracy]
            md += "| \(cell(row.detector)) | \(NumberFormat.exact(row.threshold)) | "
            md += values.map(NumberFormat.percent).joined(separator: " | ") + " |\n"
        }
        return md
    }
}
