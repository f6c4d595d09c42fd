import ArgumentParser
import Foundation
import TelltaleSupport

/// `telltale merge-scores`: joins the outputs of `telltale score --shard i/n` into
/// the file one unsharded run would have written.
struct MergeScoresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-scores",
        abstract: "Join the shard outputs of `telltale score --shard i/n` into one file in input order.",
        discussion: """
        Checks before writing anything: every shard has its sidecars (SHARD.meta.json, and \
        SHARD.done, which only a complete run writes), its bytes still match the SHA-256 and \
        row count in SHARD.done, all shards used the same model, input list, format and columns, \
        and shards 0..n-1 are each given exactly once. The rows are interleaved back into the \
        global order (item k from shard k mod n) while checking that paths strictly increase, so \
        no path appears twice. OUT, OUT.meta.json and OUT.done are byte-identical to those of an \
        unsharded `telltale score -o OUT`. OUT is written atomically; memory stays flat.
        """)

    @Argument(help: "Merged output file to write.")
    var output: String

    @Argument(help: "The shard outputs (any order).")
    var shards: [String]

    func validate() throws {
        if shards.isEmpty { throw ValidationError("give the shard outputs to merge") }
        if Set(shards).count != shards.count { throw ValidationError("a shard output is given twice") }
        if shards.contains(output) { throw ValidationError("OUT must not be one of the shard outputs") }
    }

    func run() throws {
        let metas = try shards.map { try ScoreRunMeta.read(for: $0) }
        let first = metas[0]
        for (shard, meta) in zip(shards, metas) {
            if let conflict = first.conflict(with: meta, sameShard: false) {
                throw CLIError("\(shard) was \(conflict) (compared with \(shards[0]))")
            }
        }
        let n = first.shard.count
        var byIndex = [String?](repeating: nil, count: n)
        for (shard, meta) in zip(shards, metas) {
            if let other = byIndex[meta.shard.index] {
                throw CLIError("\(shard) and \(other) are both shard \(meta.shard)")
            }
            byIndex[meta.shard.index] = shard
        }
        let missing = (0..<n).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw CLIError("shard(s) \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing: \(n) shards make the whole")
        }
        let ordered = byIndex.map { $0! }
        for (shard, meta) in zip(ordered, ordered.map { path in metas[shards.firstIndex(of: path)!] }) {
            try Self.checkComplete(shard, meta: meta)
        }

        let format = first.format
        let readers = try ordered.map { try ScoreRecordReader(path: $0, format: format) }
        if let header = format.header {
            for reader in readers where try reader.next()?.text != header {
                throw CLIError("\(reader.path): its first line is not the telltale score header")
            }
        }
        let temporary = Self.temporaryPath(beside: output)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let sink = try ScoreOutput(path: temporary)
        try sink.keep(upTo: 0)
        var text = format.header ?? ""
        var previous: String?
        var failed = 0
        for k in 0..<first.inputCount {
            let reader = readers[k % n]
            guard let record = try reader.next(), let row = format.decode(record.text) else {
                throw CLIError("\(reader.path): a row is missing or unreadable (row \(k / n + 1) of the shard)")
            }
            if let previous, !previous.utf8.lexicographicallyPrecedes(row.path.utf8) {
                throw CLIError(previous == row.path ? "\(row.path) appears twice (in \(reader.path))"
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
            throw CLIError("\(reader.path): more rows than its shard of the inputs")
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
        print("merged \(first.inputCount) row(s) from \(n) shard(s), \(failed) failed; wrote \(output)")
    }

    /// Throws unless `shard` finished: its `.done` exists and matches its bytes and inputs.
    static func checkComplete(_ shard: String, meta: ScoreRunMeta) throws {
        guard let done = try ScoreRunDone.read(for: shard) else {
            throw CLIError("\(shard): incomplete (no \(ScoreRunDone.path(for: shard))); run its shard again with --resume")
        }
        guard done.shard == meta.shard, done.inputsSHA256 == meta.inputsSHA256, done.rows == meta.shardInputCount else {
            throw CLIError("\(ScoreRunDone.path(for: shard)) does not match \(ScoreRunMeta.path(for: shard))")
        }
        guard try Digest.sha256(fileAt: shard) == done.outputSHA256 else {
            throw CLIError("\(shard): changed since its run completed (SHA-256 differs from \(ScoreRunDone.path(for: shard)))")
        }
    }

    static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    }
}
