import Foundation
import TelltaleSupport
import TelltaleTestSupport
import XCTest
@testable import TelltalePipeline

/// Score shards, their merge and a resumed output, in process: written with the same
/// types `telltale score` writes them with.
final class ScoreMergeResumeTests: XCTestCase {
    private var folder: TemporaryDirectory!
    private let paths = ["a.png", "b.png", "c.png", "d.png", "e.png"]

    override func setUpWithError() throws {
        folder = try makeTemporaryDirectory()
    }

    private func path(_ name: String) -> String { folder.path(name) }

    private func row(_ path: String) -> ScoreRow {
        path == "c.png" ? ScoreRow(path: path, sha256: "", failure: "truncated: no image data")
            : ScoreRow(path: path, sha256: String(repeating: "0", count: 64), probability: 0.25, threshold: 0.5)
    }

    private func meta(_ shard: ScoreShard, format: ScoreFormat = .csv) -> ScoreRunMeta {
        ScoreRunMeta(toolVersion: TelltaleVersion.string, format: format, columns: ScoreRow.columns,
                     modelSHA256: String(repeating: "1", count: 64), featureConfigurationHash: "hash", threshold: 0.5,
                     inputsSHA256: String(repeating: "2", count: 64), inputCount: paths.count, shard: shard,
                     shardInputCount: shard.select(paths).count, memoryBudget: nil)
    }

    /// Writes a complete run of `shard` (rows, OUT.meta.json, OUT.done) to `name`.
    @discardableResult
    private func writeRun(_ name: String, shard: ScoreShard, format: ScoreFormat = .csv) throws -> String {
        let mine = shard.select(paths)
        let text = (format.header ?? "") + mine.map { format.encode(row($0)) }.joined()
        try AtomicFile.write(text, to: path(name))
        try meta(shard, format: format).write(for: path(name))
        try ScoreRunDone(rows: mine.count, failed: mine.filter { row($0).failed }.count,
                         outputSHA256: try Digest.sha256(fileAt: path(name)), inputsSHA256: meta(shard).inputsSHA256,
                         shard: shard, skipped: nil).write(for: path(name))
        return text
    }

    func testMergedShardsAreTheUnshardedRun() throws {
        let whole = try writeRun("whole.csv", shard: .whole)
        try writeRun("s1.csv", shard: ScoreShard(index: 1, count: 2))
        try writeRun("s0.csv", shard: ScoreShard(index: 0, count: 2))
        let summary = try ScoreMerge.merge([path("s1.csv"), path("s0.csv")], into: path("merged.csv"))
        XCTAssertEqual(summary, ScoreMerge.Summary(rows: 5, shards: 2, failed: 1))
        XCTAssertEqual(try String(contentsOfFile: path("merged.csv"), encoding: .utf8), whole)
        for sidecar in [ScoreRunMeta.suffix, ScoreRunDone.suffix] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("merged.csv") + sidecar)),
                           try Data(contentsOf: URL(fileURLWithPath: path("whole.csv") + sidecar)), sidecar)
        }
    }

    func testMergeRefusesAMissingShardAndAChangedShard() throws {
        try writeRun("s0.jsonl", shard: ScoreShard(index: 0, count: 2), format: .jsonl)
        XCTAssertThrowsError(try ScoreMerge.merge([path("s0.jsonl")], into: path("m.jsonl"))) { error in
            XCTAssertEqual(error as? PipelineError, .inputs("shard(s) 1/2 missing: 2 shards make the whole"))
        }
        try writeRun("s1.jsonl", shard: ScoreShard(index: 1, count: 2), format: .jsonl)
        try AtomicFile.write("{}\n", to: path("s1.jsonl"))
        XCTAssertThrowsError(try ScoreMerge.merge([path("s0.jsonl"), path("s1.jsonl")], into: path("m.jsonl"))) { error in
            XCTAssertEqual("\(error)", "\(path("s1.jsonl")): changed since its run completed (SHA-256 differs from \(path("s1.jsonl")).done)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("m.jsonl")), "nothing is written before every check passed")
    }

    func testResumeKeepsCompleteRowsAndRedoesATornLastRow() throws {
        let format = ScoreFormat.csv
        let complete = format.header! + paths.prefix(3).map { format.encode(row($0)) }.joined()
        let torn = String(format.encode(row("d.png")).prefix(10))
        try AtomicFile.write(complete + torn, to: path("out.csv"))
        let state = try ScoreResume(output: path("out.csv"), format: format, paths: paths)
        XCTAssertEqual(state.kept, 3)
        XCTAssertEqual(state.failed, 1)
        XCTAssertEqual(state.offset, UInt64(complete.utf8.count))
    }

    func testResumeRefusesRowsOfAnotherInputList() throws {
        let format = ScoreFormat.jsonl
        try AtomicFile.write(format.encode(row("a.png")) + format.encode(row("z.png")) + format.encode(row("b.png")),
                             to: path("out.jsonl"))
        XCTAssertThrowsError(try ScoreResume(output: path("out.jsonl"), format: format, paths: paths)) { error in
            XCTAssertEqual(error as? PipelineError,
                           .file(path("out.jsonl"), reason: "record 2 is not the row expected for b.png; refusing to resume"))
        }
    }
}
