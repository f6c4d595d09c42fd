import Foundation
import XCTest
import TelltaleSupport

/// Every file given ends as exactly one row — scored, or refused with a reason — and
/// every file left out is counted: link cycles, names that are not UTF-8, dangling
/// links, FIFOs and devices, formats Telltale does not decode, CRLF lists, write
/// errors, locking, progress in logs and the memory budget.
final class InputsCommandTests: ScoreTestCase {
    /// `real/` + `fake/` images, then the awkward entries: a link to the parent folder, a
    /// Latin-1 file name (a copy of a fake image), a dangling link, a FIFO, a link to
    /// /dev/zero, GIFs and a BMP, a hidden file.
    func makeAwkwardTree(in tmp: URL) throws -> (root: URL, latin1: String) {
        let root = try makeDataset(in: tmp.appendingPathComponent("tree"), perClass: 2, side: 32)
        let fake = try read(root.appendingPathComponent("fake/img_00.png").path)
        let odd = root.appendingPathComponent("odd")
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: odd.appendingPathComponent("loop").path, withDestinationPath: "..")
        try createFile(in: root, nameBytes: Array("a-caf".utf8) + [0xE9] + Array(".png".utf8), contents: fake)
        try FileManager.default.createSymbolicLink(atPath: odd.appendingPathComponent("dangling.png").path, withDestinationPath: "nowhere.png")
        XCTAssertEqual(mkfifo(odd.appendingPathComponent("pipe.png").path, 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: odd.appendingPathComponent("zero.jpg").path, withDestinationPath: "/dev/zero")
        for k in 0..<2 { try Data("GIF89a".utf8).write(to: odd.appendingPathComponent("anim\(k).gif")) }
        try Data("BM".utf8).write(to: odd.appendingPathComponent("old.bmp"))
        try Data("x".utf8).write(to: odd.appendingPathComponent(".hidden.png"))
        return (root, root.path + "/a-caf\u{F7E9}.png")
    }

