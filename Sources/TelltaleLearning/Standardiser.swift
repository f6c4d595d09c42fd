import TelltaleSupport

/// Z-scoring of features: x' = (x − μ) / σ per column, with μ and σ (the
/// population standard deviation, ddof = 0, as scikit-learn's `StandardScaler`)
/// fitted on the training rows only. A constant column (σ = 0, or σ below
/// 1e-12·max(1, |μ|)) gets σ = 1, so it maps to 0 rather than NaN.
public struct Standardiser: Codable, Sendable, Equatable {
    public var mean: [Double]
    public var scale: [Double]

    public init(mean: [Double], scale: [Double]) {
        self.mean = mean
        self.scale = scale
    }

    /// Fits μ and σ on `x` (two-pass, in double precision).
    public static func fit(_ x: Matrix) -> Standardiser {
        let n = x.rows, d = x.cols
        var mean = [Double](repeating: 0, count: d)
        var sq = [Double](repeating: 0, count: d)
        x.values.withUnsafeBufferPointer { v in
            for i in 0 ..< n { for j in 0 ..< d { mean[j] += Double(v[i * d + j]) } }
            for j in 0 ..< d { mean[j] /= Double(max(n, 1)) }
            for i in 0 ..< n { for j in 0 ..< d { let t = Double(v[i * d + j]) - mean[j]; sq[j] += t * t } }
        }
        let scale = (0 ..< d).map { j -> Double in
            let s = (sq[j] / Double(max(n, 1))).squareRoot()
            return s <= 1e-12 * max(1, abs(mean[j])) ? 1 : s
        }
        return Standardiser(mean: mean, scale: scale)
    }

    /// The standardised matrix in single precision (for the MLP).
    public func transform(_ x: Matrix) throws -> Matrix {
        guard x.cols == mean.count else { throw LearningError.featureCountMismatch(expected: mean.count, actual: x.cols) }
        var out = x
        let d = x.cols
        let m = mean, s = scale
        out.values.withUnsafeMutableBufferPointer { v in
            for i in 0 ..< x.rows { for j in 0 ..< d { v[i * d + j] = Float((Double(v[i * d + j]) - m[j]) / s[j]) } }
        }
        return out
    }

    /// The standardised matrix in double precision, row-major, with a trailing
    /// column of ones when `appendingOnes` (the intercept's column).
    func transformToDouble(_ x: Matrix, appendingOnes: Bool) throws -> [Double] {
        guard x.cols == mean.count else { throw LearningError.featureCountMismatch(expected: mean.count, actual: x.cols) }
        let d = x.cols, stride = d + (appendingOnes ? 1 : 0)
        var out = [Double](repeating: 1, count: x.rows * stride)
        x.values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0 ..< x.rows { for j in 0 ..< d { o[i * stride + j] = (Double(v[i * d + j]) - mean[j]) / scale[j] } }
            }
        }
        return out
    }
}
