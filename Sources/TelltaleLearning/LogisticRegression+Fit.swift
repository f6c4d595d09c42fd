import COpenBLAS
import Foundation
import TelltaleSupport

extension LogisticRegression {
    /// Fits the model on `x` (rows = images, float32 features) and binary `labels`
    /// (1 = generated). Throws ``LearningError`` for mismatched counts, labels other
    /// than 0/1, a single class, or NaN/infinite features.
    public func fit(_ x: Matrix, labels: [Int]) throws -> LogisticRegressionModel {
        try validateParameters()
        try TrainingData.validate(x, labels: labels)
        openblas_set_num_threads(Int32(threads))
        let standardiser = Standardiser.fit(x)
        let n = x.rows, d = x.cols, p = d + 1
        let design = try standardiser.transformToDouble(x, appendingOnes: true)
        let weights = classWeighting.sampleWeights(labels: labels)
        let totalWeight = weights.reduce(0, +)
        let y = labels.map(Double.init)

        var theta = [Double](repeating: 0, count: p)
        var z = [Double](repeating: 0, count: n)
        var residual = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: p)
        var hessian = [Double](repeating: 0, count: p * p)
        var scaled = [Float](repeating: 0, count: n * p)
        var hessianSingle = [Float](repeating: 0, count: p * p)

        func margins(_ theta: [Double], into z: inout [Double]) {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(p), 1, design, Int32(p), theta, 1, 0, &z, 1)
        }
        func objective(_ theta: [Double], _ z: [Double]) -> Double {
            var loss = 0.0
            for i in 0 ..< n { loss += weights[i] * (Logistic.softplus(z[i]) - y[i] * z[i]) }
            var penalty = 0.0
            for j in 0 ..< d { penalty += theta[j] * theta[j] }
            return c * loss + 0.5 * penalty
        }

        // Gradient C Xᵀ(s∘(p − y)) + (w, 0).
        func computeGradient(_ theta: [Double], _ z: [Double], into gradient: inout [Double]) {
            for i in 0 ..< n { residual[i] = c * weights[i] * (Logistic.sigmoid(z[i]) - y[i]) }
            cblas_dgemv(CblasRowMajor, CblasTrans, Int32(n), Int32(p), 1, design, Int32(p), residual, 1, 0, &gradient, 1)
            for j in 0 ..< d { gradient[j] += theta[j] }
        }

        margins(theta, into: &z)
        var f = objective(theta, z)
        var quasiNewtonIterations = 0
        if let switchTolerance = quasiNewtonTolerance {
            // Cheap L-BFGS iterations (two matrix–vector products each) through the
            // slow early phase, Newton steps for the fast local convergence.
            computeGradient(theta, z, into: &gradient)
            quasiNewtonIterations = LBFGS.minimise(
                theta: &theta, value: &f, gradient: &gradient, tolerance: max(switchTolerance, tolerance), maxIterations: 500,
                norm: { $0.reduce(0) { max($0, abs($1)) } / totalWeight },
                evaluate: { candidate in
                    margins(candidate, into: &z)
                    var g = [Double](repeating: 0, count: p)
                    computeGradient(candidate, z, into: &g)
                    return (objective(candidate, z), g)
                })
            margins(theta, into: &z)
            f = objective(theta, z)
        }
        var iterations = 0
        var gradientNorm = Double.infinity
        var converged = false
        while true {
            computeGradient(theta, z, into: &gradient)
            gradientNorm = gradient.reduce(0) { max($0, abs($1)) } / totalWeight
            if gradientNorm <= tolerance { converged = true; break }
            if iterations == maxIterations { break }
            iterations += 1

            // Hessian BᵀB + diag(1,…,1,0), Bᵢ = √(C sᵢ pᵢ(1 − pᵢ)) xᵢ, accumulated in single
            // precision (ssyrk, twice the double rate): only the step direction is
            // approximate, the gradient and objective stay double, so the fixed point is
            // the exact optimum and convergence stays fast (the error is ~1e-7·cond(H)).
            design.withUnsafeBufferPointer { xa in
                scaled.withUnsafeMutableBufferPointer { b in
                    for i in 0 ..< n {
                        let pi = Logistic.sigmoid(z[i])
                        let r = (c * weights[i] * pi * (1 - pi)).squareRoot()
                        for j in 0 ..< p { b[i * p + j] = Float(r * xa[i * p + j]) }
                    }
                }
            }
            cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(p), Int32(n), 1, scaled, Int32(p), 0, &hessianSingle, Int32(p))
            for k in 0 ..< p * p { hessian[k] = Double(hessianSingle[k]) }
            for j in 0 ..< d { hessian[j * p + j] += 1 }
            // Guard the (unpenalised) intercept when every probability saturates.
            hessian[d * p + d] += 1e-12 * max(1, hessian[d * p + d])
            // Row-major upper triangle = column-major lower triangle.
            var direction = gradient
            var uplo = Int8(UInt8(ascii: "L")), order = Int32(p), one = Int32(1), info = Int32(0)
            dpotrf_(&uplo, &order, &hessian, &order, &info)
            guard info == 0 else { throw LearningError.choleskyFailed(info: Int(info)) }
            dpotrs_(&uplo, &order, &one, hessian, &order, &direction, &order, &info)
            guard info == 0 else { throw LearningError.choleskyFailed(info: Int(info)) }

            // Armijo backtracking along −Δ. Near the optimum the decrease falls below the
            // resolution of f; there a step is accepted when f is unchanged to rounding and
            // the gradient shrinks (the safeguard of scikit-learn's Newton solvers).
            let slope = zip(gradient, direction).reduce(0) { $0 + $1.0 * $1.1 }
            let oldNorm = gradient.reduce(0) { max($0, abs($1)) }
            var step = 1.0
            var candidate = theta
            var accepted = false
            for _ in 0 ..< 40 {
                for j in 0 ..< p { candidate[j] = theta[j] - step * direction[j] }
                margins(candidate, into: &z)
                let fc = objective(candidate, z)
                var accept = fc <= f - 1e-4 * step * slope
                if !accept && abs(fc - f) <= 64 * Double.ulpOfOne * abs(f) {
                    computeGradient(candidate, z, into: &gradient)
                    accept = gradient.reduce(0) { max($0, abs($1)) } < oldNorm
                }
                if accept {
                    theta = candidate
                    f = fc
                    accepted = true
                    break
                }
                step *= 0.5
            }
            if !accepted {
                // No step decreases f or the gradient at floating-point resolution.
                margins(theta, into: &z)
                computeGradient(theta, z, into: &gradient)
                gradientNorm = gradient.reduce(0) { max($0, abs($1)) } / totalWeight
                converged = gradientNorm <= tolerance
                break
            }
        }
        return LogisticRegressionModel(
            configuration: self, standardiser: standardiser,
            coefficients: Array(theta[0 ..< d]), intercept: theta[d],
            convergence: Convergence(iterations: quasiNewtonIterations + iterations, quasiNewtonIterations: quasiNewtonIterations,
                                     gradientNorm: gradientNorm, objective: f, converged: converged))
    }
}
