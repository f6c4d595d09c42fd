import Foundation

/// Transform matrices and ring maps, built once per size and shared by all threads.
///
/// A lock-protected dictionary per kind; the values are immutable arrays, so a
/// caller may use what it got after the lock is released.
final class TransformCache: @unchecked Sendable {
    static let shared = TransformCache()

    private let lock = NSLock()
    private var dct: [Int: [Float]] = [:]
    private var dft: [Int: [Float]] = [:]
    private var halfDFT: [Int: [Float]] = [:]
    private var rings: [Size: RingMap] = [:]
    private var halfRings: [Size: HalfSpectrumRings] = [:]
    private var twiddles: [Size: DCTTwiddles] = [:]

    struct Size: Hashable { let rows: Int, cols: Int }

    /// ``DCTMatrix/orthonormal(_:)`` of side `n`.
    func dctMatrix(_ n: Int) -> [Float] {
        lock.lock(); defer { lock.unlock() }
        if let m = dct[n] { return m }
        let m = DCTMatrix.orthonormal(n)
        dct[n] = m
        return m
    }

    /// ``DFTMatrix/centredCosSin(_:)`` of side `n`.
    func dftMatrix(_ n: Int) -> [Float] {
        lock.lock(); defer { lock.unlock() }
        if let m = dft[n] { return m }
        let m = DFTMatrix.centredCosSin(n)
        dft[n] = m
        return m
    }

    /// ``DFTMatrix/halfCosSin(_:)`` of side `n`.
    func halfDFTMatrix(_ n: Int) -> [Float] {
        lock.lock(); defer { lock.unlock() }
        if let m = halfDFT[n] { return m }
        let m = DFTMatrix.halfCosSin(n)
        halfDFT[n] = m
        return m
    }

    /// ``RingMap`` of a centred `rows × cols` spectrum.
    func ringMap(rows: Int, cols: Int) -> RingMap {
        let key = Size(rows: rows, cols: cols)
        lock.lock(); defer { lock.unlock() }
        if let m = rings[key] { return m }
        let m = RingMap(rows: rows, cols: cols)
        rings[key] = m
        return m
    }

    /// ``HalfSpectrumRings`` of a `rows × cols` plane's r2c half spectrum.
    func halfSpectrumRings(rows: Int, cols: Int) -> HalfSpectrumRings {
        let key = Size(rows: rows, cols: cols)
        lock.lock(); defer { lock.unlock() }
        if let m = halfRings[key] { return m }
        let m = HalfSpectrumRings(map: RingMap(rows: rows, cols: cols))
        halfRings[key] = m
        return m
    }

    /// ``DCTTwiddles`` of a `rows × cols` plane.
    func dctTwiddles(rows: Int, cols: Int) -> DCTTwiddles {
        let key = Size(rows: rows, cols: cols)
        lock.lock(); defer { lock.unlock() }
        if let t = twiddles[key] { return t }
        let t = DCTTwiddles(rows: rows, cols: cols)
        twiddles[key] = t
        return t
    }
}
