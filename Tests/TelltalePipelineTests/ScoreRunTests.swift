import Foundation
import TelltaleLearning
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// A `telltale score` run in process: order, content, failures, formats, path lists and resume.
final class ScoreRunTests: XCTestCase {
    func testRowsInSortedOrderWithFailuresAsRows() throws {
        let (_, model, tree) = try scoringFixture()
        let reporter = RecordingReporter()
        let run = try Pipeline.score(model, [tree], batchSize: 3, workers: 2, reporter: reporter)
        XCTAssertEqual(run.summary.failed, TemporaryDirectory.brokenNames.count, "failed files (the exit status is 1)")
        let rows = ScoreCSV.rows(run.stdout)
        XCTAssertEqual(rows.map { $0[0] }, TemporaryDirectory.sortedFiles(under: tree))
        XCTAssertEqual(run.summary.rows, rows.count)
        let threshold = try ModelFile.read(from: model).threshold.value
        let broken = Set(TemporaryDirectory.brokenNames.map { tree + "/" + $0 })
        for row in rows {
            XCTAssertEqual(row.count, 5)
            if broken.contains(row[0]) {
                XCTAssertEqual(row[2], "", row[0])
                XCTAssertEqual(row[3], "", row[0])
                XCTAssertFalse(row[4].isEmpty, row[0])
                XCTAssertTrue(reporter.text.contains("error: \(row[0]): "), reporter.text)
            } else {
                XCTAssertEqual(row[4], "", row[0])
                let score = try XCTUnwrap(Double(row[2]), row[0])
                XCTAssertTrue((0...1).contains(score))
                XCTAssertEqual(row[3], score >= threshold ? "fake" : "real")
                XCTAssertEqual(row[1], Digest.sha256(try read(row[0])))
            }
        }
        XCTAssertEqual(rows.first { $0[0].hasSuffix("empty.png") }?[1], Digest.sha256(Data()), "an empty file still has a hash")
        // The copy in the quoted folder has the same score as its original.
        let copy = try XCTUnwrap(rows.first { $0[0].hasSuffix("copy.png") })
        let original = try XCTUnwrap(rows.first { $0[0].hasSuffix("fake/img_00.png") })
        XCTAssertEqual(copy[1...3], original[1...3])

        // Same rows whatever the batching and worker count.
        let other = try Pipeline.score(model, [tree], batchSize: 64, workers: 1)
        XCTAssertEqual(other.stdout, run.stdout)
    }

    func testJSONLinesParseAndMatchCSV() throws {
        let (tmp, model, tree) = try scoringFixture()
        let out = tmp.path("scores.jsonl")
        try Pipeline.score(model, [tree], output: out)
        let csv = ScoreCSV.rows(try Pipeline.score(model, [tree]).stdout)
        let lines = String(decoding: try read(out), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, csv.count)
        for (line, row) in zip(lines, csv) {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(Set(object.keys), ["path", "sha256", "score", "decision", "error"])
            XCTAssertEqual(object["path"] as? String, row[0])
            if row[4].isEmpty {
                XCTAssertEqual(object["score"] as? Double, Double(row[2]))
                XCTAssertEqual(object["decision"] as? String, row[3])
                XCTAssertTrue(object["error"] is NSNull)
            } else {
                XCTAssertTrue(object["score"] is NSNull)
                XCTAssertEqual(object["error"] as? String, row[4])
            }
        }
        let meta = try jsonObject(out + ".meta.json")
        XCTAssertEqual(meta["format"] as? String, "jsonl")
        XCTAssertEqual(meta["modelSHA256"] as? String, Digest.sha256(try read(model)))
        let done = try jsonObject(out + ".done")
        XCTAssertEqual(done["rows"] as? Int, csv.count)
        XCTAssertEqual(done["failed"] as? Int, TemporaryDirectory.brokenNames.count)
    }

