import ArgumentParser
import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltalePipeline

/// `telltale extract`: feature vectors of labelled images, as .npy + JSON sidecar.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Compute feature vectors of labelled image sets and write them as .npy with a JSON sidecar.",
        discussion: """
        DATASET is a folder in one of the public benchmarks' layouts (real/+fake/, 0_real/+1_fake/, \
        nature/+ai/, REAL/+FAKE/, nested under generator and train/val/test folders) or a CSV \
        manifest (path,label[,group][,split]). Unreadable images are listed with their reason \
        and skipped. Writes OUT.npy (float32, rows × features) and OUT.json (feature names, \
        configuration and its hash, each row's path, SHA-256, label and group, the failures).
        """)

    @Argument(help: "Datasets: layout folders or CSV manifests.")
    var datasets: [String]

    @OptionGroup var featureOptions: FeatureOptions
    @OptionGroup var splitOption: SplitOption
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var memoryBudget: MemoryBudgetOption

    @Option(name: [.short, .customLong("output")], help: "Output path; OUT.npy and OUT.json are written.")
    var output: String

    @Flag(help: "Also write OUT.csv (path,label,group,features…; tile rows add image,tile,x,y,width,height after group).")
    var csv = false

    func run() throws {
        let (items, skipped) = try Datasets.load(datasets, split: splitOption.split ?? .all, reporter: ConsoleReporter())
        let extractor = try FeatureExtractor(configuration: featureOptions.configuration)
        let result = try FeatureFileExtraction.write(items: items, extractor: extractor, workers: workerOptions.workers,
                                                     memoryBudget: memoryBudget.bytes, skipped: skipped,
                                                     to: output, label: "extract", reporter: ConsoleReporter())
        if csv {
            let file = try FeatureFile.read(from: output)
            let base = URL(fileURLWithPath: FeatureFile.paths(for: output).npy).deletingPathExtension().path
            try file.writeCSV(to: base + ".csv")
            print("wrote \(base).csv")
        }
        for line in result.summary(output: output) { print(line) }
    }
}
