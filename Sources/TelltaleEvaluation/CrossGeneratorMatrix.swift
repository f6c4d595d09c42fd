/// Test scores of a detector trained on `train` and tested on `test`.
public struct CrossGeneratorEvaluation: Sendable, Hashable {
    public var train: String
    public var test: String
    public var data: LabelledScores

    public init(train: String, test: String, data: LabelledScores) {
        self.train = train
        self.test = test
        self.data = data
    }
}

/// Test scores of a detector trained on every generator but `heldOut`, tested on `heldOut`.
public struct LeaveOneOutEvaluation: Sendable, Hashable {
    public var heldOut: String
    public var data: LabelledScores

    public init(heldOut: String, data: LabelledScores) {
        self.heldOut = heldOut
        self.data = data
    }
}

/// One cell of the cross-generator matrix.
public struct CrossGeneratorCell: Codable, Sendable, Hashable {
    public let train: String
    public let test: String
    public let count: Int
    /// Accuracy at the matrix's threshold.
    public let accuracy: Double
    /// nil when the test set holds one class.
    public let rocAUC: Double?
    public let averagePrecision: Double?
}

/// One leave-one-generator-out row.
public struct LeaveOneOutRow: Codable, Sendable, Hashable {
    public let heldOut: String
    public let count: Int
    public let accuracy: Double
    public let rocAUC: Double?
    public let averagePrecision: Double?
}

/// Cross-generator generalisation: train on one generator, test on each other
/// (Wang et al., CNNDetection, CVPR 2020; Ojha et al., UnivFD, CVPR 2023), plus
/// leave-one-generator-out rows.
///
/// Rows and columns follow the order in which generators first appear among the
/// evaluations; a (train, test) pair given twice keeps the last.
public struct CrossGeneratorMatrix: Codable, Sendable, Hashable {
    public let threshold: Double
    public let trainGenerators: [String]
    public let testGenerators: [String]
    public let cells: [CrossGeneratorCell]
    public let leaveOneOut: [LeaveOneOutRow]

    public init(_ evaluations: [CrossGeneratorEvaluation], leaveOneOut: [LeaveOneOutEvaluation] = [],
                threshold: Double = 0.5) {
        func appendOnce(_ list: inout [String], _ value: String) {
            if !list.contains(value) { list.append(value) }
        }
        var trains: [String] = [], tests: [String] = []
        var byPair: [String: CrossGeneratorCell] = [:]
        for e in evaluations {
            appendOnce(&trains, e.train)
            appendOnce(&tests, e.test)
            let s = MetricSummary(e.data, threshold: threshold)
            byPair[CrossGeneratorMatrix.key(e.train, e.test)] = CrossGeneratorCell(
                train: e.train, test: e.test, count: s.count, accuracy: s.atThreshold.accuracy,
                rocAUC: s.rocAUC, averagePrecision: s.averagePrecision)
        }
        self.threshold = threshold
        trainGenerators = trains
        testGenerators = tests
        cells = trains.flatMap { t in tests.compactMap { byPair[CrossGeneratorMatrix.key(t, $0)] } }
        self.leaveOneOut = leaveOneOut.map { e in
            let s = MetricSummary(e.data, threshold: threshold)
            return LeaveOneOutRow(heldOut: e.heldOut, count: s.count, accuracy: s.atThreshold.accuracy,
                                  rocAUC: s.rocAUC, averagePrecision: s.averagePrecision)
        }
    }

    private static func key(_ train: String, _ test: String) -> String { train + "\u{0}" + test }

    /// The cell for a (train, test) pair, if evaluated.
    public func cell(train: String, test: String) -> CrossGeneratorCell? {
        cells.first { $0.train == train && $0.test == test }
    }

    /// Mean AUC of a training generator over the *other* test generators (its
    /// out-of-distribution generalisation); nil when none is defined.
    public func meanOffDiagonalAUC(train: String) -> Double? {
        let values = cells.filter { $0.train == train && $0.test != train }.compactMap(\.rocAUC)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
