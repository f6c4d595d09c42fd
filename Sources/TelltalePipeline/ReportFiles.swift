import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleSupport

/// Writes an evaluation report's files into a folder, each atomically.
public enum ReportFiles {
    /// Returns the names of the files written. `table` holds the features the scores came
    /// from, when a model computed them (the spectra figure); nil for a score file.
    /// The files of an evaluation (see ``write(_:items:table:conditions:to:)``).
    @discardableResult
    public static func write(_ result: EvaluationRun.Result, to folder: String) throws -> [String] {
        try write(result.report, items: result.items, table: result.table, conditions: result.conditions,
                  provenance: result.provenance, to: folder)
    }

    /// Writes `report.json`, `report.md`, `scores.csv`, `failures.csv`, the flat `metrics.csv`
    /// and `scores-long.csv` (every image under every test condition in `conditions`, or
    /// `items` alone), and the figures, titled with the report's title: the ROC curve
    /// (linear and log-FPR), overlays of the test conditions and of the generators, the
    /// precision–recall curve, the reliability diagram, and the mean spectra.
    @discardableResult
    public static func write(_ report: EvaluationReport, items: [ScoredItem], table: FeatureFile?,
                             conditions: [(condition: String, items: [ScoredItem])] = [], provenance: EvaluationProvenance? = nil,
                             to folder: String) throws -> [String] {
        var written: [String] = []
        func path(_ name: String) -> String {
            written.append(name)
            return URL(fileURLWithPath: folder).appendingPathComponent(name).path
        }
        try AtomicFile.write(try provenance?.json(with: report) ?? ReportWriter.json(report), to: path("report.json"))
        try AtomicFile.write(ReportWriter.markdown(report), to: path("report.md"))
        try AtomicFile.write(ReportWriter.scoresCSV(items, threshold: report.threshold), to: path("scores.csv"))
        try AtomicFile.write(ReportWriter.failuresCSV(report.decodeFailures), to: path("failures.csv"))
        try AtomicFile.write(ReportWriter.metricsCSV(report), to: path("metrics.csv"))
        try AtomicFile.write(ReportWriter.longScoresCSV(conditions.isEmpty ? [("none", items)] : conditions, threshold: report.threshold),
                             to: path("scores-long.csv"))
        let title = report.title
        if let curves = report.curves {
            if let auc = report.summary.rocAUC {
                try AtomicFile.write(Figures.rocCurve(curves.roc, auc: auc, title: "ROC curve — \(title)"), to: path("roc.svg"))
                try AtomicFile.write(Figures.rocCurvesLogFPR([("Detector", curves.roc, auc)], negatives: report.summary.realCount,
                                                             title: "ROC curve, log FPR — \(title)"), to: path("roc-log.svg"))
            }
            if let ap = report.summary.averagePrecision {
                try AtomicFile.write(Figures.precisionRecallCurve(curves.precisionRecall, averagePrecision: ap,
                                                                  title: "Precision-recall curve — \(title)"), to: path("pr.svg"))
            }
        }
        // Overlays: one ROC curve per test condition, and one per generator (its row's reals).
        let byCondition = try conditions.compactMap { c -> (name: String, curve: ROCCurve, auc: Double)? in
            let data = try LabelledScores(items: c.items)
            return data.hasBothClasses ? (c.condition, try data.rocCurve(), try data.rocAUC()) : nil
        }
        if byCondition.count > 1 {
            try AtomicFile.write(Figures.rocCurves(byCondition, title: "ROC curve per test condition — \(title)"),
                                 to: path("roc-conditions.svg"))
        }
        if let groups = report.groups, groups.rows.count > 1, !items.isEmpty {
            let subsets = try GroupTable.subsets(try LabelledScores(items: items), groups: items.map(\.group), pooling: groups.pooling)
            let byGroup = try subsets.filter { $0.data.hasBothClasses }.map { ($0.group, try $0.data.rocCurve(), try $0.data.rocAUC()) }
            if byGroup.count > 1 {
                let pooled = groups.pooling == .allReals ? "all reals pooled" : "each with its own reals"
                try AtomicFile.write(Figures.rocCurves(byGroup, title: "ROC curve per generator (\(pooled)) — \(title)"),
                                     to: path("roc-groups.svg"))
            }
        }
        if let reliability = report.reliability {
            try AtomicFile.write(Figures.reliabilityDiagram(reliability, title: "Reliability diagram — \(title)"), to: path("reliability.svg"))
        }
        if let table, let spectra = meanSpectra(table) {
            // The profile is resampled to a fixed number of bins spanning radius 0 … S/2·√2.
            let svg = Figures.spectra(real: spectra.real, fake: spectra.fake,
                                      xLabel: "Spatial frequency (profile bin, radius 0 → corner)",
                                      yLabel: "Mean 20·ln|F|")
            try AtomicFile.write(svg, to: path("spectra.svg"))
        }
        return written
    }

    /// Mean azimuthal spectrum (first plane's `spectrum.*` columns; with tiles, their means, not
    /// the `.std` columns) of the real and the fake rows.
    public static func meanSpectra(_ table: FeatureFile) -> (real: [Double], fake: [Double])? {
        guard let first = table.featureNames.firstIndex(where: { $0.hasPrefix("spectrum.") }) else { return nil }
        let prefix = table.featureNames[first].split(separator: ".").prefix(2).joined(separator: ".") + "."
        let columns = table.featureNames.indices.filter {
            table.featureNames[$0].hasPrefix(prefix) && !table.featureNames[$0].hasSuffix(".std")
        }
        var sums = [[Double]](repeating: [Double](repeating: 0, count: columns.count), count: 2)
        var counts = [0, 0]
        for (r, row) in table.rows.enumerated() {
            guard let label = row.label?.rawValue else { continue }
            counts[label] += 1
            for (k, c) in columns.enumerated() { sums[label][k] += Double(table.matrix[r, c]) }
        }
        guard counts[0] > 0, counts[1] > 0 else { return nil }
        return (sums[0].map { $0 / Double(counts[0]) }, sums[1].map { $0 / Double(counts[1]) })
    }
}
