/// A dense row-major (C order) matrix of 32-bit floats: one row per image,
/// one column per feature.
public struct FloatMatrix: Sendable, Hashable {
    public private(set) var rows: Int
    public let columns: Int
    /// `rows * columns` values, row after row.
    public private(set) var values: [Float]

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns,
                     "FloatMatrix: \(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Stacks equally long rows.
    public init(rows: [[Float]], columns: Int) {
        precondition(rows.allSatisfy { $0.count == columns }, "FloatMatrix: rows of unequal length")
        self.init(rows: rows.count, columns: columns, values: rows.flatMap { $0 })
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Float] {
        Array(values[(i * columns)..<((i + 1) * columns)])
    }

    public subscript(row: Int, column: Int) -> Float {
        values[row * columns + column]
    }

    /// Appends one row.
    public mutating func append(row: [Float]) {
        precondition(row.count == columns, "FloatMatrix: row of \(row.count) values, expected \(columns)")
        values.append(contentsOf: row)
        rows += 1
    }
}
