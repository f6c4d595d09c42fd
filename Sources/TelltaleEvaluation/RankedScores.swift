/// Scores collapsed to their distinct values in decreasing order, with the
/// (weighted) number of fakes and reals at each value: the common core of the ROC
/// curve, the precision–recall curve and average precision.
///
/// This is scikit-learn's `_binary_clf_curve`: sorting by decreasing score and
/// cutting only between *distinct* values is what makes tied scores move the curve
/// diagonally (a tie between a real and a fake counts ½ in the AUC) — exactly the
/// behaviour of `roc_auc_score`. Items of weight 0 are removed, as scikit-learn does
/// with `sample_weight`; weights are used by the bootstrap (multiplicities).
struct RankedScores: Sendable {
    /// Distinct scores, strictly decreasing.
    var thresholds: [Double]
    /// Cumulative weight of fakes with score ≥ thresholds[k] (TP at thresholds[k]).
    var truePositives: [Double]
    /// Cumulative weight of reals with score ≥ thresholds[k] (FP at thresholds[k]).
    var falsePositives: [Double]

    /// Total fake weight (TP at the lowest threshold).
    var positives: Double { truePositives.last ?? 0 }
    /// Total real weight.
    var negatives: Double { falsePositives.last ?? 0 }

    init(_ data: LabelledScores) {
        let order = RankedScores.decreasingOrder(data.scores)
        self.init(sortedScores: order.map { data.scores[$0] },
                  sortedLabels: order.map { data.labels[$0] },
                  weights: nil)
    }

    /// Indices sorted by decreasing score (stable for equal scores).
    static func decreasingOrder(_ scores: [Double]) -> [Int] {
        Array(scores.indices).sorted { a, b in
            scores[a] != scores[b] ? scores[a] > scores[b] : a < b
        }
    }

    /// From items already sorted by decreasing score, with optional weights.
    init(sortedScores: [Double], sortedLabels: [Int], weights: [Double]?) {
        var thresholds: [Double] = []
        var tps: [Double] = []
        var fps: [Double] = []
        var tp = 0.0, fp = 0.0
        var i = 0
        let n = sortedScores.count
        while i < n {
            let value = sortedScores[i]
            var groupWeight = 0.0
            while i < n && sortedScores[i] == value {
                let w = weights?[i] ?? 1
                if sortedLabels[i] == 1 { tp += w } else { fp += w }
                groupWeight += w
                i += 1
            }
            if groupWeight > 0 {
                thresholds.append(value)
                tps.append(tp)
                fps.append(fp)
            }
        }
        self.thresholds = thresholds
        self.truePositives = tps
        self.falsePositives = fps
    }

    /// From per-distinct-score counts: `groupThresholds` strictly decreasing, with the
    /// weight of fakes and reals at each value; values of total weight 0 are dropped.
    init(groupThresholds: [Double], groupPositives: [Double], groupNegatives: [Double]) {
        var thresholds: [Double] = [], tps: [Double] = [], fps: [Double] = []
        thresholds.reserveCapacity(groupThresholds.count)
        tps.reserveCapacity(groupThresholds.count)
        fps.reserveCapacity(groupThresholds.count)
        var tp = 0.0, fp = 0.0
        for k in groupThresholds.indices where groupPositives[k] + groupNegatives[k] > 0 {
            tp += groupPositives[k]
            fp += groupNegatives[k]
            thresholds.append(groupThresholds[k])
            tps.append(tp)
            fps.append(fp)
        }
        self.thresholds = thresholds
        self.truePositives = tps
        self.falsePositives = fps
    }

    /// Average precision (see ``LabelledScores/averagePrecision()``); requires positives > 0.
    var averagePrecision: Double {
        // AP = Σ_k (R_k − R_{k−1}) · P_k over decreasing thresholds, R_0 = 0.
        let p = positives
        var ap = 0.0
        var previousRecall = 0.0
        for k in thresholds.indices {
            let recall = truePositives[k] / p
            let precision = truePositives[k] / (truePositives[k] + falsePositives[k])
            ap += (recall - previousRecall) * precision
            previousRecall = recall
        }
        return ap
    }

    /// ROC AUC by the trapezoidal rule over the distinct-threshold ROC points
    /// (0,0), (FPR_1,TPR_1), …, (1,1); requires both classes.
    var rocAUC: Double {
        let p = positives, n = negatives
        var area = 0.0
        var x0 = 0.0, y0 = 0.0
        for k in thresholds.indices {
            let x1 = falsePositives[k] / n, y1 = truePositives[k] / p
            area += (x1 - x0) * (y1 + y0) / 2
            x0 = x1; y0 = y1
        }
        return area
    }

    /// (precision, recall) at the cut just below `threshold` (items with score ≥ threshold
    /// predicted fake); precision 0 when nothing is predicted fake.
    func precisionRecall(atThreshold threshold: Double) -> (precision: Double, recall: Double) {
        // Last k with thresholds[k] >= threshold (thresholds decreasing).
        var lo = 0, hi = thresholds.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if thresholds[mid] >= threshold { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return (0, 0) }
        let tp = truePositives[lo - 1], fp = falsePositives[lo - 1]
        let predicted = tp + fp
        return (predicted > 0 ? tp / predicted : 0, positives > 0 ? tp / positives : 0)
    }
}
