import Foundation
import XCTest

/// `telltale score`: order, content, failures, formats, path lists and resume.
final class ScoreCommandTests: ScoreTestCase {
    func testRowsInSortedOrderWithFailuresAsRows() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try makeTree(in: tmp)
        let run = try telltale(["score", model, tree.path, "--workers", "2", "--batch-size", "3"])
        XCTAssertEqual(run.status, 1, "failed files make the exit status non-zero")
        let rows = csvRows(run.stdout)
        let expected = sortedFiles(under: tree)
        XCTAssertEqual(rows.map { $0[0] }, expected)
        let threshold = try modelThreshold(model)
        let broken = Set(Self.brokenNames.map { tree.path + "/" + $0 })
        for row in rows {
            XCTAssertEqual(row.count, 5)
            if broken.contains(row[0]) {
                XCTAssertEqual(row[2], "", row[0])
                XCTAssertEqual(row[3], "", row[0])
                XCTAssertFalse(row[4].isEmpty, row[0])
                XCTAssertTrue(run.stderr.contains("error: \(row[0]): "), run.stderr)
            } else {
                XCTAssertEqual(row[4], "", row[0])
                let score = try XCTUnwrap(Double(row[2]), row[0])
                XCTAssertTrue((0...1).contains(score))
                XCTAssertEqual(row[3], score >= threshold ? "fake" : "real")
                XCTAssertEqual(row[1], sha256Hex(try read(row[0])))
            }
        }
        XCTAssertEqual(rows.first { $0[0].hasSuffix("empty.png") }?[1], sha256Hex(Data()), "an empty file still has a hash")
        // The copy in the quoted folder has the same score as its original.
        let copy = try XCTUnwrap(rows.first { $0[0].hasSuffix("copy.png") })
        let original = try XCTUnwrap(rows.first { $0[0].hasSuffix("fake/img_00.png") })
        XCTAssertEqual(copy[1...3], original[1...3])

