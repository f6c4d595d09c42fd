import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleLearning
import TelltaleSupport

/// Feature vectors in memory with their rows' descriptions: what `train`,
/// `predict` and `evaluate` work on, from a feature file or extracted on the fly.
public struct FeatureTable: Sendable {
    public var configuration: JSONValue
    public var configurationHash: String
    public var featureNames: [String]
    public var rows: [FeatureRow]
    /// Row-major, `rows.count × featureNames.count`.
    public var values: [Float]
    public var failures: [InputFailure]

    public var matrix: Matrix {
        get throws { try Matrix(rows: rows.count, cols: featureNames.count, values: values) }
    }

    /// Labels as 0 (real) / 1 (fake); throws if any row is unlabelled.
    public func labels(for purpose: String) throws -> [Int] {
        try rows.map { row in
            guard let label = row.label else { throw PipelineError.file(row.path, reason: "no label, but \(purpose) needs labelled images") }
            return label.rawValue
        }
    }

    /// True when `path` names a feature file (`X.npy`, `X.json`, or `X` with both beside it).
    public static func isFeatureFile(_ path: String) -> Bool {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return false }
        if path.hasSuffix(".csv") { return false }  // a manifest
        let paths = FeatureFile.paths(for: path)
        return fm.fileExists(atPath: paths.npy) && fm.fileExists(atPath: paths.sidecar)
    }

    /// Reads a feature file written by `extract`.
    ///
    /// A file holding a NaN or an infinity is refused whole, naming the row and the
    /// feature, by every command (train, predict, evaluate, crossval alike): `extract`
    /// never writes such a row (an image whose features are not finite is a failure),
    /// so the file was made or changed by something else and none of its rows can be
    /// trusted more than the others.
    public static func read(featureFile path: String) throws -> FeatureTable {
        let file = try FeatureFile.read(from: path)
        let table = FeatureTable(configuration: file.sidecar.configuration, configurationHash: file.sidecar.configurationHash,
                                 featureNames: file.featureNames, rows: file.rows, values: file.matrix.values,
                                 failures: file.failures)
        let columns = max(table.featureNames.count, 1)
        if let k = table.values.firstIndex(where: { !$0.isFinite }) {
            let row = k / columns, column = k % columns
            let name = column < table.featureNames.count ? table.featureNames[column] : "\(column)"
            throw PipelineError.file(path, reason: "row \(row + 1) (\(FileSystemPath.display(table.rows[row].path))) has feature \(name) = \(table.values[k]), not a finite number; telltale extract never writes such rows — extract the features again")
        }
        return table
    }

    /// Extracts features of labelled images into memory (for train/evaluate on image folders).
    public static func extract(items: [LabelledImage], extractor: FeatureExtractor, transform: ImageTransform,
                        workers: Int, memoryBudget: Int, label: String,
                        reporter: any PipelineReporter) throws -> FeatureTable {
        var table = FeatureTable(configuration: try JSONValue(encoding: extractor.configuration),
                                 configurationHash: extractor.configuration.hash,
                                 featureNames: extractor.featureNames, rows: [], values: [], failures: [])
        let progress = reporter.progress(label, total: items.count)
        try FeatureExtraction(extractor: extractor, transform: transform, workers: workers, memoryBudget: memoryBudget)
            .run(items, progress: progress) { outcome in
            switch outcome.features {
            case .success(let vector):
                table.rows.append(FeatureRow(path: outcome.item.path, sha256: outcome.sha256, label: outcome.item.label,
                                             group: outcome.item.group, split: outcome.item.split))
                table.values += vector
            case .failure(let failure):
                table.failures.append(InputFailure(path: outcome.item.path, reason: failure.reason))
                reporter.failure(outcome.item.path, reason: failure.reason)
            }
        }
        progress.finish()
        return table
    }
}
