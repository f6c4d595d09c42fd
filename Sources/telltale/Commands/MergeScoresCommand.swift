import ArgumentParser
import TelltalePipeline

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
        let merged = try ScoreMerge.merge(shards, into: output)
        print("merged \(merged.rows) row(s) from \(merged.shards) shard(s), \(merged.failed) failed; wrote \(output)")
    }
}
