/// Isotonic regression (pool-adjacent-violators): the non-decreasing step function of a
/// score that fits the labels best in squared error, linearly interpolated between its
/// breakpoints — scikit-learn's `IsotonicRegression(increasing=True, out_of_bounds="clip",
/// y_min=0, y_max=1)`, the calibrator of `CalibratedClassifierCV(method="isotonic")`.
/// Configuration (``yMin``, ``yMax``) apart from the fitted ``IsotonicRegressionModel``.
///
/// ``fit(_:_:)`` does what scikit-learn's `fit` does, step by step:
/// 1. sort the points by score, then by target (`np.lexsort((y, X))`);
/// 2. **ties**: points whose scores differ from the first score of their run by less than
///    1e-15 (numpy's float64 `resolution`, an absolute difference — `_make_unique`) are one
///    point at that first score, with the mean of their targets and their count as weight;
/// 3. weighted pool-adjacent-violators (Ayer et al. 1955; Best & Chakravarti 1990): adjacent
///    blocks whose means decrease are merged into their weighted mean, Σwy / Σw;
/// 4. the fitted values are clipped to [``yMin``, ``yMax``];
/// 5. of each run of equal fitted values only the first and the last point are kept (the
///    interpolation is the same).
///
/// ``IsotonicRegressionModel/transform(_:)`` clips a score to the fitted range [x₀, x_last]
/// (`out_of_bounds="clip"`) and interpolates linearly between the neighbouring breakpoints
/// (`scipy.interpolate.interp1d(kind="linear")`, its arithmetic included).
public struct IsotonicRegression: Codable, Sendable, Equatable {
    /// Bounds on the fitted values (0 and 1 for probabilities).
    public var yMin: Double
    public var yMax: Double

    public init(yMin: Double = 0, yMax: Double = 1) {
        self.yMin = yMin
        self.yMax = yMax
    }

    /// numpy's `finfo(float64).resolution`: scores closer than this to the first of a run are ties.
    public static let tieResolution = 1e-15

    /// Fits the calibration map from `scores` to `labels` (1 = fake).
    /// - Throws: ``LearningError`` for mismatched counts, an empty set, labels other than
    ///   0/1, a single class, or a non-finite score.
    public func fit(scores: [Double], labels: [Int]) throws -> IsotonicRegressionModel {
        try TrainingData.validate(scores: scores, labels: labels)
        return try fit(scores, labels.map(Double.init))
    }

    /// Fits a non-decreasing map from `x` to any real targets `y` (equal weights).
    /// - Throws: ``LearningError`` for mismatched counts, an empty set, non-finite values or
    ///   yMin > yMax.
    public func fit(_ x: [Double], _ y: [Double]) throws -> IsotonicRegressionModel {
        guard x.count == y.count else { throw LearningError.rowCountMismatch(features: x.count, labels: y.count) }
        guard !x.isEmpty else { throw LearningError.emptyTrainingSet }
        guard yMin <= yMax else { throw LearningError.invalidParameter("isotonic regression needs yMin ≤ yMax") }
        if let i = x.indices.first(where: { !x[$0].isFinite || !y[$0].isFinite }) {
            throw LearningError.nonFiniteFeature(row: i, column: 0)
        }
        // 1. Sort by x, then y.
        let order = x.indices.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : (y[$0] != y[$1] ? y[$0] < y[$1] : $0 < $1) }
        // 2. Merge ties (scikit-learn's _make_unique, unit weights).
        var ux: [Double] = [], uy: [Double] = [], uw: [Double] = []
        var currentX = x[order[0]], sumY = 0.0, weight = 0.0
        for i in order {
            if x[i] - currentX >= Self.tieResolution {
                ux.append(currentX); uy.append(sumY / weight); uw.append(weight)
                currentX = x[i]; sumY = y[i]; weight = 1
            } else {
                sumY += y[i]; weight += 1
            }
        }
        ux.append(currentX); uy.append(sumY / weight); uw.append(weight)
        // 3. Pool adjacent violators: blocks of (Σwy, Σw, points).
        var blockSum: [Double] = [], blockWeight: [Double] = [], blockSize: [Int] = []
        for k in uy.indices {
            blockSum.append(uy[k] * uw[k]); blockWeight.append(uw[k]); blockSize.append(1)
            while blockSum.count > 1 {
                let last = blockSum.count - 1
                guard blockSum[last - 1] / blockWeight[last - 1] > blockSum[last] / blockWeight[last] else { break }
                blockSum[last - 1] += blockSum[last]; blockWeight[last - 1] += blockWeight[last]; blockSize[last - 1] += blockSize[last]
                blockSum.removeLast(); blockWeight.removeLast(); blockSize.removeLast()
            }
        }
        var fitted: [Double] = []
        fitted.reserveCapacity(ux.count)
        for b in blockSum.indices {
            // 4. Clipped to the bounds.
            let value = min(max(blockSum[b] / blockWeight[b], yMin), yMax)
            fitted += repeatElement(value, count: blockSize[b])
        }
        // 5. Interior points equal to both neighbours are dropped.
        var keptX: [Double] = [], keptY: [Double] = []
        for k in ux.indices {
            let interior = k > 0 && k < ux.count - 1
            if !interior || fitted[k] != fitted[k - 1] || fitted[k] != fitted[k + 1] {
                keptX.append(ux[k]); keptY.append(fitted[k])
            }
        }
        return IsotonicRegressionModel(xThresholds: keptX, yThresholds: keptY)
    }
}

/// A fitted isotonic regression: breakpoints (x, y), x strictly increasing, y
/// non-decreasing (scikit-learn's `X_thresholds_`, `y_thresholds_`).
public struct IsotonicRegressionModel: Codable, Sendable, Equatable {
    public var xThresholds: [Double]
    public var yThresholds: [Double]

    public init(xThresholds: [Double], yThresholds: [Double]) {
        self.xThresholds = xThresholds
        self.yThresholds = yThresholds
    }

    /// Throws unless the breakpoints are well formed (for a model read from a file).
    public func validate() throws {
        guard !xThresholds.isEmpty, xThresholds.count == yThresholds.count else {
            throw LearningError.invalidParameter("isotonic breakpoints: \(xThresholds.count) x for \(yThresholds.count) y")
        }
        guard (xThresholds + yThresholds).allSatisfy(\.isFinite),
              zip(xThresholds, xThresholds.dropFirst()).allSatisfy({ $0 < $1 }),
              zip(yThresholds, yThresholds.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw LearningError.invalidParameter("isotonic breakpoints must be finite, x increasing and y non-decreasing")
        }
    }

    /// The fitted value at `score`: clipped to [x₀, x_last], then interpolated linearly
    /// (interp1d's arithmetic: slope·(x − x_lo) + y_lo).
    public func transform(_ score: Double) -> Double {
        let n = xThresholds.count
        guard n > 1 else { return yThresholds[0] }
        let x = min(max(score, xThresholds[0]), xThresholds[n - 1])
        // np.searchsorted(xThresholds, x) (side "left"), clipped to [1, n − 1].
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if xThresholds[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        let upper = min(max(lo, 1), n - 1), lower = upper - 1
        let slope = (yThresholds[upper] - yThresholds[lower]) / (xThresholds[upper] - xThresholds[lower])
        return slope * (x - xThresholds[lower]) + yThresholds[lower]
    }

    /// The fitted values of `scores`.
    public func transform(_ scores: [Double]) -> [Double] { scores.map(transform) }
}
