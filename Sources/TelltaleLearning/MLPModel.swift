import COpenBLAS
import Foundation
import TelltaleSupport

/// A fitted MLP: the standardiser, the layers (hidden ReLU layers then the
/// single-unit output layer), the configuration it was fitted with, and its
/// training history.
public struct MLPModel: Codable, Sendable, Equatable {
    public var configuration: MLPClassifier
    public var standardiser: Standardiser
    public var layers: [DenseLayer]
    public var history: TrainingHistory

    public init(configuration: MLPClassifier, standardiser: Standardiser, layers: [DenseLayer], history: TrainingHistory) {
        self.configuration = configuration
        self.standardiser = standardiser
        self.layers = layers
        self.history = history
    }

    /// The output unit's pre-activation (log-odds of "generated") per row.
    public func decisionFunction(_ x: Matrix) throws -> [Double] {
        guard x.cols == layers[0].inputs else {
            throw LearningError.featureCountMismatch(expected: layers[0].inputs, actual: x.cols)
        }
        openblas_set_num_threads(Int32(configuration.threads))
        let z = try standardiser.transform(x)
        return MLPNetwork.logits(layers: layers, input: z.values, rows: x.rows).map(Double.init)
    }

    /// P(label = 1 | x) per row.
    public func predictProbability(_ x: Matrix) throws -> [Double] {
        try decisionFunction(x).map(Logistic.sigmoid)
    }
}
