import Foundation
import TelltaleImaging
import TelltaleSupport

/// The sidecar `OUT.meta.json` of a `telltale score` output, written atomically
/// before the first row: what the rows were made from. `--resume` refuses to add
/// rows made from another model, input list, shard or format, and
/// `telltale merge-scores` checks that every shard agrees.
public struct ScoreRunMeta: ScoreSidecar, Equatable {
    public static let suffix = ".meta.json"
    public static let kind = "sidecar"

    public var formatVersion = 1
    public var toolVersion: String
    /// `csv` or `jsonl`.
    public var format: ScoreFormat
    public var columns: [String]
    /// SHA-256 of the model file's bytes.
    public var modelSHA256: String
    public var featureConfigurationHash: String
    public var threshold: Double
    /// SHA-256 of the whole sorted input list (every path followed by a newline), before sharding.
    public var inputsSHA256: String
    /// Paths in the whole list.
    public var inputCount: Int
    public var shard: ScoreShard
    /// Paths in this shard (the rows a complete output holds).
    public var shardInputCount: Int
    /// `--memory-budget` in bytes: a file over it is an error row, so it decides rows like
    /// the model does. Absent in sidecars written before the option existed, which used
    /// the default (256 MiB).
    public var memoryBudget: Int?

    /// The budget the rows were made with.
    public var effectiveMemoryBudget: Int { memoryBudget ?? DecodeOptions.defaultMemoryBudget }

    public static func read(for output: String) throws -> ScoreRunMeta {
        guard let meta = try readIfPresent(for: output) else {
            throw PipelineError.file(output, reason: "its sidecar \(path(for: output)) is missing (not written by telltale score?)")
        }
        return meta
    }

    /// Why rows described by `other` cannot be added to rows described by `self`, if they cannot.
    public func conflict(with other: ScoreRunMeta, sameShard: Bool) -> String? {
        if modelSHA256 != other.modelSHA256 || featureConfigurationHash != other.featureConfigurationHash
            || threshold != other.threshold {
            return "scored with another model (sha256 \(modelSHA256.prefix(12))…, not \(other.modelSHA256.prefix(12))…)"
        }
        if inputsSHA256 != other.inputsSHA256 || inputCount != other.inputCount {
            return "made from another input list (\(inputCount) paths, sha256 \(inputsSHA256.prefix(12))…; now \(other.inputCount) paths, sha256 \(other.inputsSHA256.prefix(12))…)"
        }
        if format != other.format || columns != other.columns { return "written as \(format.rawValue), not \(other.format.rawValue)" }
        if effectiveMemoryBudget != other.effectiveMemoryBudget {
            return "made with --memory-budget \(ByteCount.format(effectiveMemoryBudget)), not \(ByteCount.format(other.effectiveMemoryBudget))"
        }
        if sameShard ? shard != other.shard : shard.count != other.shard.count {
            return "shard \(shard), not \(other.shard)"
        }
        return nil
    }
}