    func testPathsFromStandardInputAndFile() throws {
        let (tmp, model, tree) = try scoringFixture()
        let fake = tree + "/fake"
        let missing = tree + "/gone.png"
        // Unsorted, with a duplicate, a folder and a path that does not exist.
        let list = [tree + "/real/img_01.jpg", fake, missing, tree + "/real/img_01.jpg", ""].joined(separator: "\n")
        let run = try Pipeline.score(model, ["-"], standardInput: Data(list.utf8))
        XCTAssertEqual(run.summary.failed, 1, "the missing file (the exit status is 1)")
        let rows = ScoreCSV.rows(run.stdout)
        let expected = (TemporaryDirectory.sortedFiles(under: fake) + [missing, tree + "/real/img_01.jpg"])
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        XCTAssertEqual(rows.map { $0[0] }, expected)
        XCTAssertTrue(rows.first { $0[0] == missing }?[4].contains("no such file") ?? false)

        let listFile = try tmp.write("list.txt", text: list)
        XCTAssertEqual(try Pipeline.score(model, [], pathsFrom: [listFile]).stdout, run.stdout)

        // A path given on the command line must exist.
        XCTAssertThrowsError(try Pipeline.score(model, [missing])) { error in
            XCTAssertTrue("\(error)".contains("gone.png"), "\(error)")
        }
    }

