/// How an iterative solver ended: iterations used, the final gradient norm
/// (‖∇f‖∞ of the objective divided by the total sample weight, i.e. of the
/// per-sample mean objective), the final objective value, and whether the
/// tolerance was reached before the iteration limit.
public struct Convergence: Codable, Sendable, Equatable {
    public var iterations: Int
    /// How many of the iterations were quasi-Newton (L-BFGS) ones; 0 for solvers without that phase.
    public var quasiNewtonIterations: Int
    public var gradientNorm: Double
    public var objective: Double
    public var converged: Bool

    public init(iterations: Int, quasiNewtonIterations: Int = 0, gradientNorm: Double, objective: Double, converged: Bool) {
        self.iterations = iterations
        self.quasiNewtonIterations = quasiNewtonIterations
        self.gradientNorm = gradientNorm
        self.objective = objective
        self.converged = converged
    }
}
