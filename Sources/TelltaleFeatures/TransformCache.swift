import Foundation

/// Transform matrices, ring maps and twiddles, built once per size and shared by all threads.
///
/// A lock-protected dictionary per kind; the values are immutable, so a caller may use
/// what it got after the lock is released.
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

    /// The value at `key` in the dictionary `table`, made by `make` (under the lock) the first time.
    private func cached<Key: Hashable, Value>(_ table: ReferenceWritableKeyPath<TransformCache, [Key: Value]>,
                                              _ key: Key, _ make: () -> Value) -> Value {
        lock.lock(); defer { lock.unlock() }
        if let value = self[keyPath: table][key] { return value }
        let value = make()
        self[keyPath: table][key] = value
        return value
    }

    /// ``DCTMatrix/orthonormal(_:)`` of side `n`.
    func dctMatrix(_ n: Int) -> [Float] { cached(\.dct, n) { DCTMatrix.orthonormal(n) } }

    /// ``DFTMatrix/centredCosSin(_:)`` of side `n`.
    func dftMatrix(_ n: Int) -> [Float] { cached(\.dft, n) { DFTMatrix.centredCosSin(n) } }

    /// ``DFTMatrix/halfCosSin(_:)`` of side `n`.
    func halfDFTMatrix(_ n: Int) -> [Float] { cached(\.halfDFT, n) { DFTMatrix.halfCosSin(n) } }

    /// ``RingMap`` of a centred `rows × cols` spectrum.
    func ringMap(rows: Int, cols: Int) -> RingMap {
        cached(\.rings, Size(rows: rows, cols: cols)) { RingMap(rows: rows, cols: cols) }
    }

    /// ``HalfSpectrumRings`` of a `rows × cols` plane's r2c half spectrum.
    func halfSpectrumRings(rows: Int, cols: Int) -> HalfSpectrumRings {
        cached(\.halfRings, Size(rows: rows, cols: cols)) { HalfSpectrumRings(map: RingMap(rows: rows, cols: cols)) }
    }

    /// ``DCTTwiddles`` of a `rows × cols` plane.
    func dctTwiddles(rows: Int, cols: Int) -> DCTTwiddles {
        cached(\.twiddles, Size(rows: rows, cols: cols)) { DCTTwiddles(rows: rows, cols: cols) }
    }
}
