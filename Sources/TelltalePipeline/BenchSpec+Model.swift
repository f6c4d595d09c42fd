import TelltaleLearning

extension BenchSpec {
    /// The classifier and its hyper-parameter grid (see ``TrainingSettings``).
    public struct Model: Codable, Equatable {
        public var kind: TrainingSettings.ModelKind = .logistic
        /// Logistic regression: inverse L2 strengths; several are a grid searched by cross-validation.
        public var C: [Double] = [1]
        /// MLP: hidden layer sizes per grid setting, e.g. `[[64], [128, 32]]`.
        public var hidden: [[Int]] = [[64]]
        public var weightDecay: [Double] = [0.0001]
        public var epochs: Int = 200
        public var classWeight: ClassWeighting = .none
        /// Folds of cross-validation for model selection (0: off).
        public var cv: Int = 5
        public var groupedCV: Bool = false

        public enum CodingKeys: String, CodingKey, CaseIterable {
            case kind, C, hidden, weightDecay, epochs, classWeight, cv, groupedCV
        }

        public init() {}

        public init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decodeIfPresent(TrainingSettings.ModelKind.self, forKey: .kind) ?? kind
            C = try c.decodeIfPresent([Double].self, forKey: .C) ?? C
            hidden = try c.decodeIfPresent([[Int]].self, forKey: .hidden) ?? hidden
            weightDecay = try c.decodeIfPresent([Double].self, forKey: .weightDecay) ?? weightDecay
            epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? epochs
            classWeight = try c.decodeIfPresent(ClassWeighting.self, forKey: .classWeight) ?? classWeight
            cv = try c.decodeIfPresent(Int.self, forKey: .cv) ?? cv
            groupedCV = try c.decodeIfPresent(Bool.self, forKey: .groupedCV) ?? groupedCV
        }

        public func settings(seed: UInt64) -> TrainingSettings {
            TrainingSettings(model: kind, cs: C, hidden: hidden, weightDecays: weightDecay, epochs: epochs,
                             classWeight: classWeight, cv: cv, groupedCV: groupedCV, seed: seed)
        }
    }
}
