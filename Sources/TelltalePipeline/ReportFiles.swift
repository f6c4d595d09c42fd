import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleSupport

/// Writes an evaluation report's files into a folder, each atomically.
public enum ReportFiles {
    /// Returns the names of the files written. `table` holds the features the scores came
    /// from, when a model computed them (the spectra figure); nil for a score file.
    @discardableResult
    public static func write(_ report: EvaluationReport, items: [ScoredItem], table: FeatureFile?, to folder: String) throws -> [String] {
        var written: [String] = []
        func path(_ name: String) -> String {
            written.append(name)
            return URL(fileURLWithPath: folder).appendingPathComponent(name).path
        }
        try AtomicFile.write(try ReportWriter.json(report), to: path("report.json"))
        try AtomicFile.write(ReportWriter.markdown(report), to: path("report.md"))
        try AtomicFile.write(ReportWriter.scoresCSV(items, threshold: report.threshold), to: path("scores.csv"))
        try AtomicFile.write(ReportWriter.failuresCSV(report.decodeFailures), to: path("failures.csv"))
        if let curves = report.curves {
            if let auc = report.summary.rocAUC {
                try AtomicFile.write(Figures.rocCurve(curves.roc, auc: auc), to: path("roc.svg"))
            }
            if let ap = report.summary.averagePrecision {
                try AtomicFile.write(Figures.precisionRecallCurve(curves.precisionRecall, averagePrecision: ap), to: path("pr.svg"))
            }
        }
        if let reliability = report.reliability {
            try AtomicFile.write(Figures.reliabilityDiagram(reliability), to: path("reliability.svg"))
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

    /// Mean azimuthal spectrum (first plane's `spectrum.*` columns) of the real and the fake rows.
    public static func meanSpectra(_ table: FeatureFile) -> (real: [Double], fake: [Double])? {
        guard let first = table.featureNames.firstIndex(where: { $0.hasPrefix("spectrum.") }) else { return nil }
        let prefix = table.featureNames[first].split(separator: ".").prefix(2).joined(separator: ".") + "."
        let columns = table.featureNames.indices.filter { table.featureNames[$0].hasPrefix(prefix) }
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
