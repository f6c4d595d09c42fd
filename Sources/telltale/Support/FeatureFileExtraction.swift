import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleSupport

/// Extraction straight into a feature file, streamed: memory holds one window of
/// rows whatever the number of images.
enum FeatureFileExtraction {
    struct Summary {
        var rows: Int
        var failures: [FeatureFailure]
        var seconds: Double
        var featureCount: Int
        var configurationHash: String

        func printSummary(output: String) {
            let rate = Double(rows + failures.count) / max(seconds, 1e-9)
            print("\(rows) image(s) → \(featureCount) features each in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", rate)) images/s)")
            print("configuration \(configurationHash.prefix(12))…")
            let paths = FeatureFile.paths(for: output)
            print("wrote \(paths.npy) and \(paths.sidecar)")
            if !failures.isEmpty {
                print("\(failures.count) image(s) skipped (listed in the sidecar's failures):")
                for f in failures.prefix(20) { print("  \(Console.display(f.path)): \(f.reason)") }
                if failures.count > 20 { print("  … and \(failures.count - 20) more") }
            }
        }
    }

    static func write(items: [LabelledImage], extractor: FeatureExtractor, workers: Int, memoryBudget: Int,
                      skipped: FileWalk.Report, to output: String, label: String) throws -> Summary {
        let configuration = try JSONValue(encoding: extractor.configuration)
        let hash = extractor.configuration.hash
        let writer = try FeatureFileWriter(path: output, toolVersion: TelltaleVersion.string,
                                           featureNames: extractor.featureNames,
                                           configuration: configuration, configurationHash: hash,
                                           computation: extractor.computation)
        writer.memoryBudget = memoryBudget
        if !skipped.isEmpty { writer.skipped = skipped }
        let progress = ProgressLine(label, total: items.count)
        var failures: [FeatureFailure] = []
        do {
            try FeatureExtraction(extractor: extractor, workers: workers, memoryBudget: memoryBudget)
                .run(items, progress: progress) { outcome in
                switch outcome.features {
                case .success(let vector):
                    try writer.append(FeatureRow(path: outcome.item.path, sha256: outcome.sha256, label: outcome.item.label,
                                                 group: outcome.item.group, split: outcome.item.split), features: vector)
                case .failure(let failure):
                    let f = FeatureFailure(path: outcome.item.path, reason: failure.reason)
                    writer.recordFailure(f)
                    failures.append(f)
                    Console.failure(f.path, f.reason)
                }
            }
            _ = try writer.finish()
        } catch {
            writer.cancel()
            progress.finish()
            throw error
        }
        progress.finish()
        return Summary(rows: writer.rowCount, failures: failures, seconds: progress.elapsed,
                       featureCount: extractor.featureNames.count, configurationHash: hash)
    }
}
