import ArgumentParser
import Foundation
import TelltaleLearning
import TelltalePipeline

/// The classifier and its hyper-parameter grid, shared by `train` and `crossval`.
struct TrainingOptions: ParsableArguments {
    typealias ModelKind = TrainingSettings.ModelKind

    @Option(help: "Classifier: logistic (L2 logistic regression, Newton–Cholesky) or mlp (ReLU MLP, Adam).")
    var model: ModelKind = TrainingSettings.defaults.model

    @Option(name: .customLong("C"), help: ArgumentHelp("Inverse L2 strength(s) for logistic regression; several (comma-separated) form a grid searched by cross-validation.", valueName: "values"))
    var c: String = TrainingSettings.text(numbers: TrainingSettings.defaults.cs)

    @Option(help: ArgumentHelp("MLP hidden layer sizes; ';' separates grid settings, ',' layers (e.g. '64;128,32').", valueName: "sizes"))
    var hidden: String = TrainingSettings.text(layerGrid: TrainingSettings.defaults.hidden)

    @Option(help: ArgumentHelp("MLP L2 weight decay value(s), comma-separated for a grid.", valueName: "values"))
    var weightDecay: String = TrainingSettings.text(numbers: TrainingSettings.defaults.weightDecays)

    @Option(help: "MLP maximum epochs (early stopping on a validation split ends training sooner).")
    var epochs: Int = TrainingSettings.defaults.epochs

    @Option(help: "MLP mini-batch size.")
    var batchSize: Int = TrainingSettings.defaults.batchSize

    @Option(help: "MLP Adam learning rate.")
    var learningRate: Double = TrainingSettings.defaults.learningRate

    @Option(help: "MLP early stopping: epochs without a validation-loss improvement before stopping.")
    var patience: Int = TrainingSettings.defaults.patience

    @Option(help: "Class weighting: none, or balanced (weights inversely proportional to class frequency, as scikit-learn).")
    var classWeight: ClassWeighting = TrainingSettings.defaults.classWeight

    @Option(help: "Folds of stratified (and, with groups, grouped) cross-validation for model selection; 0 disables it.")
    var cv: Int = TrainingSettings.defaults.cv

    @Flag(help: "Group the cross-validation folds by the rows' group column (e.g. a near-duplicate cluster or source id from a manifest), so that no group straddles folds.")
    var groupedCv = false

    @Option(help: "Seed of every random choice (folds, initial weights, mini-batches, augmentation).")
    var seed: UInt64 = TrainingSettings.defaults.seed

    func validate() throws {
        do {
            try settings().validate()
        } catch let error as PipelineError {
            throw ValidationError("--\(error.description)")
        }
    }

    /// The options as plain values (parsing the comma- and semicolon-separated lists).
    func settings() throws -> TrainingSettings {
        guard let sizes = TrainingSettings.layerGrid(hidden) else {
            throw ValidationError("--hidden takes positive layer sizes (',' between layers, ';' between settings), not '\(hidden)'")
        }
        guard let cs = TrainingSettings.numbers(c) else { throw ValidationError("--C takes comma-separated numbers, not '\(c)'") }
        guard let decays = TrainingSettings.numbers(weightDecay) else {
            throw ValidationError("--weight-decay takes comma-separated numbers, not '\(weightDecay)'")
        }
        return TrainingSettings(model: model, cs: cs, hidden: sizes, weightDecays: decays, epochs: epochs,
                                batchSize: batchSize, learningRate: learningRate, patience: patience,
                                classWeight: classWeight, cv: cv, groupedCV: groupedCv, seed: seed)
    }
}

extension ClassWeighting: ExpressibleByArgument {}
extension TrainingSettings.ModelKind: ExpressibleByArgument {}
