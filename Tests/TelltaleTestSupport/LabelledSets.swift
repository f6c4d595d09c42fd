import Foundation
import TelltaleImaging
import TelltaleSupport
import XCTest

extension SyntheticImages {
    /// A small RGB image for the labelled sets: a smooth ramp with 3 bits of seeded noise;
    /// a `fake` one also carries a periodic 2-pixel grid (an up-sampling trace).
    public static func labelled(side: Int, fake: Bool, seed: UInt64) -> Image {
        var rng = SeededGenerator(seed: seed)
        var pixels = [UInt8](repeating: 0, count: side * side * 3)
        for y in 0..<side {
            for x in 0..<side {
                for c in 0..<3 {
                    var v = 90 + (x + 2 * y + 17 * c) % 80 + Int(rng.next() >> 61)
                    if fake && (x % 2 == 0) != (y % 2 == 0) { v += 24 }
                    pixels[(y * side + x) * 3 + c] = UInt8(min(255, v))
                }
            }
        }
        return Image(width: side, height: side, channels: 3, pixels: pixels)
    }
}

extension TemporaryDirectory {
    /// A small labelled set at `relative` (`""`: this folder): `real/img_NN.jpg` are smooth JPEGs
    /// (quality 92), `fake/img_NN.png` carry the grid and are PNGs — under `group/` when given.
    /// Returns the set's root (the folder above `group/`).
    @discardableResult
    public func labelledSet(_ relative: String = "", perClass: Int = 6, side: Int = 48, group: String? = nil) throws -> String {
        let root = relative.isEmpty ? path : path(relative)
        let base = group.map { root + "/" + $0 } ?? root
        for (label, folder) in [(0, "real"), (1, "fake")] {
            try FileManager.default.createDirectory(atPath: base + "/" + folder, withIntermediateDirectories: true)
            for i in 0..<perClass {
                let image = SyntheticImages.labelled(side: side, fake: label == 1, seed: UInt64(i + 1 + 100 * label))
                let bytes = label == 1 ? try ImageEncoder.png(image) : try ImageEncoder.jpeg(image, quality: 92)
                let name = String(format: "img_%02d.%@", i, label == 1 ? "png" : "jpg")
                try Data(bytes).write(to: URL(fileURLWithPath: base + "/" + folder + "/" + name))
            }
        }
        return root
    }

    /// Files of ``scoringTree(_:)`` whose scoring fails, relative to the tree.
    public static let brokenNames = ["broken/empty.png", "broken/not-an-image.jpg", "broken/truncated.png"]

    /// A tree to score: a labelled set (4 a class, 32 px), names needing CSV quoting and JSON
    /// escaping (a comma, quotes, a line break) holding copies of `fake/img_00.png`, and the
    /// broken files of ``brokenNames``. Returns its root.
    @discardableResult
    public func scoringTree(_ relative: String = "tree") throws -> String {
        let root = try labelledSet(relative, perClass: 4, side: 32)
        let fake = try Data(contentsOf: URL(fileURLWithPath: root + "/fake/img_00.png"))
        try write(relative + "/more/deep, \"quoted\"/copy.png", bytes: [UInt8](fake))
        // A line break in a file name: quoted in CSV, escaped in JSON.
        try write(relative + "/more/line\nbreak.png", bytes: [UInt8](fake))
        try write(relative + "/broken/empty.png", bytes: [])
        try write(relative + "/broken/not-an-image.jpg", text: "this is not an image\n")
        try write(relative + "/broken/truncated.png", bytes: [UInt8](fake.prefix(fake.count / 2)))
        return root
    }

    /// Every regular file under `root`, sorted byte-wise by path (the order `telltale score` promises).
    public static func sortedFiles(under root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)!
        var files: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = root + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// The rows of a `telltale score` CSV output, read by a small RFC 4180 reader of its own
/// (not the one the pipeline writes with).
public enum ScoreCSV {
    public static let header = ["path", "sha256", "score", "decision", "error"]

    /// The records after the header, which must be ``header``.
    public static func rows(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [[String]] {
        let records = self.records(text)
        XCTAssertEqual(records.first, header, file: file, line: line)
        return Array(records.dropFirst())
    }

    /// Every record of `text`, each ending at an unquoted line break.
    public static func records(_ text: String) -> [[String]] {
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
        return records
    }
}

/// Labelled per-image scores (a score file) for evaluation tests.
public enum ScoreFiles {
    /// Two generators, each with its own reals, on a layout where pooling matters: gen-a's
    /// reals score high, gen-b's low. Against its own reals gen-a's ROC AUC is 3/4 and
    /// gen-b's 1; against every real 7/8 and 3/4.
    public static let pooledLayout = """
        path,score,label,group
        a-r1.png,0.6,real,gen-a
        a-r2.png,0.7,real,gen-a
        a-f1.png,0.65,fake,gen-a
        a-f2.png,0.8,fake,gen-a
        b-r1.png,0.1,real,gen-b
        b-r2.png,0.2,real,gen-b
        b-f1.png,0.3,fake,gen-b
        b-f2.png,0.9,fake,gen-b

        """
}
