extension ReportWriter {
    /// The report as Markdown tables to paste into a paper: a summary with
    /// bootstrap intervals, the per-generator table with its mean row, the
    /// robustness table, the cross-generator matrix and the decode failures.
    /// Rates are percentages with one decimal; "n/a" marks an undefined metric.
    public static func markdown(_ report: EvaluationReport) -> String {
        var md = "# \(report.title)\n\n"
        let s = report.summary
        let failures = report.scoreSource == nil ? "decode failures" : "images without a score"
        md += "- Items: \(s.count) (\(s.realCount) real, \(s.fakeCount) fake); \(failures): \(report.decodeFailures.count)\n"
        if let source = report.scoreSource { md += scoreSourceLines(source) }
        md += "- Decision threshold: \(NumberFormat.exact(report.threshold)) (predict fake when score ≥ threshold)\n"
        if let choice = report.thresholdChoice {
            let what = choice.criterion == .maximumFalsePositiveRate ? "false-positive rate ≤" : "precision ≥"
            md += "- Threshold chosen on validation data for \(what) \(NumberFormat.exact(choice.target))\n"
        }
        if let b = report.bootstrap {
            md += "- Intervals: \(NumberFormat.fixed(b.confidence * 100, 0)) % percentile bootstrap, "
            md += "\(b.resamples) resamples stratified by class, seed \(b.seed)\n"
        }
        md += "\n" + summaryTable(s)
        if let groups = report.groups, !groups.rows.isEmpty {
            md += "\n" + groupTable(groups)
        } else if let groups = report.groups {
            md += "\n## Per generator\n\nNo fake images, so no per-generator rows (groups with real images only: "
            md += groups.realOnlyGroups.map(cell).joined(separator: ", ") + ").\n"
        }
        if let robustness = report.robustness { md += "\n" + robustnessTable(robustness) }
        if let matrix = report.crossGenerator { md += "\n" + crossGeneratorTables(matrix) }
        if !report.decodeFailures.isEmpty {
            md += "\n## \(report.scoreSource == nil ? "Decode failures" : "Images without a score") (\(report.decodeFailures.count))\n\n| Path | Reason |\n|---|---|\n"
            for f in report.decodeFailures { md += "| \(cell(f.path)) | \(cell(f.reason)) |\n" }
        }
        return md
    }

    static func summaryTable(_ s: MetricSummary) -> String {
        let m = s.atThreshold
        let ci = s.intervals
        func interval(_ i: ConfidenceInterval?) -> String {
            guard let i else { return "" }
            return "[\(NumberFormat.percent(i.lower)), \(NumberFormat.percent(i.upper))]"
        }
        var md = "## Summary (%)\n\n| Metric | Value | CI |\n|---|---:|---:|\n"
        let single = s.singleClass
        var rows: [(String, Double?, ConfidenceInterval?)] = [("Accuracy", m.accuracy, nil)]
        if let oracle = s.oracleAccuracy {
            rows.append(("Accuracy at the oracle threshold (\(NumberFormat.fixed(oracle.threshold, 4)))", oracle.accuracy, nil))
        }
        rows += [
            ("Real accuracy", m.realAccuracy, nil),
            ("Fake accuracy", m.fakeAccuracy, nil),
            ("Balanced accuracy", m.balancedAccuracy, nil),
            ("Precision", m.precision, ci?.precision),
            ("Recall", m.recall, ci?.recall ?? (single?.metric == .recall ? single?.bootstrap : nil)),
            ("F1", m.f1, nil),
            ("False-positive rate", m.falsePositiveRate, single?.metric == .falsePositiveRate ? single?.bootstrap : nil),
            ("ROC AUC", s.rocAUC, ci?.rocAUC),
            ("Average precision", s.averagePrecision, ci?.averagePrecision),
            ("Equal error rate", s.equalErrorRate?.rate, nil),
        ]
        for target in MetricSummary.falsePositiveRateTargets {
            let point = s.tprAtFPR?.first { $0.targetFalsePositiveRate == target }
            rows.append(("TPR at \(NumberFormat.percentTarget(target)) FPR", point?.truePositiveRate, nil))
        }
        for (name, value, i) in rows { md += "| \(name) | \(NumberFormat.percent(value)) | \(interval(i)) |\n" }
        let c = m.confusion
        md += "\nConfusion at the threshold: TP \(c.truePositives), FP \(c.falsePositives), "
        md += "TN \(c.trueNegatives), FN \(c.falseNegatives).\n"
        if let brier = s.brierScore, let ece = s.expectedCalibrationError {
            md += "\nCalibration: Brier score \(NumberFormat.fixed(brier, 4)); expected calibration error "
            md += "\(NumberFormat.percent(ece.value)) % (\(ece.bins) equal-width bins).\n"
        } else if let reason = s.calibrationUndefinedReason {
            md += "\n\(reason)\n"
        }
        if let single {
            let what = single.metric == .falsePositiveRate ? "False-positive rate" : "Recall"
            let whom = single.metric == .falsePositiveRate ? "reals called fake" : "fakes detected"
            md += "\n\(single.note) \(what) at the threshold: \(NumberFormat.percent(single.rate)) % "
            md += "(\(single.calledFake) of \(single.count) \(whom)); \(NumberFormat.fixed(single.confidence * 100, 0)) % intervals: "
            if let b = single.bootstrap { md += "bootstrap [\(NumberFormat.percent(b.lower)), \(NumberFormat.percent(b.upper))], " }
            md += "Wilson [\(NumberFormat.percent(single.wilson.lower)), \(NumberFormat.percent(single.wilson.upper))].\n"
        }
        if !m.zeroDivision.isEmpty {
            md += "\nZero division (reported as 0): \(m.zeroDivision.map(\.rawValue).joined(separator: ", ")).\n"
        }
        if let reason = s.undefinedReason { md += "\n\(reason)\n" }
        return md
    }

