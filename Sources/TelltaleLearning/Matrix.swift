/// A dense matrix of single-precision values stored row-major: element (i, j)
/// is `values[i * cols + j]`.
///
/// Features arrive from the feature extractor as float32 rows, so the learning
/// module keeps them as `Float`: half the memory of `Double` and the layout that
/// `cblas_sgemm` (the MLP) reads directly. The logistic-regression solver copies the
/// standardised design matrix into `Double` for its Newton steps.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public var values: [Float]

    /// A matrix over `values` (row-major, `rows * cols` of them).
    public init(rows: Int, cols: Int, values: [Float]) throws {
        guard rows >= 0, cols >= 0, values.count == rows * cols else {
            throw LearningError.shapeMismatch(expected: rows * cols, actual: values.count)
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

    /// A matrix from equal-length rows (the feature vectors of images).
    public init(rows data: [[Float]]) throws {
        let cols = data.first?.count ?? 0
        var values: [Float] = []
        values.reserveCapacity(data.count * cols)
        for (i, row) in data.enumerated() {
            guard row.count == cols else { throw LearningError.raggedRow(row: i, expected: cols, actual: row.count) }
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
        return try! Matrix(rows: indices.count, cols: cols, values: out)
    }

    /// Throws ``LearningError/nonFiniteFeature(row:column:)`` at the first NaN or infinity.
    public func validateFinite() throws {
        try values.withUnsafeBufferPointer { v in
            for k in 0 ..< v.count where !v[k].isFinite {
                throw LearningError.nonFiniteFeature(row: k / cols, column: k % cols)
            }
        }
    }
}
