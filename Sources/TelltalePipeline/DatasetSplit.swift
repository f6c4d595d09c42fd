import Foundation
import TelltaleDatasets
import TelltaleSupport

/// A seeded, stratified train/test split written as manifests (`telltale split`):
/// within every (group, label) cell the images are shuffled with the seed and the
/// first ⌈test·n⌉ go to the test set.
public enum DatasetSplit {
    public struct Result: Sendable {
        public var train: [LabelledImage]
        public var test: [LabelledImage]
    }

    /// Splits `items` (at least one image of each cell stays in training).
    public static func split(_ items: [LabelledImage], test: Double, seed: UInt64) -> Result {
        var cells: [String: [LabelledImage]] = [:]
        for item in items { cells["\(item.group ?? "")\u{0}\(item.label?.rawValue ?? -1)", default: []].append(item) }
        var train: [LabelledImage] = [], testSet: [LabelledImage] = []
        for key in cells.keys.sorted() {
            var items = cells[key]!
            var rng = SeededGenerator.stream(seed: seed, "split/\(key)")
            rng.shuffle(&items)
            let n = min(items.count - 1, Int((test * Double(items.count)).rounded(.up)))
            testSet += items.prefix(max(n, 0))
            train += items.dropFirst(max(n, 0))
        }
        return Result(train: train, test: testSet)
    }

    /// Splits the dataset at `dataset` and writes `output/train.csv` and `output/test.csv`
    /// (path,label,group,split; paths relative to `output`).
    public static func write(dataset: String, test: Double, seed: UInt64, to output: String) throws -> Result {
        let result = split(try DatasetLoader.load(dataset).items, test: test, seed: seed)
        let base = URL(fileURLWithPath: output).standardizedFileURL
        for (name, items) in [("train", result.train), ("test", result.test)] {
            var csv = CSV.record(["path", "label", "group", "split"])
            for item in items.sorted(by: { $0.path < $1.path }) {
                csv += CSV.record([RelativePath.from(base.path, to: item.path), item.label?.description ?? "",
                                   item.group ?? "", name])
            }
            try AtomicFile.write(csv, to: base.appendingPathComponent("\(name).csv").path)
        }
        return result
    }
}

/// Paths relative to a folder, so that manifests stay valid when their folder moves with the data.
public enum RelativePath {
    public static func from(_ folder: String, to path: String) -> String {
        let a = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        var common = 0
        while common < min(a.count, b.count) && a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
    }
}
