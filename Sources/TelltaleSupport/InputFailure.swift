/// An input that gave no result, and why: a file that could not be read or decoded,
/// an image too small for the features, over its memory budget. Every stage lists
/// these beside its results (a feature file's sidecar, an evaluation report, a
/// predictions file), so no input is dropped without a trace.
///
/// Encoded as `{"path": …, "reason": …}`, with `"split"` when the input had one.
public struct InputFailure: Sendable, Hashable, Codable {
    /// The input's path as the user gave it (or as the walk found it).
    public var path: String
    /// Why it gave no result, in words a user can act on.
    public var reason: String
    /// The dataset split the input belonged to (`train`, `val`, `test`…), if any: a feature
    /// file's failures are chosen by `--split` as its rows are.
    public var split: String?

    public init(path: String, reason: String, split: String? = nil) {
        self.path = path
        self.reason = reason
        self.split = split
    }
}
