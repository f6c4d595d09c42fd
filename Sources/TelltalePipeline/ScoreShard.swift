
/// One shard of a batch-scoring run, written `i/n` with `0 <= i < n`.
///
/// Item `k` (0-based) of the whole sorted input list belongs to shard `k mod n`:
/// round-robin rather than contiguous ranges, so that a folder of unusually large
/// images is spread over every shard. The shards are disjoint and their union is
/// the whole list; `telltale merge-scores` interleaves them back into input order.
public struct ScoreShard: Equatable, Codable, CustomStringConvertible, Sendable {
    public var index: Int
    public var count: Int

    /// The whole input as one shard.
    public static let whole = ScoreShard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `i/n`, or nil when it is not a shard.
    public init?(parsing argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else {
            return nil
        }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// This shard's items of `items`, in order.
    public func select<T>(_ items: [T]) -> [T] {
        guard count > 1 else { return items }
        return stride(from: index, to: items.count, by: count).map { items[$0] }
    }
}
