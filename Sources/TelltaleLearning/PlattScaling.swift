import Foundation

/// Platt scaling (Platt, "Probabilistic outputs for support vector machines", 1999): a
/// one-dimensional logistic fit of the label on a score s,
///
///     p(s) = 1 / (1 + exp(a·s + b)),
///
/// fitted by ``fit(scores:labels:)`` into a ``PlattScalingModel``, exactly as scikit-learn's
/// `CalibratedClassifierCV(method="sigmoid")` does (`sklearn.calibration._sigmoid_calibration`):
///
/// - **Targets** are Platt's smoothed labels, not 0 and 1: a fake's target is
///   (N₊ + 1)/(N₊ + 2) and a real's 1/(N₋ + 2), with N₊ fakes and N₋ reals (Platt's prior
///   correction, end of his §2.2) — so a set the score separates perfectly still gives a
///   finite slope;
/// - **Objective**: the cross-entropy Σᵢ [log(1 + e^{zᵢ}) − tᵢ zᵢ], zᵢ = −(a·sᵢ + b), without
///   any penalty; start a = 0, b = log((N₋ + 1)/(N₊ + 1));
/// - scores are divided by max |s| when that is 30 or more (and a scaled back), as scikit-learn
///   does for conditioning; the optimum is the same.
///
/// scikit-learn minimises with L-BFGS-B to a gradient of 1e-6; Telltale takes damped Newton
/// steps (the 2×2 Hessian solved in closed form, Armijo backtracking) until ‖∇‖∞ ≤
/// `tolerance` · N, i.e. to the optimum in double precision. When every score is equal the
/// slope is undetermined: a = 0 and p is the mean target.
public struct PlattScaling: Codable, Sendable, Equatable {
    public var maxIterations: Int
    /// Tolerance on ‖∇f‖∞ / N.
    public var tolerance: Double

    public init(maxIterations: Int = 100, tolerance: Double = 1e-13) {
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Fits a and b on `scores` (any real numbers: log-odds, probabilities, a detector's raw
    /// output) and `labels` (1 = fake).
    /// - Throws: ``LearningError`` for mismatched counts, an empty set, labels other than
    ///   0/1, a single class, or a non-finite score.
    public func fit(scores: [Double], labels: [Int]) throws -> PlattScalingModel {
        try TrainingData.validate(scores: scores, labels: labels)
        guard maxIterations > 0, tolerance >= 0 else {
            throw LearningError.invalidParameter("Platt scaling needs maxIterations > 0 and tolerance ≥ 0")
        }
        let n = scores.count
        let positives = Double(labels.reduce(0, +)), negatives = Double(n) - positives
        let target = labels.map { $0 == 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2) }
        let largest = scores.reduce(0) { max($0, abs($1)) }
        let scale = largest >= 30 ? largest : 1
        let f = scores.map { $0 / scale }

        func objective(_ a: Double, _ b: Double) -> Double {
            var sum = 0.0
            for i in 0 ..< n {
                let z = -(a * f[i] + b)
                sum += Logistic.softplus(z) - target[i] * z
            }
            return sum
        }

        if f.allSatisfy({ $0 == f[0] }) {
            let mean = target.reduce(0, +) / Double(n)
            let b = log((1 - mean) / mean)
            return PlattScalingModel(a: 0, b: b, convergence: Convergence(
                iterations: 0, gradientNorm: 0, objective: objective(0, b), converged: true))
        }

        var a = 0.0, b = log((negatives + 1) / (positives + 1))
        var value = objective(a, b)
        var iterations = 0
        var gradientNorm = Double.infinity
        while true {
            // ∂f/∂z = σ(z) − t; z = −(a f + b).
            var ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0
            for i in 0 ..< n {
                let z = -(a * f[i] + b)
                let p = Logistic.sigmoid(z)
                let g = p - target[i], h = p * (1 - p)
                ga -= g * f[i]
                gb -= g
                haa += h * f[i] * f[i]
                hab += h * f[i]
                hbb += h
            }
            gradientNorm = max(abs(ga), abs(gb)) / Double(n)
            if gradientNorm <= tolerance || iterations >= maxIterations { break }
            iterations += 1
            let det = haa * hbb - hab * hab
            var da: Double, db: Double
            if det > 0 && det.isFinite {
                da = -(hbb * ga - hab * gb) / det
                db = -(haa * gb - hab * ga) / det
            } else {
                da = -ga; db = -gb  // steepest descent when the Hessian is numerically singular
            }
            if gradientNorm < 1e-6 {
                // The quadratic region: full Newton steps, which the objective (a sum of N
                // terms) can no longer tell apart from no step at all.
                a += da; b += db; value = objective(a, b)
                continue
            }
            var step = 1.0
            var accepted = false
            let slope = ga * da + gb * db
            while step > 1e-20 {
                let candidate = objective(a + step * da, b + step * db)
                if candidate <= value + 1e-4 * step * slope { a += step * da; b += step * db; value = candidate; accepted = true; break }
                step /= 2
            }
            if !accepted { break }  // no decrease left in double precision: at the optimum
        }
        return PlattScalingModel(a: a / scale, b: b, convergence: Convergence(
            iterations: iterations, gradientNorm: gradientNorm, objective: value / Double(n),
            converged: gradientNorm <= max(tolerance, 1e-9)))
    }
}

/// A fitted Platt scaling: p(s) = 1 / (1 + exp(a·s + b)) (scikit-learn's `_SigmoidCalibration`
/// `a_`, `b_`; a is negative when higher scores mean "more likely fake").
public struct PlattScalingModel: Codable, Sendable, Equatable {
    public var a: Double
    public var b: Double
    /// How the fit ended (Newton iterations, ‖∇‖∞ / N, the mean objective).
    public var convergence: Convergence

    public init(a: Double, b: Double, convergence: Convergence) {
        self.a = a
        self.b = b
        self.convergence = convergence
    }

    /// The calibrated probability of one score.
    public func transform(_ score: Double) -> Double { Logistic.sigmoid(-(a * score + b)) }

    /// The calibrated probabilities of `scores`.
    public func transform(_ scores: [Double]) -> [Double] { scores.map(transform) }
}

