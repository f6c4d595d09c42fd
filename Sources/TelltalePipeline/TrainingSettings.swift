import TelltaleLearning

/// The classifier, its hyper-parameter grid and the model-selection procedure as
/// plain values: what ``Trainer`` needs, built from the `train`/`crossval` options
/// (``TrainingOptions``) or from a `bench` spec (``BenchSpec``).
public struct TrainingSettings: Sendable, Equatable {
    public enum ModelKind: String, Codable, Sendable, CaseIterable {
        case logistic
        case mlp
    }

    /// The defaults, in one place (`TrainingSettings()`): the CLI's options and bench
    /// specs take theirs from here, and the MLP's come from ``MLPClassifier/defaults``.
    public static let defaults = TrainingSettings()

    public var model: ModelKind
    /// Inverse L2 strengths (logistic regression); several form a grid.
    public var cs: [Double]
    /// MLP hidden layer sizes per grid setting (one or two layers each).
    public var hidden: [[Int]]
    /// MLP L2 weight decays; several form a grid.
    public var weightDecays: [Double]
    /// MLP maximum epochs.
    public var epochs: Int
    /// MLP mini-batch size.
    public var batchSize: Int
    /// MLP Adam learning rate.
    public var learningRate: Double
    /// MLP early stopping: epochs without a validation-loss improvement.
    public var patience: Int
    public var classWeight: ClassWeighting
    /// Folds of cross-validation for model selection; 0 disables it.
    public var cv: Int
    /// Group the folds by the rows' group column.
    public var groupedCV: Bool
    /// Seed of every random choice (folds, initial weights, mini-batches, augmentation).
    public var seed: UInt64
    /// With tile rows (tiling aggregation `tile-rows`): how tile scores become the image's
    /// (nil: ``TileScore/meanLogit``). Refused for rows that are whole images.
    public var tileScore: TileScore? = nil

    public init(model: ModelKind = .logistic, cs: [Double] = [1], hidden: [[Int]] = [MLPClassifier.defaults.hiddenSizes],
                weightDecays: [Double] = [MLPClassifier.defaults.weightDecay], epochs: Int = MLPClassifier.defaults.maxEpochs,
                batchSize: Int = MLPClassifier.defaults.batchSize, learningRate: Double = MLPClassifier.defaults.learningRate,
                patience: Int = MLPClassifier.defaults.patience, classWeight: ClassWeighting = .none, cv: Int = 5,
                groupedCV: Bool = false, seed: UInt64 = 0) {
        self.model = model
        self.cs = cs
        self.hidden = hidden
        self.weightDecays = weightDecays
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.patience = patience
        self.classWeight = classWeight
        self.cv = cv
        self.groupedCV = groupedCV
        self.seed = seed
    }

    /// The hyper-parameters that belong to one classifier only.
    public enum Parameter: String, Sendable, CaseIterable {
        case C, hidden, weightDecay, epochs, batchSize, learningRate, patience

        /// The classifier this parameter belongs to.
        public var model: ModelKind { self == .C ? .logistic : .mlp }

        /// Its command-line option without the dashes: `C`, `weight-decay`, `batch-size`…
        public var optionName: String {
            rawValue.reduce(into: "") { name, c in
                name += c.isUppercase && !name.isEmpty ? "-" + c.lowercased() : String(c)
            }
        }
    }

    /// Of the parameters given explicitly, those the chosen classifier would ignore
    /// (`C` for an MLP, the MLP's for a logistic regression): an option that would be
    /// ignored is an error, never a silent no-op.
    public func inapplicable(_ given: Set<Parameter>) -> [Parameter] {
        Parameter.allCases.filter { given.contains($0) && $0.model != model }
    }

    /// The number of settings in the grid.
    public var gridSize: Int {
        model == .logistic ? cs.count : hidden.count * weightDecays.count
    }

    /// Throws a ``PipelineError/setting(_:)`` naming the first invalid value.
    public func validate() throws {
        if cv == 1 || cv < 0 { throw PipelineError.setting("cv must be 0 (off) or at least 2") }
        if cv == 0 && gridSize > 1 {
            throw PipelineError.setting("cv 0 with a grid of \(gridSize) settings: without cross-validation only the first would be used — give one value, or cv 2 or more to choose")
        }
        if cv == 0 && groupedCV { throw PipelineError.setting("grouped-cv needs cv 2 or more") }
        if epochs < 1 { throw PipelineError.setting("epochs must be positive") }
        if batchSize < 1 { throw PipelineError.setting("batch-size must be positive") }
        if patience < 1 { throw PipelineError.setting("patience must be positive") }
        if !(learningRate > 0 && learningRate.isFinite) { throw PipelineError.setting("learning-rate must be positive") }
        switch model {
        case .logistic:
            if cs.isEmpty { throw PipelineError.setting("C needs at least one value") }
            if cs.contains(where: { !($0 > 0 && $0.isFinite) }) { throw PipelineError.setting("C values must be positive") }
        case .mlp:
            if hidden.isEmpty || hidden.contains(where: { $0.isEmpty || $0.count > 2 }) {
                throw PipelineError.setting("hidden takes one or two layer sizes per setting")
            }
            if hidden.contains(where: { $0.contains { $0 < 1 } }) { throw PipelineError.setting("hidden layer sizes must be positive") }
            if weightDecays.isEmpty || weightDecays.contains(where: { !($0 >= 0 && $0.isFinite) }) {
                throw PipelineError.setting("weight decay needs at least one value, each 0 or positive")
            }
        }
    }

    /// The grid of estimators to cross-validate (one element: no search).
    public func estimators() throws -> [Estimator] {
        try validate()
        switch model {
        case .logistic:
            return Estimator.logisticGrid(base: LogisticRegression(classWeighting: classWeight), cs: cs)
        case .mlp:
            var base = MLPClassifier.defaults
            base.maxEpochs = epochs
            base.batchSize = batchSize
            base.learningRate = learningRate
            base.patience = patience
            base.classWeighting = classWeight
            return Estimator.mlpGrid(base: base, hiddenSizes: hidden, weightDecays: weightDecays)
        }
    }
}
