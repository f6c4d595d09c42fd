import Foundation

/// The constants of ``FFT2D/dct(_:rows:cols:)`` (Makhoul's DCT-II through an FFT) for one
/// plane size: `cos` and `sin` of `πk/(2N)` per axis (computed in double, stored as float)
/// in one table, and the orthonormal scale per axis — `√(1/N)` for `k = 0`, `√(2/N)`
/// otherwise — with Makhoul's factor ½ folded into the row scale.
struct DCTTwiddles: Sendable {
    let rows: Int, cols: Int
    /// `cos` over the rows, `sin` over the rows, `cos` over the columns, `sin` over the columns.
    let table: [Float]
    /// Row scale for `k₁ = 0` and for `k₁ > 0` (½ included).
    let rowScaleZero: Float, rowScale: Float
    /// Column scale for `k₂ = 0` and for `k₂ > 0`.
    let colScaleZero: Float, colScale: Float

    init(rows: Int, cols: Int) {
        func angles(_ n: Int) -> [Double] { (0..<n).map { Double.pi * Double($0) / Double(2 * n) } }
        self.rows = rows
        self.cols = cols
        table = angles(rows).map { Float(cos($0)) } + angles(rows).map { Float(sin($0)) }
            + angles(cols).map { Float(cos($0)) } + angles(cols).map { Float(sin($0)) }
        rowScaleZero = Float((1 / Double(rows)).squareRoot() / 2)
        rowScale = Float((2 / Double(rows)).squareRoot() / 2)
        colScaleZero = Float((1 / Double(cols)).squareRoot())
        colScale = Float((2 / Double(cols)).squareRoot())
    }
}