    static func groupTable(_ t: GroupTable) -> String {
        var md = "## Per generator (%; \(poolingDescription(t)))\n\n"
        md += "| Generator | Reals | Fakes | Acc | Real acc | Fake acc | Bal. acc | Precision | Recall | AUC | AP | EER |\n"
        md += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in t.rows {
            let s = row.summary, m = s.atThreshold
            let values = [m.accuracy, m.realAccuracy, m.fakeAccuracy, m.balancedAccuracy, m.precision, m.recall,
                          s.rocAUC, s.averagePrecision, s.equalErrorRate?.rate]
            md += "| \(cell(row.group)) | \(s.realCount) | \(s.fakeCount) | "
            md += values.map(NumberFormat.percent).joined(separator: " | ") + " |\n"
        }
        let m = t.mean
        let means = [m.accuracy, m.realAccuracy, m.fakeAccuracy, m.balancedAccuracy, m.precision, m.recall,
                     m.rocAUC, m.averagePrecision, m.equalErrorRate]
        md += "| **Mean** (\(m.groups)) | | | " + means.map(NumberFormat.percent).joined(separator: " | ") + " |\n"
        if !t.realOnlyGroups.isEmpty {
            md += "\nGroups with real images only: \(t.realOnlyGroups.map(cell).joined(separator: ", ")).\n"
        }
        return md
    }

    static func robustnessTable(_ t: RobustnessTable) -> String {
        var md = "## Robustness (%)\n\n| Perturbation | Items | Acc | Oracle acc | Real acc | Fake acc | Bal. acc | Precision | Recall "
        md += "| AUC | AP | EER | TPR@1%FPR | TPR@5%FPR | ECE |\n"
        md += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in t.rows {
            let s = row.summary, m = s.atThreshold
            func tpr(_ target: Double) -> Double? { s.tprAtFPR?.first { $0.targetFalsePositiveRate == target }?.truePositiveRate }
            let values = [m.accuracy, s.oracleAccuracy?.accuracy, m.realAccuracy, m.fakeAccuracy, m.balancedAccuracy,
                          m.precision, m.recall, s.rocAUC, s.averagePrecision, s.equalErrorRate?.rate, tpr(0.01), tpr(0.05),
                          s.expectedCalibrationError?.value]
            md += "| \(cell(row.perturbation)) | \(s.count) | " + values.map(NumberFormat.percent).joined(separator: " | ") + " |\n"
        }
        return md
    }

    /// The cross-generator matrix (and leave-one-out rows) as Markdown tables.
    public static func crossGeneratorMarkdown(_ x: CrossGeneratorMatrix) -> String { crossGeneratorTables(x) }

    static func crossGeneratorTables(_ x: CrossGeneratorMatrix) -> String {
        var md = "## Cross-generator (ROC AUC / AP, %)\n\n| Train \\ Test | "
        md += x.testGenerators.map(cell).joined(separator: " | ") + " | Mean AUC (others) |\n"
        md += "|---|" + String(repeating: "---:|", count: x.testGenerators.count + 1) + "\n"
        for train in x.trainGenerators {
            md += "| \(cell(train)) | "
            md += x.testGenerators.map { test in
                guard let c = x.cell(train: train, test: test) else { return "" }
                return "\(NumberFormat.percent(c.rocAUC)) / \(NumberFormat.percent(c.averagePrecision))"
            }.joined(separator: " | ")
            md += " | \(NumberFormat.percent(x.meanOffDiagonalAUC(train: train))) |\n"
        }
        if !x.leaveOneOut.isEmpty {
            md += "\n### Leave one generator out (%)\n\n| Held out | Items | Acc | AUC | AP |\n|---|---:|---:|---:|---:|\n"
            for r in x.leaveOneOut {
                md += "| \(cell(r.heldOut)) | \(r.count) | \(NumberFormat.percent(r.accuracy)) | "
                md += "\(NumberFormat.percent(r.rocAUC)) | \(NumberFormat.percent(r.averagePrecision)) |\n"
            }
        }
        return md
    }

    /// Escapes a Markdown table cell (pipes, line breaks).
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

import Foundation
