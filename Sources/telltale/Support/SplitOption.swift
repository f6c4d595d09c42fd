import ArgumentParser
import TelltalePipeline

/// `--split NAME`, shared by the commands that read labelled datasets.
struct SplitOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Use only the images (or feature rows) of this split: train, val, test (split folders or a manifest's split column), or all. Without it, inputs holding several splits are refused by the commands that train or measure (train, evaluate, crossval, calibrate).",
        valueName: "name"), transform: SplitSelection.init)
    var split: SplitSelection?
}
