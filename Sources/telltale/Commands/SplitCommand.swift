import ArgumentParser
import TelltalePipeline

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
        let split = try DatasetSplit.write(dataset: dataset, test: test, seed: seed, to: output)
        print("train: \(split.train.count) image(s), test: \(split.test.count) image(s) (seed \(seed), test fraction \(test))")
        print("wrote \(output)/train.csv and \(output)/test.csv")
    }
}
