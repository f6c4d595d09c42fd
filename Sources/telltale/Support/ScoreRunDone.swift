import Foundation
import TelltaleSupport

/// The sidecar `OUT.done`, written atomically after the last row of a complete
/// run: how many rows there are and the SHA-256 of the output's bytes. Its absence
/// means the run (or shard) is unfinished; a mismatch means the output was changed
/// since. `telltale merge-scores` merges only shards that have one.
struct ScoreRunDone: Codable, Equatable {
    var rows: Int
    var failed: Int
    var outputSHA256: String
    var inputsSHA256: String
    var shard: ScoreShard

    static func path(for output: String) -> String { output + ".done" }

    func write(for output: String) throws {
        try AtomicFile.write(CanonicalJSON.encode(self), to: Self.path(for: output))
    }

    /// The record, or nil when the output has none (unfinished).
    static func read(for output: String) throws -> ScoreRunDone? {
        let path = path(for: output)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(ScoreRunDone.self, from: data)
        } catch {
            throw CLIError("\(path): not a telltale score completion record (\(error))")
        }
    }

    static func remove(for output: String) {
        try? FileManager.default.removeItem(atPath: path(for: output))
    }
}
