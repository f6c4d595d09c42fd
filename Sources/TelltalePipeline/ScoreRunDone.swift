import Foundation
import TelltaleDatasets
import TelltaleSupport

/// The sidecar `OUT.done`, written atomically after the last row of a complete
/// run: how many rows there are and the SHA-256 of the output's bytes. Its absence
/// means the run (or shard) is unfinished; a mismatch means the output was changed
/// since. `telltale merge-scores` merges only shards that have one.
public struct ScoreRunDone: ScoreSidecar, Equatable {
    public static let suffix = ".done"
    public static let kind = "completion record"

    public var rows: Int
    public var failed: Int
    public var outputSHA256: String
    public var inputsSHA256: String
    public var shard: ScoreShard
    /// What the walk of the inputs left out (files that are not images, hidden entries,
    /// unreadable folders), the same for every shard; absent when nothing was.
    public var skipped: FileWalk.Report?

    /// The record, or nil when the output has none (unfinished).
    public static func read(for output: String) throws -> ScoreRunDone? { try readIfPresent(for: output) }
}
