/// A summary of an MLP's training: losses per epoch (training loss is the mean
/// mini-batch loss without the penalty; validation loss the weighted mean
/// cross-entropy on the held-out rows, empty without a validation split), the
/// epoch whose weights were kept, and whether early stopping ended training.
public struct TrainingHistory: Codable, Sendable, Equatable {
    public var epochs: Int
    public var bestEpoch: Int
    public var trainingLoss: [Double]
    public var validationLoss: [Double]
    public var stoppedEarly: Bool

    public init(epochs: Int, bestEpoch: Int, trainingLoss: [Double], validationLoss: [Double], stoppedEarly: Bool) {
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.trainingLoss = trainingLoss
        self.validationLoss = validationLoss
        self.stoppedEarly = stoppedEarly
    }
}
