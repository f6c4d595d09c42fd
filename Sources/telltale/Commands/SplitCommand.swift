import ArgumentParser
import Foundation
import TelltaleDatasets
import TelltaleSupport

/// `telltale split`: a seeded, stratified train/test split written as manifests.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a labelled dataset into train and test manifests, stratified by generator and class.",
        discussion: """
        Within every (group, label) cell the images are shuffled with the seed and the first \
        ⌈test·n⌉ go to the test set, so each generator and class is represented in both. Writes \
        OUT/train.csv and OUT/test.csv (path,label,group,split), with paths relative to OUT, \
        which `train`, `evaluate` and the other commands accept as datasets.
        """)

    @Argument(help: "A labelled dataset (layout folder or manifest).")
    var dataset: String

    @Option(help: "Fraction of each cell held out for testing.")
    var test: Double = 0.3

    @Option(help: "Seed of the shuffle.")
    var seed: UInt64 = 0

    @Option(name: [.short, .customLong("output")], help: "Folder for train.csv and test.csv.")
    var output: String

    func validate() throws {
        if !(test > 0 && test < 1) { throw ValidationError("--test must be strictly between 0 and 1") }
    }

    func run() throws {
        let data = try DatasetLoader.load(dataset)
        var cells: [String: [LabelledImage]] = [:]
        for item in data.items { cells["\(item.group ?? "")\u{0}\(item.label?.rawValue ?? -1)", default: []].append(item) }
        var train: [LabelledImage] = [], testSet: [LabelledImage] = []
        for key in cells.keys.sorted() {
            var items = cells[key]!
            var rng = SeededGenerator.stream(seed: seed, "split/\(key)")
            rng.shuffle(&items)
            let n = min(items.count - 1, Int((test * Double(items.count)).rounded(.up)))
            testSet += items.prefix(max(n, 0))
            train += items.dropFirst(max(n, 0))
        }
        let base = URL(fileURLWithPath: output).standardizedFileURL
        for (name, items) in [("train", train), ("test", testSet)] {
            var csv = CSV.record(["path", "label", "group", "split"])
            for item in items.sorted(by: { $0.path < $1.path }) {
                csv += CSV.record([RelativePath.from(base.path, to: item.path), item.label?.description ?? "",
                                   item.group ?? "", name])
            }
            try AtomicFile.write(csv, to: base.appendingPathComponent("\(name).csv").path)
        }
        print("train: \(train.count) image(s), test: \(testSet.count) image(s) (seed \(seed), test fraction \(test))")
        print("wrote \(output)/train.csv and \(output)/test.csv")
    }
}

/// Paths relative to a folder, so that manifests stay valid when their folder moves with the data.
enum RelativePath {
    static func from(_ folder: String, to path: String) -> String {
        let a = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        var common = 0
        while common < min(a.count, b.count) && a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
    }
}
