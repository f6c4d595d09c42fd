/// Threshold-free metrics: they rank the scores and need both classes.
extension LabelledScores {
    /// The ROC curve (`sklearn.metrics.roc_curve`, by default with
    /// `drop_intermediate=True` as scikit-learn).
    /// - Throws: ``EvaluationError/singleClass(metric:presentLabel:count:)`` with one class.
    public func rocCurve(dropIntermediate: Bool = true) throws -> ROCCurve {
        try requireBothClasses(for: "The ROC curve")
        return ROCCurve(RankedScores(self), dropIntermediate: dropIntermediate)
    }

    /// ROC AUC, exactly `sklearn.metrics.roc_auc_score`: the trapezoidal area under the
    /// ROC points taken at the *distinct* scores, so a tie between a fake and a real
    /// counts ½ (the AUC equals the Mann–Whitney probability
    /// P(s_fake > s_real) + ½·P(s_fake = s_real)).
    /// - Throws: ``EvaluationError/singleClass(metric:presentLabel:count:)`` with one class.
    public func rocAUC() throws -> Double {
        try requireBothClasses(for: "ROC AUC")
        return RankedScores(self).rocAUC
    }

    /// Average precision, exactly `sklearn.metrics.average_precision_score`:
    /// AP = Σ_k (R_k − R_{k−1}) · P_k over the distinct thresholds in decreasing
    /// order (R_0 = 0) — the step-wise sum, without the interpolation of the
    /// PASCAL VOC 11-point AP nor the trapezoidal area.
    /// - Throws: ``EvaluationError/singleClass(metric:presentLabel:count:)`` with one class
    ///   (scikit-learn warns and returns a degenerate value there; Telltale refuses).
    public func averagePrecision() throws -> Double {
        try requireBothClasses(for: "Average precision")
        return RankedScores(self).averagePrecision
    }

    /// The precision–recall curve (`sklearn.metrics.precision_recall_curve`).
    /// - Throws: ``EvaluationError/singleClass(metric:presentLabel:count:)`` with one class.
    public func precisionRecallCurve() throws -> PrecisionRecallCurve {
        try requireBothClasses(for: "The precision-recall curve")
        return PrecisionRecallCurve(RankedScores(self))
    }

    /// The equal error rate (see ``EqualErrorRate`` for the interpolation).
    /// - Throws: ``EvaluationError/singleClass(metric:presentLabel:count:)`` with one class.
    public func equalErrorRate() throws -> EqualErrorRate {
        try requireBothClasses(for: "The equal error rate")
        return EqualErrorRate(RankedScores(self))
    }

    /// Metrics at `threshold` (predict fake when `score ≥ threshold`).
    public func metrics(atThreshold threshold: Double) -> ThresholdMetrics {
        ThresholdMetrics(self, threshold: threshold)
    }
}
