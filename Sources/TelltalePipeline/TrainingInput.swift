import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging

/// Where labelled features come from: feature files written by `extract`, or
/// datasets extracted on the fly with the feature options given.
public enum TrainingInput {
    /// Loads (or extracts) the features of `inputs`, which must be all feature files or all
    /// datasets, keeping the images or rows of `split` (``SplitSelection``). Images are
    /// extracted with `configuration` (nil: ``FeatureConfiguration/defaults``); feature files
    /// have the configuration they were extracted with, so giving one with them is an error.
    public static func load(_ inputs: [String], split: SplitSelection?, configuration: FeatureConfiguration?,
                            augmentation: (Augmentation, UInt64)?,
                     workers: Int, memoryBudget: Int?, label: String, reporter: any PipelineReporter) throws -> FeatureFile {
        let kinds = Set(inputs.map(FeatureFile.isFeatureFile))
        guard kinds.count == 1 else { throw PipelineError.inputs("give either feature files or datasets, not both") }
        if kinds.first == true {
            if augmentation != nil { throw PipelineError.inputs("--augment needs images: give datasets, not feature files") }
            if configuration != nil {
                throw PipelineError.inputs("feature options (--features, --size, --colour, --small-images, --neutralise) apply to images; a feature file's features are those it was extracted with")
            }
            try MemoryBudget.requireImages(false, given: memoryBudget)
            var table = try FeatureFile.read(from: inputs[0])
            for path in inputs.dropFirst() {
                let more = try FeatureFile.read(from: path)
                guard more.configurationHash == table.configurationHash, more.featureNames == table.featureNames else {
                    throw PipelineError.file(path, reason: "its feature configuration differs from \(inputs[0])'s")
                }
                try table.append(more, source: path)
            }
            return try table.selecting(split: split, reporter: reporter)
        }
        let items = try Datasets.load(inputs, split: split, reporter: reporter).items
        let extractor = try FeatureExtractor(configuration: configuration ?? .defaults)
        var transform = ImageTransform.none
        if let (a, seed) = augmentation { transform.augmentation = (a, seed: seed) }
        return try FeatureFile.extract(items: items, extractor: extractor, transform: transform, workers: workers,
                                        memoryBudget: memoryBudget ?? DecodeOptions.defaultMemoryBudget, label: label, reporter: reporter)
    }
}
