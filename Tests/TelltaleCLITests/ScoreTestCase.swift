import Foundation
import XCTest
import TelltaleSupport

/// Shared fixtures of the `telltale score` / `merge-scores` tests: a tiny model and a
/// small tree of images with broken files among them.
class ScoreTestCase: CLITestCase {
    /// A model trained on a tiny dataset (`--features npr --size 32 --cv 0`), with extra `train` options.
    func trainModel(in tmp: URL, name: String = "model.json", extra: [String] = []) throws -> String {
        let set = tmp.appendingPathComponent("train-set")
        if !FileManager.default.fileExists(atPath: set.path) { _ = try makeDataset(in: set, perClass: 5, side: 32) }
        let model = tmp.appendingPathComponent(name).path
        let run = try telltale(["train", set.path, "--features", "npr", "--size", "32", "--cv", "0", "-o", model] + extra)
        XCTAssertEqual(run.status, 0, run.stderr)
        return model
    }

    /// Files of the tree whose scoring fails.
    static let brokenNames = ["broken/empty.png", "broken/not-an-image.jpg", "broken/truncated.png"]

    /// `real/` and `fake/` images, names needing CSV quoting (a comma, quotes, a line break), and broken files.
    func makeTree(in tmp: URL) throws -> URL {
        let root = try makeDataset(in: tmp.appendingPathComponent("tree"), perClass: 4, side: 32)
        let nested = root.appendingPathComponent("more/deep, \"quoted\"")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let fake = try Data(contentsOf: root.appendingPathComponent("fake/img_00.png"))
        try fake.write(to: nested.appendingPathComponent("copy.png"))
        // A line break in a file name: quoted in CSV, escaped in JSON.
        try fake.write(to: root.appendingPathComponent("more/line\nbreak.png"))
        let broken = root.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data().write(to: broken.appendingPathComponent("empty.png"))
        try Data("this is not an image\n".utf8).write(to: broken.appendingPathComponent("not-an-image.jpg"))
        try fake.prefix(fake.count / 2).write(to: broken.appendingPathComponent("truncated.png"))
        return root
    }

    /// Every file under `root`, sorted byte-wise (the order `telltale score` promises).
    func sortedFiles(under root: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)!
        var files: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = root.path + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func sha256Hex(_ data: Data) -> String { Digest.sha256(data) }

    func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// The rows of a CSV score output (header dropped), parsed with a small RFC 4180 reader.
    func csvRows(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = [], field = "", quoted = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if quoted {
                if c == "\"" {
                    let n = text.index(after: i)
                    if n < text.endIndex, text[n] == "\"" { field.append("\""); i = n } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(field); field = "" }
            else if c == "\n" { fields.append(field); field = ""; records.append(fields); fields = [] }
            else { field.append(c) }
            i = text.index(after: i)
        }
        XCTAssertEqual(records.first, ["path", "sha256", "score", "decision", "error"])
        return Array(records.dropFirst())
    }
}
