import Foundation
import TelltaleSupport

/// Joins the outputs of `telltale score --shard i/n` into the file one unsharded run
/// would have written (`telltale merge-scores`): every check comes before the first
/// byte is written, the rows are interleaved back into input order (item k from shard
/// k mod n), and OUT, OUT.meta.json and OUT.done are byte-identical to an unsharded run's.
public enum ScoreMerge {
    public struct Summary: Sendable, Equatable {
        public var rows: Int
        public var shards: Int
        public var failed: Int
    }

    public static func merge(_ shards: [String], into output: String) throws -> Summary {
        let metas = try shards.map { try ScoreRunMeta.read(for: $0) }
        let first = metas[0]
        for (shard, meta) in zip(shards, metas) {
            if let conflict = first.conflict(with: meta, sameShard: false) {
                throw PipelineError.inputs("\(shard) was \(conflict) (compared with \(shards[0]))")
            }
        }
        let n = first.shard.count
        var byIndex = [String?](repeating: nil, count: n)
        for (shard, meta) in zip(shards, metas) {
            if let other = byIndex[meta.shard.index] {
                throw PipelineError.inputs("\(shard) and \(other) are both shard \(meta.shard)")
            }
            byIndex[meta.shard.index] = shard
        }
        let missing = (0..<n).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw PipelineError.inputs("shard(s) \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing: \(n) shards make the whole")
        }
        let ordered = byIndex.map { $0! }
        for (shard, meta) in zip(ordered, ordered.map { path in metas[shards.firstIndex(of: path)!] }) {
            try checkComplete(shard, meta: meta)
        }

        let format = first.format
        let readers = try ordered.map { try ScoreRecordReader(path: $0, format: format) }
        if let header = format.header {
            for reader in readers where try reader.next()?.text != header {
                throw PipelineError.inputs("\(reader.path): its first line is not the telltale score header")
            }
        }
        let temporary = temporaryPath(beside: output)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let sink = try ScoreOutput(path: temporary)
        try sink.keep(upTo: 0)
        var text = format.header ?? ""
        var previous: String?
        var failed = 0
        for k in 0..<first.inputCount {
            let reader = readers[k % n]
            guard let record = try reader.next(), let row = format.decode(record.text) else {
                throw PipelineError.inputs("\(reader.path): a row is missing or unreadable (row \(k / n + 1) of the shard)")
            }
            if let previous, !previous.utf8.lexicographicallyPrecedes(row.path.utf8) {
                throw PipelineError.inputs(previous == row.path ? "\(row.path) appears twice (in \(reader.path))"
                                           : "\(reader.path): \(row.path) is out of input order")
            }
            previous = row.path
            if row.failed { failed += 1 }
            text += record.text
            if text.utf8.count >= 1 << 20 {
                try sink.write(text)
                text = ""
            }
        }
        try sink.write(text)
        try sink.close()
        for reader in readers where try reader.next() != nil || reader.trailingBytes {
            throw PipelineError.inputs("\(reader.path): more rows than its shard of the inputs")
        }

        var meta = first
        meta.shard = .whole
        meta.shardInputCount = first.inputCount
        ScoreRunDone.remove(for: output)
        try FileWriting.moveIntoPlace(temporary, output)
        try meta.write(for: output)
        // Every shard walked the whole input list, so every shard's report is the whole run's.
        let skipped = try ScoreRunDone.read(for: ordered[0])?.skipped
        try ScoreRunDone(rows: first.inputCount, failed: failed, outputSHA256: try Digest.sha256(fileAt: output),
                         inputsSHA256: first.inputsSHA256, shard: .whole, skipped: skipped).write(for: output)
        return Summary(rows: first.inputCount, shards: n, failed: failed)
    }

    /// Throws unless `shard` finished: its `.done` exists and matches its bytes and inputs.
    public static func checkComplete(_ shard: String, meta: ScoreRunMeta) throws {
        guard let done = try ScoreRunDone.read(for: shard) else {
            throw PipelineError.inputs("\(shard): incomplete (no \(ScoreRunDone.path(for: shard))); run its shard again with --resume")
        }
        guard done.shard == meta.shard, done.inputsSHA256 == meta.inputsSHA256, done.rows == meta.shardInputCount else {
            throw PipelineError.inputs("\(ScoreRunDone.path(for: shard)) does not match \(ScoreRunMeta.path(for: shard))")
        }
        guard try Digest.sha256(fileAt: shard) == done.outputSHA256 else {
            throw PipelineError.inputs("\(shard): changed since its run completed (SHA-256 differs from \(ScoreRunDone.path(for: shard)))")
        }
    }

    public static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    }
}
