/// The rings of ``RingMap`` read from a real plane's half spectrum (FFTW's r2c layout,
/// `rows × (⌊cols/2⌋ + 1)`, zero frequency at (0, 0)) instead of the full centred one.
///
/// A real plane's spectrum is Hermitian, `F(−u, −v) = conj F(u, v)`, so `|F + ε|` (ε real)
/// is the same at both points, and both lie on the same ring (radius of `(−du, −dv)`
/// equals that of `(du, dv)`; for even sizes the Nyquist row and column map to themselves).
/// The half spectrum holds column `v` and, for `0 < v < cols − v`, stands for its mirror
/// too: such entries count twice (``weight``), the columns `v = 0` and `2v = cols` once.
/// Averages over the full spectrum are therefore weighted averages over half of it —
/// the same value with half the logarithms.
struct HalfSpectrumRings: Sendable {
    /// Half-spectrum entries (index `u · (⌊cols/2⌋ + 1) + v`) grouped by ring: ring `r`'s
    /// weight-1 entries are `order[bounds[2r] ..< bounds[2r + 1]]`, its weight-2 entries
    /// `order[bounds[2r + 1] ..< bounds[2r + 2]]`.
    let order: [Int32]
    let bounds: [Int]
    /// Bins of the full spectrum on each ring (``RingMap/count``) = the ring's total weight.
    let count: [Int]

    init(map: RingMap) {
        let rows = map.rows, cols = map.cols, half = cols / 2 + 1
        let rings = map.ringCount
        var lists = [[Int32]](repeating: [], count: 2 * rings)
        for u in 0..<rows {
            let y = (u + rows / 2) % rows
            for v in 0..<half {
                let x = (v + cols / 2) % cols
                let ring = Int(map.ring[y * cols + x])
                let doubled = v != 0 && 2 * v != cols
                lists[2 * ring + (doubled ? 1 : 0)].append(Int32(u * half + v))
            }
        }
        var bounds = [0]
        for list in lists { bounds.append(bounds.last! + list.count) }
        self.order = lists.flatMap { $0 }
        self.bounds = bounds
        self.count = map.count
        for r in 0..<rings {
            let single: Int = bounds[2 * r + 1] - bounds[2 * r]
            let double: Int = bounds[2 * r + 2] - bounds[2 * r + 1]
            assert(single + 2 * double == map.count[r], "half-spectrum weights must add up to the ring sizes")
        }
    }

    /// Number of rings.
    var ringCount: Int { count.count }

    /// For each ring, the mean over the full spectrum of `ln((Re F + ε)² + (Im F)²)`, with
    /// the power clamped below at `floor` — from the half spectrum `spectrum` (interleaved
    /// real and imaginary parts, single precision). The logarithms are summed as products
    /// (``LogSum``), one `log` call per ring.
    func meanLogPower(_ spectrum: UnsafePointer<Float>, epsilon: Float, floor: Double) -> [Double] {
        order.withUnsafeBufferPointer { order in
            let entries = order.baseAddress!
            return (0..<ringCount).map { r in
                // Two running products (even and odd entries of each weight's run) halve the
                // chain of dependent multiplications; their logarithms are added at the end.
                var sums = (LogSum(), LogSum())
                // The weights as literals, so that the inlined `add` has no branch on them.
                accumulate(spectrum, entries, bounds[2 * r]..<bounds[2 * r + 1], weight: 1, epsilon, floor, &sums)
                accumulate(spectrum, entries, bounds[2 * r + 1]..<bounds[2 * r + 2], weight: 2, epsilon, floor, &sums)
                return (sums.0.value + sums.1.value) / Double(count[r])
            }
        }
    }

    /// Adds `weight · ln power` of the entries `order[run]` alternately to the two sums
    /// (a last odd entry to the first), two entries at a time (``LogSum/addAlternately``).
    @inline(__always)
    private func accumulate(_ spectrum: UnsafePointer<Float>, _ order: UnsafePointer<Int32>, _ run: Range<Int>,
                            weight: Int, _ epsilon: Float, _ floor: Double, _ sums: inout (LogSum, LogSum)) {
        let start = order + run.lowerBound, pairs = run.count / 2
        LogSum.addAlternately(&sums.0, &sums.1, pairs: pairs, weight: weight) { j in
            powers(spectrum, start[2 &* j], start[2 &* j &+ 1], epsilon, floor)
        }
        if run.count % 2 == 1 { sums.0.add(power(spectrum, order[run.upperBound - 1], epsilon, floor), weight: weight) }
    }

    /// `max((Re F + ε)² + (Im F)², floor)` of half-spectrum entry `index`, in double.
    @inline(__always)
    private func power(_ spectrum: UnsafePointer<Float>, _ index: Int32, _ epsilon: Float, _ floor: Double) -> Double {
        let i = 2 &* Int(index)
        let re = Double(spectrum[i] + epsilon), im = Double(spectrum[i &+ 1])
        return max(re * re + im * im, floor)
    }

    /// ``power(_:_:_:_:)`` of two entries as the lanes of one vector (the same operations
    /// lane by lane; `max(p, floor)` is `floor ≥ p ? floor : p`, as the scalar `max`).
    @inline(__always)
    private func powers(_ spectrum: UnsafePointer<Float>, _ first: Int32, _ second: Int32, _ epsilon: Float,
                        _ floor: Double) -> SIMD2<Double> {
        let i = 2 &* Int(first), j = 2 &* Int(second)
        let re = SIMD2(Double(spectrum[i] + epsilon), Double(spectrum[j] + epsilon))
        let im = SIMD2(Double(spectrum[i &+ 1]), Double(spectrum[j &+ 1]))
        let p = re * re + im * im, least = SIMD2(repeating: floor)
        return p.replacing(with: least, where: least .>= p)
    }
}
