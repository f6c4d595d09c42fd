import TelltaleLearning

/// The classifier, its hyper-parameter grid and the model-selection procedure as
/// plain values: what ``Trainer`` needs, built from the `train`/`crossval` options
/// (``TrainingOptions``) or from a `bench` spec (``BenchSpec``).
struct TrainingSettings: Sendable, Equatable {
    enum ModelKind: String, Codable, Sendable, CaseIterable {
        case logistic
        case mlp
    }

    var model: ModelKind = .logistic
    /// Inverse L2 strengths (logistic regression); several form a grid.
    var cs: [Double] = [1]
    /// MLP hidden layer sizes per grid setting (one or two layers each).
    var hidden: [[Int]] = [[64]]
    /// MLP L2 weight decays; several form a grid.
    var weightDecays: [Double] = [0.0001]
    /// MLP maximum epochs.
    var epochs: Int = 200
    /// MLP mini-batch size.
    var batchSize: Int = 32
    /// MLP Adam learning rate.
    var learningRate: Double = 1e-3
    /// MLP early stopping: epochs without a validation-loss improvement.
    var patience: Int = 20
    var classWeight: ClassWeighting = .none
    /// Folds of cross-validation for model selection; 0 disables it.
    var cv: Int = 5
    /// Group the folds by the rows' group column.
    var groupedCV: Bool = false
    /// Seed of every random choice (folds, initial weights, mini-batches, augmentation).
    var seed: UInt64 = 0

    /// Throws a ``CLIError`` naming the first invalid value.
    func validate() throws {
        if cv == 1 || cv < 0 { throw CLIError("cv must be 0 (off) or at least 2") }
        if epochs < 1 { throw CLIError("epochs must be positive") }
        if batchSize < 1 { throw CLIError("batch-size must be positive") }
        if patience < 1 { throw CLIError("patience must be positive") }
        if !(learningRate > 0 && learningRate.isFinite) { throw CLIError("learning-rate must be positive") }
        switch model {
        case .logistic:
            if cs.isEmpty { throw CLIError("C needs at least one value") }
            if cs.contains(where: { !($0 > 0 && $0.isFinite) }) { throw CLIError("C values must be positive") }
        case .mlp:
            if hidden.isEmpty || hidden.contains(where: { $0.isEmpty || $0.count > 2 }) {
                throw CLIError("hidden takes one or two layer sizes per setting")
            }
            if hidden.contains(where: { $0.contains { $0 < 1 } }) { throw CLIError("hidden layer sizes must be positive") }
            if weightDecays.isEmpty || weightDecays.contains(where: { !($0 >= 0 && $0.isFinite) }) {
                throw CLIError("weight decay needs at least one value, each 0 or positive")
            }
        }
    }

    /// The grid of estimators to cross-validate (one element: no search).
    func estimators() throws -> [Estimator] {
        try validate()
        switch model {
        case .logistic:
            return Estimator.logisticGrid(base: LogisticRegression(classWeighting: classWeight), cs: cs)
        case .mlp:
            var base = MLPClassifier()
            base.maxEpochs = epochs
            base.batchSize = batchSize
            base.learningRate = learningRate
            base.patience = patience
            base.classWeighting = classWeight
            return Estimator.mlpGrid(base: base, hiddenSizes: hidden, weightDecays: weightDecays)
        }
    }
}
