import Foundation

/// The constants of ``FFT2D/dct(_:rows:cols:)`` (Makhoul's DCT-II through an FFT) for one
/// plane size: `cos` and `sin` of `πk/(2N)` per axis (computed in double, stored as
/// float), and the orthonormal scale per axis with Makhoul's factor ½ folded into the
/// row scale — `√(1/N)` for `k = 0`, `√(2/N)` otherwise.
struct DCTTwiddles: Sendable {
    let rowCos: [Float], rowSin: [Float], rowScale: [Float]
    let colCos: [Float], colSin: [Float], colScale: [Float]

    init(rows: Int, cols: Int) {
        func angles(_ n: Int) -> [Double] { (0..<n).map { Double.pi * Double($0) / Double(2 * n) } }
        func scale(_ n: Int) -> [Double] { (0..<n).map { ($0 == 0 ? 1 / Double(n) : 2 / Double(n)).squareRoot() } }
        rowCos = angles(rows).map { Float(cos($0)) }
        rowSin = angles(rows).map { Float(sin($0)) }
        rowScale = scale(rows).map { Float($0 / 2) }
        colCos = angles(cols).map { Float(cos($0)) }
        colSin = angles(cols).map { Float(sin($0)) }
        colScale = scale(cols).map { Float($0) }
    }
}
