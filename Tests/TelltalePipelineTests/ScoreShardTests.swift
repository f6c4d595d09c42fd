import Foundation
import TelltalePipeline
import TelltaleTestSupport
import XCTest

/// Score runs of shards `i/n` and their merge, in process.
final class ScoreShardTests: XCTestCase {
    func testShardsPartitionTheInputsAndMergeReproducesTheWhole() throws {
        let (tmp, model, tree) = try scoringFixture()
        let whole = tmp.path("whole.csv")
        try Pipeline.score(model, [tree], output: whole)
        let wholeRows = ScoreCSV.rows(String(decoding: try read(whole), as: UTF8.self))

        let n = 3
        var shardFiles: [String] = []
        var union: [String] = []
        for i in 0..<n {
            let file = tmp.path("shard-\(i).csv")
            let run = try Pipeline.score(model, [tree], output: file, shard: ScoreShard(index: i, count: n))
            XCTAssertGreaterThan(run.summary.failed, 0, "shard \(i) holds a broken file (the exit status is 1)")
            let rows = ScoreCSV.rows(String(decoding: try read(file), as: UTF8.self))
            // Item k of the whole sorted list goes to shard k mod n.
            XCTAssertEqual(rows, wholeRows.enumerated().filter { $0.offset % n == i }.map(\.element))
            union += rows.map { $0[0] }
            shardFiles.append(file)
        }
        XCTAssertEqual(union.count, Set(union).count, "no path in two shards")
        XCTAssertEqual(Set(union), Set(wholeRows.map { $0[0] }))

        let merged = tmp.path("merged.csv")
        let summary = try ScoreMerge.merge(shardFiles.reversed(), into: merged)
        XCTAssertEqual([summary.rows, summary.shards, summary.failed], [wholeRows.count, n, TemporaryDirectory.brokenNames.count])
        for suffix in ["", ".meta.json", ".done"] {
            XCTAssertEqual(try read(merged + suffix), try read(whole + suffix), "merged\(suffix)")
        }
    }

    func testMergeRefusesIncompleteMissingDuplicateOrForeignShards() throws {
        let (tmp, model, tree) = try scoringFixture()
        func shard(_ i: Int, of n: Int, model: String, inputs: String, name: String) throws -> String {
            let file = tmp.path(name)
            try Pipeline.score(model, [inputs], output: file, shard: ScoreShard(index: i, count: n))
            return file
        }
        let s0 = try shard(0, of: 2, model: model, inputs: tree, name: "s0.jsonl")
        let s1 = try shard(1, of: 2, model: model, inputs: tree, name: "s1.jsonl")
        XCTAssertNoThrow(try ScoreMerge.merge([s0, s1], into: tmp.path("merged.jsonl")))

        func refused(_ shards: [String], because text: String, line: UInt = #line) {
            let target = tmp.path("refused.jsonl")
            XCTAssertThrowsError(try ScoreMerge.merge(shards, into: target), line: line) { error in
                XCTAssertTrue("\(error)".contains(text), "\(error)", line: line)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: target), line: line)
        }
        refused([s0], because: "missing")
        let other = try Pipeline.train([tmp.path("train-set")], settings: TrainingSettings(cs: [0.01], cv: 0),
                                       to: tmp.path("other.json"))
        let foreign = try shard(1, of: 2, model: other, inputs: tree, name: "foreign.jsonl")
        refused([s0, foreign], because: "another model")
        let subset = try shard(1, of: 2, model: model, inputs: tree + "/fake", name: "subset.jsonl")
        refused([s0, subset], because: "another input list")
        let twin = tmp.path("twin.jsonl")
        for suffix in ["", ".meta.json", ".done"] { try read(s1 + suffix).write(to: URL(fileURLWithPath: twin + suffix)) }
        refused([s0, s1, twin], because: "both shard 1/2")

        // An interrupted shard has no .done; an edited one no longer matches it.
        try FileManager.default.removeItem(atPath: s1 + ".done")
        refused([s0, s1], because: "incomplete")
        try Pipeline.score(model, [tree], output: s1, shard: ScoreShard(index: 1, count: 2), resume: true)
        var bytes = try read(s1)
        bytes[bytes.count - 5] ^= 1
        try bytes.write(to: URL(fileURLWithPath: s1))
        refused([s0, s1], because: "changed since")
    }
}
