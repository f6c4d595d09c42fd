import ArgumentParser
import TelltalePipeline

/// `telltale split`: a seeded, stratified train/test split written as manifests.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a labelled dataset into train and test manifests, stratified by generator and class.",
        discussion: """
        Within every (group, label) cell the images are shuffled with the seed and the first \
        ⌈test·n⌉ go to the test set, so each generator and class is represented in both. Images \
        the dataset already assigns to a split (split folders, a manifest's split column) keep \
        it: only the others are split. Writes OUT/train.csv, OUT/test.csv and one manifest per \
        other split the dataset has (path,label,group,split), with paths relative to OUT, which \
        `train`, `evaluate` and the other commands accept as datasets.
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
        let split = try StratifiedSplit.write(dataset: dataset, test: test, seed: seed, to: output)
        let counts = split.sets.keys.sorted().map { "\($0): \(split.sets[$0]!.count) image(s)" }.joined(separator: ", ")
        print("\(counts) (seed \(seed), test fraction \(test); \(split.kept) kept the dataset's own split)")
        print("wrote " + split.sets.keys.sorted().map { "\(output)/\($0).csv" }.joined(separator: ", "))
    }
}
