/// A dense matrix of single-precision values stored row-major (C order): element
/// (i, j) is `values[i * cols + j]`. One row per image, one column per feature: what
/// the extractor produces, a `.npy` feature file holds (float32, C order) and the
/// classifiers read.
///
/// `Float`, not `Double`: features arrive from the extractor as float32 rows, it is
/// half the memory, and it is the layout `cblas_sgemm` (the MLP) reads directly. The
/// logistic-regression solver copies its standardised design matrix into `Double`.
public struct Matrix: Sendable, Hashable {
    public private(set) var rows: Int
    public let cols: Int
    /// `rows * cols` values, row after row.
    public var values: [Float]

    /// A matrix over `values` (row-major, `rows * cols` of them).
    /// - Throws: ``MatrixError/shapeMismatch(expected:actual:)`` when the count differs.
    public init(rows: Int, cols: Int, values: [Float]) throws(MatrixError) {
        guard rows >= 0, cols >= 0, values.count == rows * cols else {
            throw .shapeMismatch(expected: max(rows, 0) * max(cols, 0), actual: values.count)
        }
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A matrix of zeros.
    public init(zeros rows: Int, _ cols: Int) {
        self.rows = rows
        self.cols = cols
        self.values = [Float](repeating: 0, count: rows * cols)
    }

    /// A matrix from equal-length rows (the feature vectors of images); no rows give 0 × 0.
    /// - Throws: ``MatrixError/raggedRow(row:expected:actual:)`` at the first row of another length.
    public init(rows data: [[Float]]) throws(MatrixError) {
        let cols = data.first?.count ?? 0
        var values: [Float] = []
        values.reserveCapacity(data.count * cols)
        for (i, row) in data.enumerated() {
            guard row.count == cols else { throw .raggedRow(row: i, expected: cols, actual: row.count) }
            values.append(contentsOf: row)
        }
        try self.init(rows: data.count, cols: cols, values: values)
    }

    public subscript(row: Int, col: Int) -> Float {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Float] {
        Array(values[i * cols ..< (i + 1) * cols])
    }

    /// The matrix made of the given rows, in the given order.
    public func selecting(rows indices: [Int]) -> Matrix {
        var out = [Float]()
        out.reserveCapacity(indices.count * cols)
        values.withUnsafeBufferPointer { v in
            for i in indices { out.append(contentsOf: v[i * cols ..< (i + 1) * cols]) }
        }
        return Matrix(checkedRows: indices.count, cols: cols, values: out)
    }

    /// Appends one row.
    /// - Throws: ``MatrixError/raggedRow(row:expected:actual:)`` when its length is not `cols`.
    public mutating func append(row: [Float]) throws(MatrixError) {
        guard row.count == cols else { throw .raggedRow(row: rows, expected: cols, actual: row.count) }
        values.append(contentsOf: row)
        rows += 1
    }

    /// Appends the rows of `other`, which must have as many columns.
    /// - Throws: ``MatrixError/raggedRow(row:expected:actual:)`` when the widths differ.
    public mutating func append(rowsOf other: Matrix) throws(MatrixError) {
        guard other.cols == cols else { throw .raggedRow(row: rows, expected: cols, actual: other.cols) }
        values += other.values
        rows += other.rows
    }

    /// For shapes the caller has computed (no check beyond a debug assertion).
    private init(checkedRows rows: Int, cols: Int, values: [Float]) {
        assert(values.count == rows * cols)
        self.rows = rows
        self.cols = cols
        self.values = values
    }
}

/// A matrix whose values do not fit its shape.
public enum MatrixError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `actual` values where the shape needs `expected`.
    case shapeMismatch(expected: Int, actual: Int)
    /// Row `row` (0-based) has `actual` values where the others have `expected`.
    case raggedRow(row: Int, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .shapeMismatch(e, a): return "matrix has \(a) values, its shape needs \(e)"
        case let .raggedRow(r, e, a): return "row \(r) has \(a) features, the first row has \(e)"
        }
    }
}
