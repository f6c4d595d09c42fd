import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleSupport

/// Extraction straight into a feature file, streamed: memory holds one window of
/// rows whatever the number of images.
public enum FeatureFileExtraction {
    public struct Summary {
        public var rows: Int
        public var failures: [InputFailure]
        public var seconds: Double
        public var featureCount: Int
        public var configurationHash: String
        /// With a `tile-rows` tiling, the number of rows written (one per tile); nil otherwise.
        public var tileRows: Int? = nil
        /// What those rows are: `tile`, or `face` with a face crop.
        public var rowKind = "tile"

        /// The lines for a person, once `output` is written.
        public func summary(output: String) -> [String] {
            var lines: [String] = []
            let rate = Double(rows + failures.count) / max(seconds, 1e-9)
            lines.append("\(rows) image(s) → \(featureCount) features each\(tileRows.map { " (\($0) \(rowKind) rows)" } ?? "") in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", rate)) images/s)")
            lines.append("configuration \(configurationHash.prefix(12))…")
            let paths = FeatureFile.paths(for: output)
            lines.append("wrote \(paths.npy) and \(paths.sidecar)")
            if !failures.isEmpty {
                lines.append("\(failures.count) image(s) skipped (listed in the sidecar's failures):")
                for f in failures.prefix(20) { lines.append("  \(FileSystemPath.display(f.path)): \(f.reason)") }
                if failures.count > 20 { lines.append("  … and \(failures.count - 20) more") }
            }
            return lines
        }
    }

    public static func write(items: [LabelledImage], extractor: FeatureExtractor, workers: Int, memoryBudget: Int,
                      skipped: FileWalk.Report, to output: String, label: String,
                      reporter: any PipelineReporter) throws -> Summary {
        let configuration = try JSONValue(encoding: extractor.configuration)
        let hash = extractor.configuration.hash
        let writer = try FeatureFileWriter(path: output, toolVersion: TelltaleVersion.string,
                                           featureNames: extractor.featureNames,
                                           configuration: configuration, configurationHash: hash,
                                           computation: extractor.computation)
        writer.memoryBudget = memoryBudget
        if !skipped.isEmpty { writer.skipped = skipped }
        let start = Date()
        let progress = reporter.progress(label, total: items.count)
        var failures: [InputFailure] = []
        var images = 0
        do {
            try FeatureExtraction(extractor: extractor, workers: workers, memoryBudget: memoryBudget)
                .run(items, progress: progress) { outcome in
                switch outcome.features {
                case .success:
                    for (row, vector) in try outcome.featureRows(image: &images) { try writer.append(row, features: vector) }
                case .failure(let failure):
                    let f = InputFailure(path: outcome.item.path, reason: failure.reason, split: outcome.item.split)
                    writer.recordFailure(f)
                    failures.append(f)
                    reporter.failure(f.path, reason: f.reason)
                }
            }
            _ = try writer.finish()
        } catch {
            writer.cancel()
            progress.finish()
            throw error
        }
        progress.finish()
        return Summary(rows: images, failures: failures, seconds: Date().timeIntervalSince(start),
                       featureCount: extractor.featureNames.count, configurationHash: hash,
                       tileRows: extractor.configuration.tiling?.aggregation == .tileRows || extractor.configuration.faces != nil
                           ? writer.rowCount : nil,
                       rowKind: extractor.configuration.rowKind)
    }
}
