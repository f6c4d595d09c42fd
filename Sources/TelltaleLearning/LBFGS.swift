/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, 2nd ed.,
/// Algorithms 7.4 and 7.5) with the two-loop recursion, the initial scaling
/// γ = sᵀy / yᵀy, and Armijo backtracking from the unit step. Meant for strictly
/// convex objectives, where sᵀy > 0 holds for every step without a curvature condition.
enum LBFGS {
    /// Minimises from `theta` until `norm(gradient) ≤ tolerance` or `maxIterations`;
    /// `evaluate(θ)` returns f(θ) and ∇f(θ). On return `theta`, `value`, `gradient`
    /// hold the last accepted point. Returns the number of iterations taken.
    static func minimise(theta: inout [Double], value: inout Double, gradient: inout [Double],
                         memory: Int = 10, tolerance: Double, maxIterations: Int,
                         norm: ([Double]) -> Double, evaluate: ([Double]) -> (Double, [Double])) -> Int {
        let p = theta.count
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        var iterations = 0
        while iterations < maxIterations && norm(gradient) > tolerance {
            // Two-loop recursion: r ≈ H⁻¹ g.
            var q = gradient
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for i in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[i] = rhoHistory[i] * dot(sHistory[i], q)
                for j in 0 ..< p { q[j] -= alphas[i] * yHistory[i][j] }
            }
            let gamma: Double
            if let s = sHistory.last, let y = yHistory.last { gamma = dot(s, y) / dot(y, y) }
            else { gamma = 1 / max(dot(gradient, gradient).squareRoot(), 1e-300) }
            for j in 0 ..< p { q[j] *= gamma }
            for i in 0 ..< sHistory.count {
                let beta = rhoHistory[i] * dot(yHistory[i], q)
                for j in 0 ..< p { q[j] += sHistory[i][j] * (alphas[i] - beta) }
            }
            var direction = q.map { -$0 }
            var slope = dot(gradient, direction)
            if !(slope < 0) {
                // Not a descent direction (rounding): restart from steepest descent.
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                direction = gradient.map { -$0 * gamma }
                slope = dot(gradient, direction)
            }
            var step = 1.0
            var accepted: (theta: [Double], value: Double, gradient: [Double])? = nil
            for _ in 0 ..< 40 {
                let candidate = (0 ..< p).map { theta[$0] + step * direction[$0] }
                let (fc, gc) = evaluate(candidate)
                if fc <= value + 1e-4 * step * slope {
                    accepted = (candidate, fc, gc)
                    break
                }
                step *= 0.5
            }
            guard let next = accepted else { break }  // no decrease at rounding level
            iterations += 1
            let s = (0 ..< p).map { next.theta[$0] - theta[$0] }
            let y = (0 ..< p).map { next.gradient[$0] - gradient[$0] }
            let sy = dot(s, y)
            if sy > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot() {
                if sHistory.count == memory { sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst() }
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
            }
            (theta, value, gradient) = next
        }
        return iterations
    }

    @inline(__always) private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0 ..< a.count { sum += a[i] * b[i] }
        return sum
    }
}
