import TelltaleLearning

extension BenchSpec {
    /// The classifier and its hyper-parameter grid (see ``TrainingSettings``, whose
    /// defaults these are; the MLP's mini-batch size, learning rate and patience are not
    /// spec fields and take ``TrainingSettings/defaults``' values).
    public struct Model: Codable, Equatable {
        public var kind: TrainingSettings.ModelKind = TrainingSettings.defaults.model
        /// Logistic regression: inverse L2 strengths; several are a grid searched by cross-validation.
        public var C: [Double] = TrainingSettings.defaults.cs
        /// MLP: hidden layer sizes per grid setting, e.g. `[[64], [128, 32]]`.
        public var hidden: [[Int]] = TrainingSettings.defaults.hidden
        public var weightDecay: [Double] = TrainingSettings.defaults.weightDecays
        public var epochs: Int = TrainingSettings.defaults.epochs
        public var classWeight: ClassWeighting = TrainingSettings.defaults.classWeight
        /// Folds of cross-validation for model selection (0: off).
        public var cv: Int = TrainingSettings.defaults.cv
        public var groupedCV: Bool = TrainingSettings.defaults.groupedCV

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
            let given = Set(c.allKeys.compactMap { TrainingSettings.Parameter(rawValue: $0.stringValue) })
            if let ignored = settings(seed: 0).inapplicable(given).first {
                throw DecodingError.dataCorruptedError(forKey: CodingKeys(rawValue: ignored.rawValue)!, in: c,
                    debugDescription: "\(ignored.rawValue) applies to kind \(ignored.model.rawValue); kind \(kind.rawValue) would ignore it")
            }
        }

        /// Writes the fields that apply to `kind` only (a resolved spec says what was used).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            switch kind {
            case .logistic:
                try c.encode(C, forKey: .C)
            case .mlp:
                try c.encode(hidden, forKey: .hidden)
                try c.encode(weightDecay, forKey: .weightDecay)
                try c.encode(epochs, forKey: .epochs)
            }
            try c.encode(classWeight, forKey: .classWeight)
            try c.encode(cv, forKey: .cv)
            try c.encode(groupedCV, forKey: .groupedCV)
        }

        public func settings(seed: UInt64) -> TrainingSettings {
            TrainingSettings(model: kind, cs: C, hidden: hidden, weightDecays: weightDecay, epochs: epochs,
                             classWeight: classWeight, cv: cv, groupedCV: groupedCV, seed: seed)
        }
    }
}
