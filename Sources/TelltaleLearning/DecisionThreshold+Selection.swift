extension DecisionThreshold {
    /// The threshold that maximises Youden's J = TPR − FPR (equivalently balanced
    /// accuracy; Youden, Cancer 1950) over `probabilities` of held-out rows (for
    /// instance ``CrossValidation/outOfFoldProbabilities(_:x:labels:groups:)``),
    /// placed midway between the two adjacent distinct scores that bracket the best
    /// cut so that it does not sit on a training score. Ties go to the cut closest to 0.5.
    /// Returns the default 0.5 when a class is absent.
    public static func maximisingYoudenJ(labels: [Int], probabilities: [Double]) -> DecisionThreshold {
        let positives = labels.reduce(0, +), negatives = labels.count - positives
        guard positives > 0, negatives > 0, labels.count == probabilities.count else { return DecisionThreshold() }
        let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
        // Cut k: the rows order[0..<k] are called positive. Start with k = 0 (threshold above every score).
        var truePositives = 0, falsePositives = 0
        var bestJ = 0.0, bestThreshold = min(1, (probabilities[order[0]] + 1) / 2)
        var k = 0
        while k < order.count {
            let score = probabilities[order[k]]
            while k < order.count && probabilities[order[k]] == score {
                if labels[order[k]] == 1 { truePositives += 1 } else { falsePositives += 1 }
                k += 1
            }
            let next = k < order.count ? probabilities[order[k]] : 0
            let threshold = (score + next) / 2
            let j = Double(truePositives) / Double(positives) - Double(falsePositives) / Double(negatives)
            if j > bestJ + 1e-12 || (abs(j - bestJ) <= 1e-12 && abs(threshold - 0.5) < abs(bestThreshold - 0.5)) {
                bestJ = j
                bestThreshold = threshold
            }
        }
        return DecisionThreshold(value: bestThreshold, method: "max Youden J on held-out predictions")
    }
}
