/// The cross-validated scores of one grid setting: per-fold ROC AUC (`nil` where a
/// test fold held one class), and the means over folds of ROC AUC (over the folds
/// where it is defined), log-loss and accuracy at 0.5, with the AUC's standard
/// deviation across folds.
public struct SettingScore: Codable, Sendable, Equatable {
    public var parameters: [String: String]
    public var foldROCAUC: [Double?]
    public var meanROCAUC: Double
    public var stdROCAUC: Double
    public var meanLogLoss: Double
    public var meanAccuracy: Double
}

/// The outcome of a grid search: how the folds were made, every setting's scores,
/// and which setting won (highest mean ROC AUC, then lowest log-loss, then the
/// earliest in the grid).
public struct CrossValidationResult: Codable, Sendable, Equatable {
    public var folds: Int
    public var grouped: Bool
    public var seed: String
    public var settings: [SettingScore]
    public var bestIndex: Int
    /// What the metrics were computed on, when not one row per image: for a model trained on
    /// tile rows, images (out-of-fold tile log-odds combined by the model's tile score).
    /// Absent — not written — for per-image rows.
    public var scoredOn: String?

    public init(folds: Int, grouped: Bool, seed: String, settings: [SettingScore], bestIndex: Int, scoredOn: String? = nil) {
        self.folds = folds
        self.grouped = grouped
        self.seed = seed
        self.settings = settings
        self.bestIndex = bestIndex
        self.scoredOn = scoredOn
    }
}
