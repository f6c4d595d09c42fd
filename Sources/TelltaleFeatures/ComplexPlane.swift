/// A complex 2-D array as two real row-major planes (e.g. a centred spectrum).
public struct ComplexPlane: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public var real: [Float]
    public var imaginary: [Float]

    public init(rows: Int, cols: Int, real: [Float], imaginary: [Float]) {
        precondition(real.count == rows * cols && imaginary.count == rows * cols, "plane size mismatch")
        self.rows = rows
        self.cols = cols
        self.real = real
        self.imaginary = imaginary
    }

    /// `|z|²` of every entry.
    public func power() -> [Float] {
        (0..<real.count).map { real[$0] * real[$0] + imaginary[$0] * imaginary[$0] }
    }
}
