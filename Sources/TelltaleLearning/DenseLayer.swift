/// One fully connected layer, y = x W + b, with W stored row-major as
/// `inputs × outputs` single-precision values (so a batch of rows times W is one
/// `cblas_sgemm`). Encoded with the values widened to `Double`, which prints the
/// shortest decimal that reads back to the same `Double` and hence the same `Float`.
public struct DenseLayer: Codable, Sendable, Equatable {
    public var inputs: Int
    public var outputs: Int
    public var weights: [Float]
    public var biases: [Float]

    public init(inputs: Int, outputs: Int, weights: [Float], biases: [Float]) {
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.biases = biases
    }

    enum CodingKeys: String, CodingKey { case inputs, outputs, weights, biases }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try c.decode(Int.self, forKey: .inputs)
        outputs = try c.decode(Int.self, forKey: .outputs)
        weights = try c.decode([Double].self, forKey: .weights).map(Float.init)
        biases = try c.decode([Double].self, forKey: .biases).map(Float.init)
        guard weights.count == inputs * outputs, biases.count == outputs else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                debugDescription: "layer \(inputs)×\(outputs) has \(weights.count) weights and \(biases.count) biases"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(weights.map(Double.init), forKey: .weights)
        try c.encode(biases.map(Double.init), forKey: .biases)
    }
}