    func testResumeAfterTornRowIsByteIdentical() throws {
        let (tmp, model, tree) = try scoringFixture()
        for format in ["csv", "jsonl"] {
            let full = tmp.path("full.\(format)")
            try Pipeline.score(model, [tree], output: full)
            let bytes = try read(full)
            let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
            // Cut with nothing written, inside the first line, at a row boundary, mid-row, just before a newline.
            // And just after the line break inside a quoted file name (CSV), or inside it (JSON).
            let lineBreak = try XCTUnwrap(bytes.range(of: Data("line".utf8))).upperBound + 1
            let cuts = [0, 7, newlines[2] + 1, newlines[4] + 9, newlines[6], lineBreak, bytes.count - 3]
            for cut in cuts {
                let part = tmp.path("part-\(cut).\(format)")
                try bytes.prefix(cut).write(to: URL(fileURLWithPath: part))
                try read(full + ".meta.json").write(to: URL(fileURLWithPath: part + ".meta.json"))
                XCTAssertThrowsError(try Pipeline.score(model, [tree], output: part),
                                     "an existing output is not overwritten without --resume") { error in
                    XCTAssertTrue("\(error)".contains("exists"), "\(error)")
                }
                XCTAssertEqual(try read(part), bytes.prefix(cut))
                let resumed = try Pipeline.score(model, [tree], output: part, resume: true)
                XCTAssertEqual(resumed.summary.rows, TemporaryDirectory.sortedFiles(under: tree).count)
                XCTAssertEqual(try read(part), bytes, "\(format) cut at \(cut)")
                XCTAssertEqual(try read(part + ".done"), try read(full + ".done"))
            }
            // Resuming a complete run changes nothing.
            XCTAssertEqual(try Pipeline.score(model, [tree], output: full, resume: true).summary.processed, 0)
            XCTAssertEqual(try read(full), bytes)
            // A run started with an explicit format continues in that format without it.
            let named = tmp.path("named-\(format).txt")
            try Pipeline.score(model, [tree], output: named, format: ScoreFormat(rawValue: format))
            try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: named))
            try Pipeline.score(model, [tree], output: named, resume: true)
            XCTAssertEqual(try read(named), bytes)
        }
    }

    func testResumeRefusesAnotherModelOrOtherInputs() throws {
        let (tmp, model, tree) = try scoringFixture()
        let other = try Pipeline.train([tmp.path("train-set")], settings: TrainingSettings(cs: [0.01], cv: 0),
                                       to: tmp.path("other.json"))
        XCTAssertNotEqual(try read(model), try read(other))
        let out = tmp.path("scores.csv")
        try Pipeline.score(model, [tree], output: out)
        let bytes = try read(out)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: out))

        func refused(_ model: String, _ inputs: [String], shard: ScoreShard = .whole, because text: String,
                     line: UInt = #line) {
            XCTAssertThrowsError(try Pipeline.score(model, inputs, output: out, shard: shard, resume: true), line: line) { error in
                XCTAssertTrue("\(error)".contains(text), "\(error)", line: line)
            }
        }
        refused(other, [tree], because: "another model")
        refused(model, [tree + "/real"], because: "another input list")
        refused(model, [tree], shard: ScoreShard(index: 1, count: 2), because: "shard")
        XCTAssertEqual(try read(out), bytes.prefix(bytes.count / 2), "a refused resume leaves the output alone")

        // Two runs never append to one output: the file is locked while it is written.
        let holder = try XCTUnwrap(FileHandle(forUpdatingAtPath: out))
        XCTAssertEqual(flock(holder.fileDescriptor, LOCK_EX | LOCK_NB), 0)
        refused(model, [tree], because: "another telltale process")
        try holder.close()
        XCTAssertGreaterThan(try Pipeline.score(model, [tree], output: out, resume: true).summary.kept, 0)
        XCTAssertEqual(try read(out), bytes)
    }

    func testTwoFreshRunsAtOnceNeverBothWrite() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try Pipeline.train([try tmp.labelledSet("train-set", perClass: 5, side: 32)], to: tmp.path("model.json"))
        let set = try tmp.labelledSet("small", perClass: 1, side: 32)
        for round in 0..<30 {
            let out = tmp.path("race-\(round).csv")
            // Both started at once, each on its own thread (each takes its own lock, as a process would).
            let outcomes = Outcomes()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                do {
                    try Pipeline.score(model, [set], output: out, workers: 1)
                    outcomes.record(i, nil)
                } catch {
                    outcomes.record(i, "\(error)")
                }
            }
            let errors = outcomes.all
            XCTAssertEqual(errors.filter { $0 == nil }.count, 1, "round \(round): \(errors)")
            let loser = errors.compactMap { $0 }.first ?? ""
            XCTAssertTrue(loser.contains("exists") || loser.contains("another telltale process"), loser)
            XCTAssertEqual(ScoreCSV.rows(String(decoding: try read(out), as: UTF8.self)).count, 2)
        }
    }

    func testWriteErrorsNameTheFileAndTheReason() throws {
        let (tmp, model, _) = try scoringFixture()
        let plain = try tmp.write("plain", text: "x")
        XCTAssertThrowsError(try Pipeline.score(model, [tmp.path("train-set")], output: plain + "/s.csv")) { error in
            XCTAssertTrue("\(error)".contains("cannot write \(plain)/"), "\(error)")
            XCTAssertTrue("\(error)".contains("\(plain) is not a folder"), "\(error)")
            XCTAssertFalse("\(error)".contains("NSCocoaErrorDomain"), "\(error)")
        }
    }

    func testMemoryBudget() throws {
        let (tmp, model, _) = try scoringFixture()
        let set = tmp.path("train-set")
        // 32×32 images: their file and pixels do not fit in 2 KiB.
        let tight = try Pipeline.score(model, [set], memoryBudget: 2048)
        let rows = ScoreCSV.rows(tight.stdout)
        XCTAssertEqual(rows.count, 10)
        XCTAssertTrue(rows.contains { $0[4].contains("over the memory budget of 2 KiB") }, tight.stdout)
        XCTAssertEqual(try Pipeline.score(model, [set], memoryBudget: 1 << 30).summary.failed, 0)

        // Recorded with the run; resuming with another budget is refused (it changes rows).
        let out = tmp.path("s.csv")
        try Pipeline.score(model, [set], output: out, memoryBudget: 2048)
        XCTAssertEqual(try jsonObject(out + ".meta.json")["memoryBudget"] as? Int, 2048)
        XCTAssertThrowsError(try Pipeline.score(model, [set], output: out, resume: true)) { error in
            XCTAssertTrue("\(error)".contains("--memory-budget"), "\(error)")
        }
    }
}

/// What each of two threads ended with: nil, or its error's description.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [String?] = [nil, nil]
    private var recorded = 0

    func record(_ i: Int, _ error: String?) {
        lock.withLock {
            outcomes[i] = error
            recorded += 1
        }
    }

    var all: [String?] { lock.withLock { outcomes } }
}
