import Foundation
import XCTest

/// `telltale score --shard i/n` and `telltale merge-scores`.
final class ScoreShardTests: ScoreTestCase {
    func testShardsPartitionTheInputsAndMergeReproducesTheWhole() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try makeTree(in: tmp)
        let whole = tmp.appendingPathComponent("whole.csv").path
        XCTAssertEqual(try telltale(["score", model, tree.path, "-o", whole, "--allow-failures"]).status, 0)
        let wholeRows = csvRows(String(decoding: try read(whole), as: UTF8.self))

        let n = 3
        var shardFiles: [String] = []
        var union: [String] = []
        for i in 0..<n {
            let file = tmp.appendingPathComponent("shard-\(i).csv").path
            let run = try telltale(["score", model, tree.path, "--shard", "\(i)/\(n)", "-o", file])
            XCTAssertEqual(run.status, 1, "shard \(i) holds a broken file")
            let rows = csvRows(String(decoding: try read(file), as: UTF8.self))
            // Item k of the whole sorted list goes to shard k mod n.
            XCTAssertEqual(rows, wholeRows.enumerated().filter { $0.offset % n == i }.map(\.element))
            union += rows.map { $0[0] }
            shardFiles.append(file)
        }
        XCTAssertEqual(union.count, Set(union).count, "no path in two shards")
        XCTAssertEqual(Set(union), Set(wholeRows.map { $0[0] }))

        let merged = tmp.appendingPathComponent("merged.csv").path
        let merge = try telltale(["merge-scores", merged] + shardFiles.reversed())
        XCTAssertEqual(merge.status, 0, merge.stderr)
        for suffix in ["", ".meta.json", ".done"] {
            XCTAssertEqual(try read(merged + suffix), try read(whole + suffix), "merged\(suffix)")
        }
    }

    func testMergeRefusesIncompleteMissingDuplicateOrForeignShards() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try makeTree(in: tmp)
        func shard(_ i: Int, of n: Int, model: String, inputs: String, name: String) throws -> String {
            let file = tmp.appendingPathComponent(name).path
            XCTAssertEqual(try telltale(["score", model, inputs, "--shard", "\(i)/\(n)", "-o", file, "--allow-failures"]).status, 0)
            return file
        }
        let s0 = try shard(0, of: 2, model: model, inputs: tree.path, name: "s0.jsonl")
        let s1 = try shard(1, of: 2, model: model, inputs: tree.path, name: "s1.jsonl")
        let out = tmp.appendingPathComponent("merged.jsonl").path
        XCTAssertEqual(try telltale(["merge-scores", out, s0, s1]).status, 0)

        func refused(_ shards: [String], because text: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let target = tmp.appendingPathComponent("refused.jsonl").path
            let run = try telltale(["merge-scores", target] + shards)
            XCTAssertNotEqual(run.status, 0, file: file, line: line)
            XCTAssertTrue(run.stderr.contains(text), run.stderr, file: file, line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: target), file: file, line: line)
        }
        try refused([s0], because: "missing")
        let other = try trainModel(in: tmp, name: "other.json", extra: ["--C", "0.01"])
        let foreign = try shard(1, of: 2, model: other, inputs: tree.path, name: "foreign.jsonl")
        try refused([s0, foreign], because: "another model")
        let subset = try shard(1, of: 2, model: model, inputs: tree.appendingPathComponent("fake").path, name: "subset.jsonl")
        try refused([s0, subset], because: "another input list")
        let twin = tmp.appendingPathComponent("twin.jsonl").path
        for suffix in ["", ".meta.json", ".done"] { try read(s1 + suffix).write(to: URL(fileURLWithPath: twin + suffix)) }
        try refused([s0, s1, twin], because: "both shard 1/2")

        // An interrupted shard has no .done; an edited one no longer matches it.
        try FileManager.default.removeItem(atPath: s1 + ".done")
        try refused([s0, s1], because: "incomplete")
        XCTAssertEqual(try telltale(["score", model, tree.path, "--shard", "1/2", "-o", s1, "--resume", "--allow-failures"]).status, 0)
        var bytes = try read(s1)
        bytes[bytes.count - 5] ^= 1
        try bytes.write(to: URL(fileURLWithPath: s1))
        try refused([s0, s1], because: "changed since")
    }
}
