import Foundation
import TelltaleDatasets
import TelltaleSupport

/// A seeded, stratified train/test split written as manifests (`telltale split`):
/// within every (group, label) cell the images are shuffled with the seed and the
/// first ⌈test·n⌉ go to the test set.
///
/// A split the dataset already has (split folders, a manifest's split column) is kept:
/// only images without one are split, so an official test set never leaks into
/// training and an official training set is not re-shuffled.
public enum StratifiedSplit {
    public struct Result: Sendable {
        /// The images of each split, by name (`train`, `test`, and any split the data had).
        public var sets: [String: [LabelledImage]]
        /// How many images kept the split the dataset gave them.
        public var kept: Int

        public var train: [LabelledImage] { sets["train"] ?? [] }
        public var test: [LabelledImage] { sets["test"] ?? [] }
    }

    /// Splits the `items` that have no split yet (at least one image of each cell stays
    /// in training); the others keep theirs.
    public static func split(_ items: [LabelledImage], test: Double, seed: UInt64) -> Result {
        var cells: [String: [LabelledImage]] = [:]
        var sets: [String: [LabelledImage]] = ["train": [], "test": []]
        var kept = 0
        for item in items {
            if let split = item.split {
                sets[split, default: []].append(item)
                kept += 1
            } else {
                cells["\(item.group ?? "")\u{0}\(item.label?.rawValue ?? -1)", default: []].append(item)
            }
        }
        for key in cells.keys.sorted() {
            var items = cells[key]!
            var rng = SeededGenerator.stream(seed: seed, "split/\(key)")
            rng.shuffle(&items)
            let n = min(items.count - 1, Int((test * Double(items.count)).rounded(.up)))
            sets["test"]! += items.prefix(max(n, 0))
            sets["train"]! += items.dropFirst(max(n, 0))
        }
        return Result(sets: sets, kept: kept)
    }

    /// Splits the dataset at `dataset` and writes one manifest per split, `output/<split>.csv`
    /// (path,label,group,split; paths relative to `output`): `train.csv` and `test.csv`,
    /// and e.g. `val.csv` when the dataset has a validation split.
    public static func write(dataset: String, test: Double, seed: UInt64, to output: String) throws -> Result {
        let items = try DatasetLoader.load(dataset).items
        guard items.contains(where: { $0.split == nil }) else {
            let splits = Dictionary(grouping: items, by: { $0.split! }).map { "\($0.key) \($0.value.count)" }.sorted()
            throw PipelineError.file(dataset, reason: "every image already has its split (\(splits.joined(separator: ", "))), so --test and --seed would change nothing: use the dataset with --split NAME as it is")
        }
        let result = split(items, test: test, seed: seed)
        let base = URL(fileURLWithPath: output).standardizedFileURL
        for name in result.sets.keys.sorted() {
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw PipelineError.file(dataset, reason: "split '\(name)' cannot name a manifest file (letters, digits, - and _ only)")
            }
            var csv = CSV.record(["path", "label", "group", "split"])
            for item in result.sets[name]!.sorted(by: { $0.path < $1.path }) {
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
