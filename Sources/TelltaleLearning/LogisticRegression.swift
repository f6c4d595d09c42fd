/// L2-regularised binary logistic regression: the configuration (the estimator,
/// as scikit-learn's `LogisticRegression(penalty='l2', C=…)`), fitted by
/// ``fit(_:labels:)`` into a ``LogisticRegressionModel``.
///
/// The objective is scikit-learn's, on standardised features x (see ``Standardiser``):
///
///     f(w, b) = C · Σᵢ sᵢ · [log(1 + e^{zᵢ}) − yᵢ zᵢ] + ½‖w‖²,   zᵢ = w·xᵢ + b,
///
/// with sᵢ the class weights (``ClassWeighting``) and the intercept b unpenalised.
/// It is minimised by Newton's method (iteratively reweighted least squares;
/// Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §4.4.1):
/// each step solves H Δ = ∇f by a Cholesky factorisation (LAPACK `dpotrf`/`dpotrs`),
/// H = C Xᵀ diag(sᵢ pᵢ(1 − pᵢ)) X + diag(1, …, 1, 0), formed with `cblas_ssyrk` in
/// single precision (gradient, objective and solve in double, so the optimum is exact), and
/// is damped by Armijo backtracking. Stops when ‖∇f‖∞ / Σsᵢ ≤ `tolerance`. Newton's
/// method is slow far from the optimum (each step costs O(n p²) yet only shrinks the
/// objective by a fraction while the weights grow), so by default L-BFGS iterations
/// (O(n p) each, ``LBFGS``) take it to ‖∇f‖∞/Σsᵢ ≤ `quasiNewtonTolerance` first.
/// Cost per iteration O(n p²) + O(p³), p = features + 1; a handful of iterations
/// reach machine-precision optima, as scikit-learn's `newton-cholesky` solver.
public struct LogisticRegression: Codable, Sendable, Equatable {
    /// Inverse regularisation strength (larger C, weaker penalty), as in scikit-learn.
    public var c: Double
    public var classWeighting: ClassWeighting
    public var maxIterations: Int
    /// Tolerance on the gradient's max-norm of the per-sample mean objective.
    public var tolerance: Double
    /// OpenBLAS threads for the fit (1 unless given).
    public var threads: Int
    /// L-BFGS (memory 10, at most 500 iterations) runs first, until ‖∇f‖∞/Σsᵢ ≤ this,
    /// and Newton–Cholesky steps finish; `nil` for Newton steps throughout.
    public var quasiNewtonTolerance: Double?

    public init(c: Double = 1, classWeighting: ClassWeighting = .none, maxIterations: Int = 100,
                tolerance: Double = 1e-10, threads: Int = 1, quasiNewtonTolerance: Double? = 1e-4) {
        self.c = c
        self.classWeighting = classWeighting
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.threads = threads
        self.quasiNewtonTolerance = quasiNewtonTolerance
    }

    func validateParameters() throws {
        guard c > 0, c.isFinite else { throw LearningError.invalidParameter("C must be positive and finite, got \(c)") }
        guard maxIterations > 0 else { throw LearningError.invalidParameter("maxIterations must be positive") }
        guard tolerance >= 0 else { throw LearningError.invalidParameter("tolerance must be non-negative") }
        guard threads >= 1 else { throw LearningError.invalidParameter("threads must be at least 1") }
    }
}
