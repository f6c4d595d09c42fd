import Foundation
import TelltaleDatasets
import TelltaleFaces
import TelltaleFeatures
import TelltaleImaging
import TelltaleSupport

/// Where one image looks generated (issue 12, "Where"): a detector's score for every `S × S`
/// tile of the image (``ExplainGrid``), the per-pixel heat-map they make (``HeatMap``) and the
/// image's overall score, exactly as `telltale score` gives it.
///
/// A tile is scored as the model scores an image's features: a centre-crop model was trained
/// on `S × S` crops, which a tile is; a tiled model's row is the mean of its tiles' vectors, and
/// the mean of one tile is the tile's vector. A `mean+std` model's standard-deviation columns
/// are 0 for one tile — what it saw for every one-tile (small) image — so a tile is scored with
/// them at 0. A neutralised model's own preprocessing (centre crop and JPEG re-encoding) is
/// applied to each tile, as it is to each image. Calibration and threshold are the model's.
public struct Explanation: Sendable {
    public struct Tile: Codable, Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        /// P(generated) of this tile alone.
        public var score: Double
    }

    /// A face a face-crop model judged, and its score.
    public struct FaceScore: Codable, Sendable, Equatable {
        /// The detector's box (may reach past the image's edges); nil for a fallback row.
        public var box: PixelRegion?
        /// The pixels judged: the box enlarged by the margin and clipped (or the fallback region).
        public var region: PixelRegion
        /// The detector's confidence; nil for a fallback row.
        public var confidence: Double?
        /// The 68 landmarks (iBUG order) as `[x, y]` pairs; empty for a fallback row.
        public var landmarks: [[Int]]
        /// P(generated) of this face's row alone (calibrated as the model's scores are).
        public var score: Double

        /// One per row of an image: its region, its face (nil for a fallback row) and its score,
        /// aligned lists as ``FeatureExtraction/Outcome`` gives regions and faces.
        public static func list(regions: [PixelRegion], faces: [Face?], scores: [Double]) -> [FaceScore] {
            zip(regions, zip(faces, scores)).map { region, pair in
                FaceScore(box: pair.0?.box, region: region, confidence: pair.0?.confidence,
                          landmarks: pair.0?.landmarks.map { [$0.x, $0.y] } ?? [], score: pair.1)
            }
        }
    }

    public var path: String
    public var sha256: String
    public var width: Int
    public var height: Int
    public var tileSize: Int
    /// The stride used (``ExplainGrid/stride(side:requested:width:height:maxTiles:)``).
    public var stride: Int
    /// The image's score as `telltale score` gives it.
    public var score: Double
    public var threshold: Double
    /// Raster order.
    public var tiles: [Tile]
    /// With a face-crop model: each face it judged (largest first), or the fallback region
    /// of an image without one (no box, no landmarks), with that row's own score — the image's
    /// score is the highest (the model's rule). Nil for other models.
    public var faces: [FaceScore]?
    public var heatMap: HeatMap
    /// The heat-map over the (downscaled) image.
    public var overlay: Image

    /// Explains the image at `path` with `detector`: scored as `score` scores it, then read
    /// again and decoded whole within `memoryBudget` bytes (the file, the decoded pixels, one chunk of
    /// ``FeatureExtractor/tileChunk`` tiles' working memory and the heat-map's arrays all
    /// count), tiles at `stride` (default: the tile size) capped at `maxTiles`, scored
    /// ``FeatureExtractor/tileChunk`` at a time.
    public static func explain(path: String, detector: Detector, stride: Int?, maxTiles: Int,
                               memoryBudget: Int) throws -> Explanation {
        let extractor = detector.extractor
        let s = extractor.configuration.cropSize
        if let stride, !(1...s).contains(stride) {
            throw PipelineError.setting("--stride \(stride): must be between 1 and the model's tile size \(s)")
        }
        guard (1...ExplainGrid.maxTilesLimit).contains(maxTiles) else {
            throw PipelineError.setting("--max-tiles \(maxTiles): must be between 1 and \(ExplainGrid.maxTilesLimit)")
        }
        if let face = extractor.configuration.families.first(where: FeatureRegistry.faceNames.contains) {
            throw PipelineError.setting("this model uses the '\(face)' features, computed from a face's landmarks over its "
                                        + "whole region: a tile alone has none, so its tiles cannot be scored")
        }
        let extraction = FeatureExtraction(extractor: extractor, workers: 1, memoryBudget: memoryBudget)
        let transform = extraction.transform
        // The overall score first, by the very code `score` runs, its memory freed before the whole
        // image is decoded (so each step stays within the budget); then the file is read again.
        guard let outcome = FeatureExtraction.process([LabelledImage(path: path, label: nil)], extractor: extractor,
                                                      transform: transform, memoryBudget: memoryBudget).first else {
            throw PipelineError.file(path, reason: "not processed")
        }
        let rows = try outcome.tileVectors.get()
        let overall = try detector.imageProbabilities([rows])[0]
        var faces: [FaceScore]?
        if extractor.configuration.faces != nil, let regions = outcome.tiles, let found = outcome.faces {
            // Each face's row scored alone: the model's rule over one row gives that row's score.
            faces = FaceScore.list(regions: regions, faces: found, scores: try detector.imageProbabilities(rows.map { [$0] }))
        }
        let bytes = try ImageDecoder.readFile(path, budget: memoryBudget)
        let sha = Digest.sha256(bytes)
        guard outcome.sha256 == sha else { throw PipelineError.file(path, reason: "the file changed while it was read") }
        let facts = try ImageDecoder.facts(of: bytes, path: path)
        let (tiles, used) = try ExplainGrid.tiles(width: facts.width, height: facts.height, extractor: extractor,
                                                  stride: stride ?? s, maxTiles: maxTiles)
        let factor = HeatMap.factor(width: facts.width, height: facts.height)
        let mapPixels = ((facts.width + factor - 1) / factor) * ((facts.height + factor - 1) / factor)
        let decoded = max(1, facts.width * facts.height * max(1, facts.channels))
        var options = DecodeOptions()
        options.memoryBudget = memoryBudget
        // The chunk's crops and planes, the map's sums, counts, values and overlay (8 + 4 + 4 + 3
        // bytes a pixel), and what the model's own transform takes per tile.
        options.workingCopies = Double(extractor.tileWorkingBytes(tiles: tiles, channels: facts.channels) + 19 * mapPixels)
            / Double(decoded) + transform.workingCopies(centreCrop: s)
        let image = try ImageDecoder.decode(bytes, path: path, options: options)

        // Every tile's score, a chunk at a time.
        let stdColumns = extractor.configuration.tiling?.aggregation == .meanStd ? extractor.tileFeatureNames.count : 0
        var scores: [Double] = []
        scores.reserveCapacity(tiles.count)
        var start = 0
        while start < tiles.count {
            let chunk = tiles[start..<min(start + FeatureExtractor.tileChunk, tiles.count)]
            let inputs = try chunk.map { tile in
                var crop = image.cropped(to: tile)
                if !transform.isIdentity { crop = try transform.apply(crop, key: sha, centreCrop: s) }
                return try extractor.prepare(crop)
            }
            let vectors = extractor.extract(batch: inputs).map { $0 + [Float](repeating: 0, count: stdColumns) }
            guard vectors.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { throw FeatureExtraction.ExtractionFailure(reason: "non-finite feature values") }
            scores += try detector.model.predictProbability(try Matrix(rows: vectors))
            start += FeatureExtractor.tileChunk
        }
        let map = HeatMap(tiles: tiles, scores: scores, imageWidth: image.width, imageHeight: image.height, factor: factor)
        return Explanation(path: path, sha256: sha, width: image.width, height: image.height, tileSize: s, stride: used,
                           score: overall, threshold: detector.threshold,
                           tiles: zip(tiles, scores).map { Tile(x: $0.x, y: $0.y, width: $0.width, height: $0.height, score: $1) },
                           faces: faces, heatMap: map,
                           overlay: map.marking((faces ?? []).map { f in
                               (f.region, f.landmarks.map { (x: $0[0], y: $0[1]) }, f.score)
                           }, on: map.overlay(on: image)))
    }

    /// The tiles with the highest scores, highest first (ties in raster order).
    public func topTiles(_ n: Int) -> [Tile] {
        Array(tiles.enumerated().sorted { ($1.element.score, $0.offset) < ($0.element.score, $1.offset) }.prefix(n).map(\.element))
    }

    /// `<name>.tiles.json`: canonical JSON (sorted keys).
    public struct Document: Codable, Sendable, Equatable {
        public var image: String
        public var sha256: String
        public var model: String
        public var modelSHA256: String
        public var width: Int
        public var height: Int
        public var tileSize: Int
        public var stride: Int
        public var score: Double
        public var threshold: Double
        public var decision: String
        public var heatMap: String
        public var heatMapFactor: Int
        public var tiles: [Tile]
        /// With a face-crop model, the faces judged (``Explanation/faces``); absent otherwise.
        public var faces: [FaceScore]?
    }

    public func document(model: String, modelSHA256: String, heatMapName: String) -> Document {
        Document(image: path, sha256: sha256, model: model, modelSHA256: modelSHA256, width: width, height: height,
                 tileSize: tileSize, stride: stride, score: score, threshold: threshold,
                 decision: score >= threshold ? "fake" : "real", heatMap: heatMapName, heatMapFactor: heatMap.factor,
                 tiles: tiles, faces: faces)
    }
}

extension FeatureExtraction.ExtractionFailure: CustomStringConvertible {
    public var description: String { reason }
}
