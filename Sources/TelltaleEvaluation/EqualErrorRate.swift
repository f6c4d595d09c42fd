/// The equal error rate: the error at the operating point where the false-positive
/// rate equals the false-negative rate (FPR = FNR = 1 − TPR).
///
/// **Definition used here (interpolated).** Along the ROC curve (all distinct
/// thresholds, starting at (0, 0)) the difference d_k = FNR_k − FPR_k decreases
/// monotonically from d_0 = 1 to −1. Let k be the first point with d_k ≤ 0. If
/// d_k = 0 the EER is FPR_k. Otherwise FPR and FNR are interpolated linearly along
/// the segment from point k−1 to point k, where d crosses zero at
/// λ = d_{k−1} / (d_{k−1} − d_k), giving EER = FPR_{k−1} + λ·(FPR_k − FPR_{k−1})
/// (= FNR at the same place). ``threshold`` is the score threshold of point k, the
/// first at which FNR ≤ FPR.
///
/// **DeepfakeBench's value** (Yan et al., "DeepfakeBench", NeurIPS 2023 Datasets &
/// Benchmarks, `training/metrics/utils.py`) is not interpolated:
/// `fpr[nanargmin(|fnr − fpr|)]` on scikit-learn's default (drop-intermediate)
/// ROC curve; it is reported alongside as ``nearestPointRate`` so that numbers can
/// be compared with that benchmark.
public struct EqualErrorRate: Codable, Sendable, Hashable {
    /// The interpolated equal error rate.
    public let rate: Double
    /// The threshold of the first ROC point at which FNR ≤ FPR.
    public let threshold: Double
    /// DeepfakeBench's nearest-ROC-point EER.
    public let nearestPointRate: Double

    public init(rate: Double, threshold: Double, nearestPointRate: Double) {
        self.rate = rate
        self.threshold = threshold
        self.nearestPointRate = nearestPointRate
    }

    init(_ ranked: RankedScores) {
        let full = ROCCurve(ranked, dropIntermediate: false)
        let fpr = full.falsePositiveRates, fnr = full.falseNegativeRates
        var k = 1
        while k < fpr.count - 1 && fnr[k] - fpr[k] > 0 { k += 1 }
        let dk = fnr[k] - fpr[k]
        if dk == 0 {
            rate = fpr[k]
        } else {
            let dPrev = fnr[k - 1] - fpr[k - 1]
            let lambda = dPrev / (dPrev - dk)
            rate = fpr[k - 1] + lambda * (fpr[k] - fpr[k - 1])
        }
        threshold = full.thresholds[k]

        let dropped = ROCCurve(ranked, dropIntermediate: true)
        let dfpr = dropped.falsePositiveRates, dfnr = dropped.falseNegativeRates
        var best = 0
        for j in dfpr.indices where abs(dfnr[j] - dfpr[j]) < abs(dfnr[best] - dfpr[best]) { best = j }
        nearestPointRate = dfpr[best]
    }
}