    func testAwkwardTreeGivesOneRowPerFileAndCountsTheRest() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let (root, latin1) = try makeAwkwardTree(in: tmp)
        let run = try telltale(["score", model, root.path], timeout: 60)
        XCTAssertEqual(run.status, 1, run.stderr)
        let rows = csvRows(run.stdout)
        let odd = root.path + "/odd/"
        let expected = [latin1, root.path + "/fake/img_00.png", root.path + "/fake/img_01.png",
                        odd + "dangling.png", odd + "pipe.png", odd + "zero.jpg",
                        root.path + "/real/img_00.jpg", root.path + "/real/img_01.jpg"]
        XCTAssertEqual(rows.map { $0[0] }, expected, "each file once (no loop/… copies), sorted, nothing dropped")
        let byPath = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0) })
        XCTAssertEqual(byPath[latin1]?[4], "", "the Latin-1 name is read and scored")
        XCTAssertEqual(byPath[latin1]?[2], byPath[root.path + "/fake/img_00.png"]?[2], "same bytes, same score")
        XCTAssertEqual(byPath[odd + "dangling.png"]?[4], "cannot read the file: dangling symbolic link")
        XCTAssertEqual(byPath[odd + "pipe.png"]?[4], "not a regular file (a FIFO)")
        XCTAssertEqual(byPath[odd + "zero.jpg"]?[4], "not a regular file (a character device)")
        XCTAssertTrue(run.stderr.contains("skipped 3 files that are not images: .gif ×2, .bmp ×1"), run.stderr)
        XCTAssertTrue(run.stderr.contains("skipped 1 hidden file or folder"), run.stderr)
        XCTAssertTrue(run.stderr.contains("error: \(root.path)/a-caf\\xe9.png") == false, "a scored file has no error line")
        XCTAssertTrue(run.stderr.contains("error: \(odd)pipe.png: not a regular file (a FIFO)"), run.stderr)

        // inspect walks the same way.
        let inspected = try telltale(["inspect", root.path, "--json"], timeout: 60)
        struct Report: Decodable {
            struct File: Decodable { let path: String }
            struct Skipped: Decodable { let notImages: [String: Int]; let hidden: Int }
            struct Summary: Decodable { let files: Int; let failed: Int; let skipped: Skipped? }
            let files: [File]
            let summary: Summary
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(inspected.stdout.utf8))
        XCTAssertEqual(report.files.map(\.path), expected)
        XCTAssertEqual(report.summary.failed, 3)
        XCTAssertEqual(report.summary.skipped?.notImages, [".gif": 2, ".bmp": 1])
        XCTAssertEqual(report.summary.skipped?.hidden, 1)
        let table = try telltale(["inspect", root.path], timeout: 60)
        XCTAssertTrue(table.stdout.contains("a-caf\\xe9.png"), "people see the byte escaped")

        // The score output and its .done say so too.
        let out = tmp.appendingPathComponent("s.jsonl").path
        XCTAssertEqual(try telltale(["score", model, root.path, "-o", out, "--allow-failures"], timeout: 60).status, 0)
        let done = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(out + ".done")) as? [String: Any])
        let skipped = try XCTUnwrap(done["skipped"] as? [String: Any])
        XCTAssertEqual(skipped["notImages"] as? [String: Int], [".gif": 2, ".bmp": 1])

        // predict (on folders that are not a labelled layout) too.
        try FileManager.default.removeItem(atPath: odd + "loop")  // else odd/ leads to a labelled layout
        try createFile(in: URL(fileURLWithPath: odd), nameBytes: Array("b-caf".utf8) + [0xE9] + Array(".png".utf8),
                       contents: try read(root.path + "/fake/img_00.png"))
        let predicted = try telltale(["predict", model, odd], timeout: 60)
        XCTAssertEqual(predicted.status, 1)
        XCTAssertEqual(predicted.stdout.split(separator: "\n").count, 1 + 4, predicted.stdout)
        XCTAssertTrue(predicted.stdout.contains("\(odd)b-caf\u{F7E9}.png,"), predicted.stdout)
        XCTAssertTrue(predicted.stdout.contains("not a regular file (a FIFO)"), predicted.stdout)
        XCTAssertTrue(predicted.stderr.contains("skipped 3 files that are not images"), predicted.stderr)
    }

    func testNameThatIsNotUTF8RoundTripsThroughResume() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let (root, latin1) = try makeAwkwardTree(in: tmp)
        for format in ["csv", "jsonl"] {
            let full = tmp.appendingPathComponent("full.\(format)").path
            XCTAssertEqual(try telltale(["score", model, root.path, "-o", full, "--allow-failures"], timeout: 60).status, 0)
            let bytes = try read(full)
            XCTAssertNotNil(bytes.range(of: Data(latin1.utf8)), "the row holds the escaped name")
            let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
            // Keep the Latin-1 row (the first) and tear the next one.
            let cut = newlines[format == "csv" ? 1 : 0] + 5
            let part = tmp.appendingPathComponent("part.\(format)").path
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: part))
            try read(full + ".meta.json").write(to: URL(fileURLWithPath: part + ".meta.json"))
            let resumed = try telltale(["score", model, root.path, "-o", part, "--resume", "--allow-failures"], timeout: 60)
            XCTAssertEqual(resumed.status, 0, resumed.stderr)
            XCTAssertTrue(resumed.stderr.contains("1 kept"), resumed.stderr)
            XCTAssertEqual(try read(part), bytes)
        }
        // Given on the command line as its raw bytes (through sh's printf), the file is found too.
        let shell = Process(), out = Pipe()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", #"exec "$0" score "$1" "$(printf '%s/a-caf\351.png' "$2")""#, Self.binary.path, model, root.path]
        shell.standardOutput = out
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        let direct = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0)
        XCTAssertEqual(csvRows(direct).map { $0[0] }, [latin1])
    }

    func testCRLFListWithSpecialFilesAndRawBytes() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let (root, latin1) = try makeAwkwardTree(in: tmp)
        let odd = root.path + "/odd/"
        var list = Data()
        for path in [root.path + "/real/img_00.jpg", odd + "pipe.png", odd + "zero.jpg", odd + "dangling.png"] {
            list += Data((path + "\r\n").utf8)
        }
        list += Data((root.path + "/a-caf").utf8) + Data([0xE9]) + Data(".png\r\n".utf8)
        let file = tmp.appendingPathComponent("list.txt")
        try list.write(to: file)
        let run = try telltale(["score", model, "--paths-from", file.path], timeout: 60)
        let rows = csvRows(run.stdout)
        XCTAssertEqual(rows.map { $0[0] }, [latin1, odd + "dangling.png", odd + "pipe.png", odd + "zero.jpg",
                                            root.path + "/real/img_00.jpg"], "one path a line, CR dropped")
        guard rows.count == 5 else { return XCTFail("expected 5 rows: \(run.stdout)") }
        XCTAssertEqual(rows.first?[4], "")
        XCTAssertEqual(rows.last?[4], "")
        XCTAssertEqual(rows[2][4], "not a regular file (a FIFO)")
        XCTAssertEqual(rows[3][4], "not a regular file (a character device)")
        // The same list on standard input.
        let stdin = try telltale(["score", model, "-"], stdin: String(decoding: list, as: UTF8.self).replacingOccurrences(of: "\u{FFFD}", with: "é"), timeout: 60)
        XCTAssertEqual(csvRows(stdin.stdout).count, 5)
    }

    func testFormatsTelltaleDoesNotDecodeYetAreRowsAndTheRestIsCounted() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let folder = tmp.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("RIFF\0\0\0\0WEBPVP8 ".utf8).write(to: folder.appendingPathComponent("a.webp"))
        try Data("II*\0\u{8}\0\0\0".utf8).write(to: folder.appendingPathComponent("b.tif"))
        for k in 0..<9 { try Data("GIF89a".utf8).write(to: folder.appendingPathComponent("g\(k).gif")) }
        for k in 0..<3 { try Data("BM".utf8).write(to: folder.appendingPathComponent("b\(k).bmp")) }
        let run = try telltale(["score", model, folder.path])
        XCTAssertEqual(csvRows(run.stdout).map { URL(fileURLWithPath: $0[0]).lastPathComponent }, ["a.webp", "b.tif"],
                       "WebP and TIFF are rows (decoded once the decoder knows them), never dropped")
        XCTAssertTrue(run.stderr.contains("skipped 12 files that are not images: .gif ×9, .bmp ×3"), run.stderr)
        XCTAssertTrue(run.stderr.contains("score: 2 row(s)"), run.stderr)

        // audit counts every image of a labelled set, WebP and TIFF included.
        let set = try makeDataset(in: tmp.appendingPathComponent("set"), perClass: 6, side: 32)
        try Data("RIFF\0\0\0\0WEBPVP8 ".utf8).write(to: set.appendingPathComponent("fake/x.webp"))
        try Data("GIF89a".utf8).write(to: set.appendingPathComponent("real/y.gif"))
        let audit = try telltale(["audit", set.path, "-o", tmp.appendingPathComponent("audit.json").path])
        XCTAssertTrue(audit.stderr.contains("6 real, 7 fake"), audit.stderr)
        XCTAssertTrue(audit.stderr.contains("skipped 1 file that is not an image: .gif ×1"), audit.stderr)
        XCTAssertTrue(audit.stderr.contains("error: \(set.path)/fake/x.webp:"), audit.stderr)
    }

    func testPredictRefusesNonFiniteFeaturesLikeTrain() throws {
        let tmp = try temporaryDirectory()
        let set = try makeDataset(in: tmp.appendingPathComponent("set"), perClass: 4, side: 32)
        let features = tmp.appendingPathComponent("f").path
        XCTAssertEqual(try telltale(["extract", set.path, "--features", "npr", "--size", "32", "-o", features]).status, 0)
        let model = tmp.appendingPathComponent("m.json").path
        XCTAssertEqual(try telltale(["train", features + ".npy", "--cv", "0", "-o", model]).status, 0)
        // Put a NaN into the third row's first value.
        var npy = try read(features + ".npy")
        let columns = 17, rows = 8
        let third = npy.count - (rows - 2) * columns * 4
        npy.replaceSubrange(third..<(third + 4), with: [0x00, 0x00, 0xC0, 0x7F])
        try npy.write(to: URL(fileURLWithPath: features + ".npy"))
        let predict = try telltale(["predict", model, features + ".npy"])
        XCTAssertNotEqual(predict.status, 0)
        XCTAssertFalse(predict.stdout.contains("nan"), predict.stdout)
        XCTAssertTrue(predict.stderr.contains("row 3"), predict.stderr)
        XCTAssertTrue(predict.stderr.contains("not a finite number"), predict.stderr)
        let train = try telltale(["train", features + ".npy", "--cv", "0", "-o", model])
        XCTAssertNotEqual(train.status, 0)
        XCTAssertTrue(train.stderr.contains("not a finite number"), train.stderr)
    }

    func testTwoFreshRunsAtOnceNeverBothWrite() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = try makeDataset(in: tmp.appendingPathComponent("small"), perClass: 1, side: 32)
        for round in 0..<30 {
            let out = tmp.appendingPathComponent("race-\(round).csv").path
            // Both started before either is waited for.
            let runs = try (0..<2).map { _ in
                let process = Process(), err = Pipe()
                process.executableURL = Self.binary
                process.arguments = ["score", model, set.path, "-o", out, "--workers", "1"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = err
                try process.run()
                return (process, err)
            }
            let errors = runs.map { String(decoding: $0.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
            let statuses = runs.map { run in
                run.0.waitUntilExit()
                return run.0.terminationStatus
            }
            XCTAssertEqual(statuses.filter { $0 == 0 }.count, 1, "round \(round): \(errors)")
            let loser = errors[statuses[0] == 0 ? 1 : 0]
            XCTAssertTrue(loser.contains("exists") || loser.contains("another telltale process"), loser)
            XCTAssertEqual(csvRows(String(decoding: try read(out), as: UTF8.self)).count, 2)
        }
    }

    func testWriteErrorsNameTheFileAndTheReason() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = tmp.appendingPathComponent("train-set").path
        let plain = tmp.appendingPathComponent("plain").path
        XCTAssertTrue(FileManager.default.createFile(atPath: plain, contents: Data("x".utf8)))
        let extract = try telltale(["extract", set, "--features", "npr", "--size", "32", "-o", "/dev/full/x"])
        XCTAssertNotEqual(extract.status, 0)
        XCTAssertTrue(extract.stderr.contains("/dev/full/x"), extract.stderr)
        XCTAssertTrue(extract.stderr.contains("/dev/full is not a folder"), extract.stderr)
        XCTAssertFalse(extract.stderr.contains("same name"), extract.stderr)
        for arguments in [["predict", model, set, "-o", plain + "/p.csv"], ["score", model, set, "-o", plain + "/s.csv"],
                          ["train", set, "--features", "npr", "--size", "32", "--cv", "0", "-o", plain + "/m.json"]] {
            let run = try telltale(arguments)
            XCTAssertNotEqual(run.status, 0)
            XCTAssertTrue(run.stderr.contains("cannot write \(plain)/"), run.stderr)
            XCTAssertTrue(run.stderr.contains("\(plain) is not a folder"), run.stderr)
            XCTAssertFalse(run.stderr.contains("NSCocoaErrorDomain"), run.stderr)
        }
        // A full disk: standard output on /dev/full.
        let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        let score = try telltale(["score", model, set], standardOutput: full)
        XCTAssertNotEqual(score.status, 0)
        XCTAssertTrue(score.stderr.contains("cannot write standard output: No space left on device"), score.stderr)
    }

    func testProgressLinesWhenStderrIsNotATerminal() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = tmp.appendingPathComponent("train-set").path
        let quiet = try telltale(["score", model, set, "--batch-size", "1", "--workers", "1"])
        XCTAssertFalse(quiet.stderr.contains("ETA"), "a run shorter than the interval prints no progress: \(quiet.stderr)")
        let logged = try telltale(["score", model, set, "--batch-size", "1", "--workers", "1"],
                                  environment: ["TELLTALE_PROGRESS_INTERVAL": "0.000001"])
        let lines = logged.stderr.split(separator: "\n").filter { $0.hasPrefix("score: ") && $0.contains("ETA") }
        XCTAssertGreaterThanOrEqual(lines.count, 4, logged.stderr)
        XCTAssertTrue(lines.allSatisfy { $0.contains("/10 (") && $0.contains("/s, ETA ") }, logged.stderr)
        XCTAssertTrue(logged.stderr.contains("score: 10/10 (100 %) in "), logged.stderr)
        XCTAssertFalse(logged.stderr.contains("\r"), "plain lines, no terminal control")
        XCTAssertFalse(logged.stderr.contains("\u{1B}["), "plain lines, no terminal control")
    }

    func testMemoryBudget() throws {
        let tmp = try temporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = tmp.appendingPathComponent("train-set").path
        // 32×32 images: their file and pixels do not fit in 2 KiB.
        let tight = try telltale(["score", model, set, "--memory-budget", "2K"])
        let rows = csvRows(tight.stdout)
        XCTAssertEqual(rows.count, 10)
        XCTAssertTrue(rows.contains { $0[4].contains("over the memory budget of 2 KiB") }, tight.stdout)
        XCTAssertTrue(try telltale(["inspect", set, "--memory-budget", "1K"]).stderr.contains("memory budget"))
        XCTAssertEqual(try telltale(["score", model, set, "--memory-budget", "1G"]).status, 0)
        let bad = try telltale(["score", model, set, "--memory-budget", "lots"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("is not a size"), bad.stderr)
        for command in ["inspect", "audit", "extract", "train", "predict", "evaluate", "crossval", "score"] {
            XCTAssertTrue(try telltale([command, "--help"]).stdout.contains("--memory-budget"), command)
        }
        // Given where nothing is decoded, it is an error rather than ignored.
        let features = tmp.appendingPathComponent("f").path
        XCTAssertEqual(try telltale(["extract", set, "--features", "npr", "--size", "32", "--memory-budget", "64M", "-o", features]).status, 0)
        let sidecar = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(features + ".json")) as? [String: Any])
        XCTAssertEqual(sidecar["memory_budget"] as? Int, 64 << 20)
        for arguments in [["train", features + ".npy", "--cv", "0", "-o", tmp.appendingPathComponent("m2.json").path],
                          ["predict", model, features + ".npy"]] {
            let run = try telltale(arguments + ["--memory-budget", "1G"])
            XCTAssertNotEqual(run.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue(run.stderr.contains("--memory-budget"), run.stderr)
        }
        // Recorded with score's run; resuming with another budget is refused (it changes rows).
        let out = tmp.appendingPathComponent("s.csv").path
        XCTAssertEqual(try telltale(["score", model, set, "-o", out, "--memory-budget", "2K", "--allow-failures"]).status, 0)
        let meta = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(out + ".meta.json")) as? [String: Any])
        XCTAssertEqual(meta["memoryBudget"] as? Int, 2048)
        let other = try telltale(["score", model, set, "-o", out, "--resume"])
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.stderr.contains("--memory-budget"), other.stderr)
    }
}
