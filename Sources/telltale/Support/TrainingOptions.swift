import ArgumentParser
import Foundation
import TelltaleLearning
import TelltalePipeline

/// The classifier and its hyper-parameter grid, shared by `train` and `crossval`.
struct TrainingOptions: ParsableArguments {
    typealias ModelKind = TrainingSettings.ModelKind

    @Option(help: "Classifier: logistic (L2 logistic regression, Newton–Cholesky) or mlp (ReLU MLP, Adam).")
    var model: ModelKind = TrainingSettings.defaults.model

    private static let d = TrainingSettings.defaults

    @Option(name: .customLong("C"), help: ArgumentHelp("Logistic regression: inverse L2 strength(s); several (comma-separated) form a grid searched by cross-validation (default: \(TrainingSettings.text(numbers: d.cs))).", valueName: "values"))
    var c: String?

    @Option(help: ArgumentHelp("MLP: hidden layer sizes; ';' separates grid settings, ',' layers, e.g. '64;128,32' (default: \(TrainingSettings.text(layerGrid: d.hidden))).", valueName: "sizes"))
    var hidden: String?

    @Option(help: ArgumentHelp("MLP: L2 weight decay value(s), comma-separated for a grid (default: \(TrainingSettings.text(numbers: d.weightDecays))).", valueName: "values"))
    var weightDecay: String?

    @Option(help: "MLP: maximum epochs; early stopping on a validation split ends training sooner (default: \(d.epochs)).")
    var epochs: Int?

    @Option(help: "MLP: mini-batch size (default: \(d.batchSize)).")
    var batchSize: Int?

    @Option(help: "MLP: Adam learning rate (default: \(d.learningRate)).")
    var learningRate: Double?

    @Option(help: "MLP: early stopping after this many epochs without a validation-loss improvement (default: \(d.patience)).")
    var patience: Int?

    @Option(help: "Class weighting: none, or balanced (weights inversely proportional to class frequency, as scikit-learn).")
    var classWeight: ClassWeighting = TrainingSettings.defaults.classWeight

    @Option(help: "Folds of stratified (and, with groups, grouped) cross-validation for model selection; 0 disables it (default: \(d.cv)).")
    var cv: Int?

    @Flag(help: "Group the cross-validation folds by the rows' group column (e.g. a near-duplicate cluster or source id from a manifest), so that no group straddles folds.")
    var groupedCv = false

    @Option(help: "Seed of every random choice (folds, initial weights, mini-batches, augmentation).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Run once per seed (comma-separated, e.g. 0,1,2,3,4) and report each number as mean ± std across them.", valueName: "seeds"),
            transform: { text in
                guard let seeds = SeedSpread.seeds(text) else { throw ValidationError("--seeds takes distinct unsigned integers, comma-separated, not '\(text)'") }
                return seeds
            })
    var seeds: [UInt64]?

    /// The seeds to run with: `--seeds`, or `--seed` (default \(TrainingSettings.defaults.seed)).
    var seedList: [UInt64] { seeds ?? [seed ?? Self.d.seed] }

    func validate() throws {
        if seed != nil && seeds != nil { throw ValidationError("give --seed or --seeds, not both") }
        do {
            try settings().validate()
        } catch let error as PipelineError {
            throw ValidationError("--\(error.description)")
        }
    }

    /// The options as plain values (parsing the comma- and semicolon-separated lists). A
    /// parameter of the other classifier is refused: it would be ignored.
    func settings() throws -> TrainingSettings {
        let d = Self.d
        guard let sizes = hidden.map(TrainingSettings.layerGrid) ?? d.hidden else {
            throw ValidationError("--hidden takes positive layer sizes (',' between layers, ';' between settings), not '\(hidden!)'")
        }
        guard let cs = c.map(TrainingSettings.numbers) ?? d.cs else { throw ValidationError("--C takes comma-separated numbers, not '\(c!)'") }
        guard let decays = weightDecay.map(TrainingSettings.numbers) ?? d.weightDecays else {
            throw ValidationError("--weight-decay takes comma-separated numbers, not '\(weightDecay!)'")
        }
        let settings = TrainingSettings(model: model, cs: cs, hidden: sizes, weightDecays: decays, epochs: epochs ?? d.epochs,
                                        batchSize: batchSize ?? d.batchSize, learningRate: learningRate ?? d.learningRate,
                                        patience: patience ?? d.patience, classWeight: classWeight, cv: cv ?? d.cv,
                                        groupedCV: groupedCv, seed: seedList[0])
        let given: [TrainingSettings.Parameter: Bool] = [
            .C: c != nil, .hidden: hidden != nil, .weightDecay: weightDecay != nil, .epochs: epochs != nil,
            .batchSize: batchSize != nil, .learningRate: learningRate != nil, .patience: patience != nil]
        if let ignored = settings.inapplicable(Set(given.filter(\.value).keys)).first {
            throw ValidationError("--\(ignored.optionName) applies to --model \(ignored.model.rawValue); --model \(model.rawValue) would ignore it")
        }
        return settings
    }
}

extension ClassWeighting: ExpressibleByArgument {}
extension TrainingSettings.ModelKind: ExpressibleByArgument {}
