import TelltaleSupport

/// A fitted classifier of either kind, as stored in a model file.
public enum TrainedClassifier: Sendable, Equatable {
    case logisticRegression(LogisticRegressionModel)
    case mlp(MLPModel)

    /// The model kind's name in model files.
    public var kind: String {
        switch self {
        case .logisticRegression: return "logistic-regression"
        case .mlp: return "mlp"
        }
    }

    public var standardiser: Standardiser {
        switch self {
        case .logisticRegression(let m): return m.standardiser
        case .mlp(let m): return m.standardiser
        }
    }

    /// Log-odds of "generated" per row.
    public func decisionFunction(_ x: Matrix) throws -> [Double] {
        switch self {
        case .logisticRegression(let m): return try m.decisionFunction(x)
        case .mlp(let m): return try m.decisionFunction(x)
        }
    }

    /// P(generated | x) per row.
    public func predictProbability(_ x: Matrix) throws -> [Double] {
        try decisionFunction(x).map(Logistic.sigmoid)
    }
}

extension TrainedClassifier: Codable {
    enum CodingKeys: String, CodingKey { case kind, logisticRegression, mlp }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "logistic-regression": self = .logisticRegression(try c.decode(LogisticRegressionModel.self, forKey: .logisticRegression))
        case "mlp": self = .mlp(try c.decode(MLPModel.self, forKey: .mlp))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown model kind \(other)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .logisticRegression(let m): try c.encode(m, forKey: .logisticRegression)
        case .mlp(let m): try c.encode(m, forKey: .mlp)
        }
    }
}