        // Same rows whatever the batching and worker count; --allow-failures keeps status 0.
        let other = try telltale(["score", model, tree.path, "--workers", "1", "--batch-size", "64", "--allow-failures"])
        XCTAssertEqual(other.status, 0)
        XCTAssertEqual(other.stdout, run.stdout)
    }

    func testJSONLinesParseAndMatchCSV() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try makeTree(in: tmp)
        let out = tmp.appendingPathComponent("scores.jsonl").path
        XCTAssertEqual(try telltale(["score", model, tree.path, "-o", out, "--allow-failures"]).status, 0)
        let csv = csvRows(try telltale(["score", model, tree.path]).stdout)
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
        let meta = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(out + ".meta.json")) as? [String: Any])
        XCTAssertEqual(meta["format"] as? String, "jsonl")
        XCTAssertEqual(meta["modelSHA256"] as? String, sha256Hex(try read(model)))
        let done = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(out + ".done")) as? [String: Any])
        XCTAssertEqual(done["rows"] as? Int, csv.count)
        XCTAssertEqual(done["failed"] as? Int, Self.brokenNames.count)
    }

    func testPathsFromStandardInputAndFile() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try makeTree(in: tmp)
        let fake = tree.appendingPathComponent("fake").path
        let missing = tree.path + "/gone.png"
        // Unsorted, with a duplicate, a folder and a path that does not exist.
        let list = [tree.path + "/real/img_01.jpg", fake, missing, tree.path + "/real/img_01.jpg", ""].joined(separator: "\n")
        let run = try telltale(["score", model, "-"], stdin: list)
        XCTAssertEqual(run.status, 1)
        let rows = csvRows(run.stdout)
        let expected = (sortedFiles(under: tree.appendingPathComponent("fake")) + [missing, tree.path + "/real/img_01.jpg"])
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        XCTAssertEqual(rows.map { $0[0] }, expected)
        XCTAssertTrue(rows.first { $0[0] == missing }?[4].contains("no such file") ?? false)

        let listFile = tmp.appendingPathComponent("list.txt")
        try Data(list.utf8).write(to: listFile)
        let fromFile = try telltale(["score", model, "--paths-from", listFile.path])
        XCTAssertEqual(fromFile.stdout, run.stdout)

        // A path given on the command line must exist.
        let typo = try telltale(["score", model, missing])
        XCTAssertNotEqual(typo.status, 0)
        XCTAssertTrue(typo.stderr.contains("gone.png"), typo.stderr)
    }

    func testResumeAfterTornRowIsByteIdentical() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let tree = try makeTree(in: tmp)
        for format in ["csv", "jsonl"] {
            let full = tmp.appendingPathComponent("full.\(format)").path
            XCTAssertEqual(try telltale(["score", model, tree.path, "-o", full, "--allow-failures"]).status, 0)
            let bytes = try read(full)
            let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
            // Cut with nothing written, inside the first line, at a row boundary, mid-row, just before a newline.
            // And just after the line break inside a quoted file name (CSV), or inside it (JSON).
            let lineBreak = try XCTUnwrap(bytes.range(of: Data("line".utf8))).upperBound + 1
            let cuts = [0, 7, newlines[2] + 1, newlines[4] + 9, newlines[6], lineBreak, bytes.count - 3]
            for cut in cuts {
                let part = tmp.appendingPathComponent("part-\(cut).\(format)").path
                try bytes.prefix(cut).write(to: URL(fileURLWithPath: part))
                try read(full + ".meta.json").write(to: URL(fileURLWithPath: part + ".meta.json"))
                let again = try telltale(["score", model, tree.path, "-o", part])
                XCTAssertNotEqual(again.status, 0, "an existing output is not overwritten without --resume")
                XCTAssertEqual(try read(part), bytes.prefix(cut))
                let resumed = try telltale(["score", model, tree.path, "-o", part, "--resume", "--allow-failures"])
                XCTAssertEqual(resumed.status, 0, resumed.stderr)
                XCTAssertEqual(try read(part), bytes, "\(format) cut at \(cut)")
                XCTAssertEqual(try read(part + ".done"), try read(full + ".done"))
            }
            // Resuming a complete run changes nothing.
            XCTAssertEqual(try telltale(["score", model, tree.path, "-o", full, "--resume", "--allow-failures"]).status, 0)
            XCTAssertEqual(try read(full), bytes)
            // A run started with --format continues in that format without it.
            let named = tmp.appendingPathComponent("named-\(format).txt").path
            XCTAssertEqual(try telltale(["score", model, tree.path, "-o", named, "--format", format, "--allow-failures"]).status, 0)
            try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: named))
            XCTAssertEqual(try telltale(["score", model, tree.path, "-o", named, "--resume", "--allow-failures"]).status, 0)
            XCTAssertEqual(try read(named), bytes)
        }
    }

    func testResumeRefusesAnotherModelOrOtherInputs() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let other = try trainModel(in: tmp, name: "other.json", extra: ["--C", "0.01"])
        XCTAssertNotEqual(try read(model), try read(other))
        let tree = try makeTree(in: tmp)
        let out = tmp.appendingPathComponent("scores.csv").path
        XCTAssertEqual(try telltale(["score", model, tree.path, "-o", out, "--allow-failures"]).status, 0)
        let bytes = try read(out)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: out))

        let mixed = try telltale(["score", other, tree.path, "-o", out, "--resume"])
        XCTAssertNotEqual(mixed.status, 0)
        XCTAssertTrue(mixed.stderr.contains("another model"), mixed.stderr)
        let fewer = try telltale(["score", model, tree.appendingPathComponent("real").path, "-o", out, "--resume"])
        XCTAssertNotEqual(fewer.status, 0)
        XCTAssertTrue(fewer.stderr.contains("another input list"), fewer.stderr)
        let sharded = try telltale(["score", model, tree.path, "-o", out, "--resume", "--shard", "1/2"])
        XCTAssertNotEqual(sharded.status, 0)
        XCTAssertEqual(try read(out), bytes.prefix(bytes.count / 2), "a refused resume leaves the output alone")

        // Two runs never append to one output: the file is locked while it is written.
        let holder = try XCTUnwrap(FileHandle(forUpdatingAtPath: out))
        XCTAssertEqual(flock(holder.fileDescriptor, LOCK_EX | LOCK_NB), 0)
        let concurrent = try telltale(["score", model, tree.path, "-o", out, "--resume"])
        XCTAssertNotEqual(concurrent.status, 0)
        XCTAssertTrue(concurrent.stderr.contains("another telltale process"), concurrent.stderr)
        try holder.close()
        XCTAssertEqual(try telltale(["score", model, tree.path, "-o", out, "--resume", "--allow-failures"]).status, 0)
        XCTAssertEqual(try read(out), bytes)
    }

    func modelThreshold(_ model: String) throws -> Double {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(model)) as? [String: Any])
        let threshold = try XCTUnwrap(json["threshold"] as? [String: Any])
        return try XCTUnwrap(threshold["value"] as? Double)
    }
}
