import Foundation
import TelltaleSupport

/// A fitted logistic regression: the standardiser, the coefficients w (on
/// standardised features) and intercept b, the configuration it was fitted with,
/// and how the solver converged.
public struct LogisticRegressionModel: Codable, Sendable, Equatable {
    public var configuration: LogisticRegression
    public var standardiser: Standardiser
    public var coefficients: [Double]
    public var intercept: Double
    public var convergence: Convergence

    public init(configuration: LogisticRegression, standardiser: Standardiser, coefficients: [Double],
                intercept: Double, convergence: Convergence) {
        self.configuration = configuration
        self.standardiser = standardiser
        self.coefficients = coefficients
        self.intercept = intercept
        self.convergence = convergence
    }

    /// z = w · standardise(x) + b per row (the log-odds of "generated").
    public func decisionFunction(_ x: Matrix) throws -> [Double] {
        guard x.cols == coefficients.count else {
            throw LearningError.featureCountMismatch(expected: coefficients.count, actual: x.cols)
        }
        let d = x.cols
        return (0 ..< x.rows).map { i in
            var z = intercept
            for j in 0 ..< d {
                z += coefficients[j] * ((Double(x[i, j]) - standardiser.mean[j]) / standardiser.scale[j])
            }
            return z
        }
    }

    /// P(label = 1 | x) = σ(z) per row.
    public func predictProbability(_ x: Matrix) throws -> [Double] {
        try decisionFunction(x).map(Logistic.sigmoid)
    }
}

/// The logistic function and the numerically stable pieces of the log-loss.
enum Logistic {
    @inline(__always) static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// log(1 + e^z) without overflow.
    @inline(__always) static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
    }
}
