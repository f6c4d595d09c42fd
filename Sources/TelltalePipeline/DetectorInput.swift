import Foundation
import TelltaleDatasets

/// What a detector is applied to: one feature file, or images.
public enum DetectorInput: Sendable {
    /// A feature file and the split of its rows to use.
    case featureFile(String, split: SplitSelection?)
    case images([LabelledImage])

    /// Resolves command-line inputs once: a single feature file, or images (labelled
    /// datasets, or — when `allowUnlabelled` — plain files and folders). Labelled images
    /// and feature rows are those of `split` (``SplitSelection``). A labelled dataset may
    /// hold one class only (`real/` without `fake/`): a detector applied to it measures its
    /// false-positive rate (or, fakes only, its recall). What the walks left out goes to `reporter`.
    public static func resolve(_ inputs: [String], split: SplitSelection?, allowUnlabelled: Bool,
                               reporter: any PipelineReporter) throws -> DetectorInput {
        if inputs.count == 1, FeatureFile.isFeatureFile(inputs[0]) { return .featureFile(inputs[0], split: split) }
        if allowUnlabelled, let plain = try unlabelled(inputs) {
            reporter.report(plain.report)
            return .images(plain.files.map { LabelledImage(path: $0, label: nil) })
        }
        return .images(try Datasets.load(inputs, split: split, allowSingleClass: true, reporter: reporter).items)
    }

    /// Inputs that are not labelled datasets: the walk of them (nil when any is a labelled dataset).
    private static func unlabelled(_ inputs: [String]) throws -> FileWalk? {
        for input in inputs where (try? DatasetLoader.load(input)) != nil { return nil }
        return try ImageFiles.walk(inputs)
    }
}
