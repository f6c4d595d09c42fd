import TelltaleSupport

/// Seeded test data drawn from ``SeededGenerator``, the generator the pipeline uses.
public enum SeededData {
    /// `count` integers below 2^bits (bits ≤ 32).
    public static func samples(_ count: Int, bits: Int, seed: UInt64) -> [UInt32] {
        var rng = SeededGenerator(seed: seed)
        let shift = UInt64(64 - min(bits, 32))
        return (0..<count).map { _ in UInt32(rng.next() >> shift) }
    }

    /// `count` indices drawn uniformly with replacement from `0..<bound`.
    public static func indices(_ count: Int, below bound: Int, seed: UInt64) -> [Int] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in rng.nextIndex(below: bound) }
    }
}
