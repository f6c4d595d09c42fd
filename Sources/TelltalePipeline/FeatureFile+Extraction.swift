import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleSupport

/// Feature files in memory: what `train`, `predict` and `evaluate` work on, read from
/// disk or extracted on the fly.
extension FeatureFile {
    /// What the rows of an image are when it has several: `face` with a face crop
    /// (``TelltaleFeatures/FaceCrop``), else `tile`.
    public var rowKind: String {
        (try? sidecar.configuration.decode(as: FeatureConfiguration.self))?.rowKind ?? "tile"
    }

    /// Labels as 0 (real) / 1 (fake); throws if any row is unlabelled.
    public func labels(for purpose: String) throws -> [Int] {
        try rows.map { row in
            guard let label = row.label else { throw PipelineError.file(row.path, reason: "no label, but \(purpose) needs labelled images") }
            return label.rawValue
        }
    }

    /// The rows of `split` (``SplitSelection``; nil refuses rows of several splits), and the
    /// failures of that split; a note says how many rows were left out.
    public func selecting(split: SplitSelection?, reporter: any PipelineReporter) throws -> FeatureFile {
        let splits = rows.map(\.split)
        let kept = try SplitSelection.select(splits, split, what: "feature rows")
        var part = self
        if let split { part.sidecar.failures = failures.filter { split.includes($0.split) } }
        guard kept.count < rows.count else { return part }
        reporter.note("split \(split!): \(kept.count) of \(rows.count) feature rows (the file has \(SplitSelection.census(splits)))")
        return part.selecting(rows: kept)
    }

    /// Extracts the features of labelled images into memory (for train/evaluate on image
    /// folders); what could not be decoded goes to `failures` and to `reporter`.
    public static func extract(items: [LabelledImage], extractor: FeatureExtractor, transform: ImageTransform,
                               workers: Int, memoryBudget: Int, label: String,
                               reporter: any PipelineReporter) throws -> FeatureFile {
        var rows: [FeatureRow] = [], failures: [InputFailure] = []
        var images = 0
        var matrix = Matrix(zeros: 0, extractor.featureNames.count)
        let progress = reporter.progress(label, total: items.count)
        try FeatureExtraction(extractor: extractor, transform: transform, workers: workers, memoryBudget: memoryBudget)
            .run(items, progress: progress) { outcome in
            switch outcome.features {
            case .success:
                for (row, vector) in try outcome.featureRows(image: &images) {
                    rows.append(row)
                    try matrix.append(row: vector)
                }
            case .failure(let failure):
                failures.append(InputFailure(path: outcome.item.path, reason: failure.reason, split: outcome.item.split))
                reporter.failure(outcome.item.path, reason: failure.reason)
            }
        }
        progress.finish()
        var sidecar = FeatureSidecar(toolVersion: TelltaleVersion.string, featureNames: extractor.featureNames,
                                     configuration: try JSONValue(encoding: extractor.configuration),
                                     configurationHash: extractor.configuration.hash, rows: rows, failures: failures)
        sidecar.memoryBudget = memoryBudget
        return FeatureFile(sidecar: sidecar, matrix: matrix)
    }
}

extension FeatureExtraction.Outcome {
    /// The feature rows of a successful outcome: one for the image, or with tile rows one per
    /// tile (with a face crop one per face), carrying the image's ordinal `image` (then
    /// incremented), the tile's box (the face's region) and the face.
    func featureRows(image: inout Int) throws -> [(FeatureRow, [Float])] {
        let base = FeatureRow(path: item.path, sha256: sha256, label: item.label, group: item.group, split: item.split)
        let vectors = try tileVectors.get()
        defer { image += 1 }
        guard let tiles else { return [(base, vectors[0])] }
        return zip(tiles.indices, zip(tiles, vectors)).map { k, pair in
            var row = base
            row.image = image
            row.tile = TileBox(index: k, x: pair.0.x, y: pair.0.y, width: pair.0.width, height: pair.0.height)
            row.face = faces?[k]
            return (row, pair.1)
        }
    }
}
