/// Flat, long-format outputs for re-analysis (pandas, R, a spreadsheet): one row per
/// observation, no nesting.
extension ReportWriter {
    /// One metric of a summary: its name, value and (when bootstrapped) 95 % interval.
    public struct FlatMetric: Sendable, Hashable {
        public var name: String
        public var value: Double
        public var lower: Double?
        public var upper: Double?
        /// The metric hit a zero denominator (no image called fake, or a class absent) and is
        /// reported as 0, as scikit-learn's `zero_division="warn"` does (``ThresholdMetrics/zeroDivision``).
        public var zeroDivision = false
    }

    /// Every number of `s` by name: counts, the threshold metrics (those with a zero
    /// denominator flagged), the threshold-free ones, the operating points and calibration
    /// (those undefined for the set, e.g. ROC AUC with one class, are left out).
    public static func flatMetrics(_ s: MetricSummary) -> [FlatMetric] {
        let m = s.atThreshold, ci = s.intervals
        var out: [FlatMetric] = [
            FlatMetric(name: "count", value: Double(s.count)), FlatMetric(name: "real_count", value: Double(s.realCount)),
            FlatMetric(name: "fake_count", value: Double(s.fakeCount)), FlatMetric(name: "threshold", value: m.threshold),
            FlatMetric(name: "accuracy", value: m.accuracy), FlatMetric(name: "balanced_accuracy", value: m.balancedAccuracy),
            FlatMetric(name: "real_accuracy", value: m.realAccuracy), FlatMetric(name: "fake_accuracy", value: m.fakeAccuracy),
            FlatMetric(name: "precision", value: m.precision, lower: ci?.precision.lower, upper: ci?.precision.upper),
            FlatMetric(name: "recall", value: m.recall, lower: ci?.recall.lower, upper: ci?.recall.upper),
            FlatMetric(name: "f1", value: m.f1), FlatMetric(name: "false_positive_rate", value: m.falsePositiveRate),
        ]
        if let v = s.rocAUC { out.append(FlatMetric(name: "roc_auc", value: v, lower: ci?.rocAUC.lower, upper: ci?.rocAUC.upper)) }
        if let v = s.averagePrecision {
            out.append(FlatMetric(name: "average_precision", value: v, lower: ci?.averagePrecision.lower, upper: ci?.averagePrecision.upper))
        }
        if let v = s.equalErrorRate { out.append(FlatMetric(name: "equal_error_rate", value: v.rate)) }
        for p in s.tprAtFPR ?? [] {
            out.append(FlatMetric(name: "tpr_at_fpr_\(NumberFormat.exact(p.targetFalsePositiveRate))", value: p.truePositiveRate))
        }
        if let o = s.oracleAccuracy {
            out.append(FlatMetric(name: "oracle_accuracy", value: o.accuracy))
            out.append(FlatMetric(name: "oracle_threshold", value: o.threshold))
        }
        if let v = s.brierScore { out.append(FlatMetric(name: "brier_score", value: v)) }
        if let v = s.expectedCalibrationError { out.append(FlatMetric(name: "expected_calibration_error", value: v.value)) }
        let zero: [ThresholdMetrics.Metric: String] = [
            .precision: "precision", .recall: "recall", .f1: "f1", .realAccuracy: "real_accuracy", .fakeAccuracy: "fake_accuracy",
            .balancedAccuracy: "balanced_accuracy", .falsePositiveRate: "false_positive_rate"]
        let flagged = Set(m.zeroDivision.compactMap { zero[$0] })
        for k in out.indices where flagged.contains(out[k].name) { out[k].zeroDivision = true }
        if let r = s.singleClass {
            out.append(FlatMetric(name: (r.metric == .recall ? "recall" : "false_positive_rate") + "_wilson", value: r.rate,
                                  lower: r.wilson.lower, upper: r.wilson.upper))
        }
        return out
    }

    /// `metrics.csv`: `condition,group,metric,value,lower,upper,zero_division`, one row per
    /// number — the whole set (group `(all)`) and each generator row under the unperturbed
    /// condition (`none`), then the whole set under each extra test condition. Empty bounds: no
    /// interval; `zero_division` 1: the metric's denominator was 0 and 0 is reported.
    public static func metricsCSV(_ report: EvaluationReport) -> String {
        var out = "condition,group,metric,value,lower,upper,zero_division\n"
        func add(_ condition: String, _ group: String, _ s: MetricSummary) {
            for f in flatMetrics(s) {
                out += [csvField(condition), csvField(group), f.name, NumberFormat.exact(f.value),
                        f.lower.map(NumberFormat.exact) ?? "", f.upper.map(NumberFormat.exact) ?? "",
                        f.zeroDivision ? "1" : ""].joined(separator: ",") + "\n"
            }
        }
        add("none", "(all)", report.summary)
        for row in report.groups?.rows ?? [] { add("none", row.group, row.summary) }
        for row in report.robustness?.rows ?? [] where row.perturbation != "none" { add(row.perturbation, "(all)", row.summary) }
        return out
    }

    /// `scores-long.csv`: `path,label,group,condition,score,decision`, every image under every
    /// test condition (`none` first), decided at `threshold`.
    public static func longScoresCSV(_ conditions: [(condition: String, items: [ScoredItem])], threshold: Double) -> String {
        var out = "path,label,group,condition,score,decision\n"
        for (condition, items) in conditions {
            for item in items {
                out += [csvField(item.path), String(item.label), csvField(item.group ?? ""), csvField(condition),
                        NumberFormat.exact(item.score), item.score >= threshold ? "fake" : "real"].joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
