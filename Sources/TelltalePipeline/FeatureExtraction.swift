import Foundation
import TelltaleDatasets
import TelltaleFaces
import TelltaleFeatures
import TelltaleImaging
import TelltaleSupport

/// The streaming extraction every command shares: read → hash → decode →
/// transform → crop → features, parallel over images with a bounded window,
/// results delivered in input order. One broken image is a failure row, never
/// the end of the run.
public struct FeatureExtraction: Sendable {
    /// The outcome for one image.
    public struct Outcome: Sendable {
        public var item: LabelledImage
        public var sha256: String
        /// The features, or why there are none. With a `tile-rows` tiling: every tile's
        /// vector, in tile order, concatenated (see ``tiles``).
        public var features: Result<[Float], ExtractionFailure>
        /// With a `tile-rows` tiling (``TelltaleFeatures/Tiling/Aggregation/tileRows``), the
        /// tiles in the image's pixels, in tile order: ``features`` holds one vector per tile,
        /// one after the other (``tileVectors``). Nil for one row per image.
        public var tiles: [PixelRegion]? = nil
        /// With a face crop, beside ``tiles`` (then each face's region): the face of each row,
        /// nil for the fallback row of an image showing none.
        public var faces: [Face?]? = nil

        /// The rows this outcome gives: one vector, or with tile rows one per tile.
        public var tileVectors: Result<[[Float]], ExtractionFailure> {
            features.map { v in
                guard let tiles, !tiles.isEmpty else { return [v] }
                let n = v.count / tiles.count
                return (0..<tiles.count).map { Array(v[($0 * n)..<(($0 + 1) * n)]) }
            }
        }
    }

    public struct ExtractionFailure: Error, Sendable {
        public var reason: String

        /// `values` when every one is finite, else the failure `non-finite feature values`.
        static func checkingFinite(_ values: [Float]) -> Result<[Float], ExtractionFailure> {
            values.allSatisfy(\.isFinite) ? .success(values) : .failure(ExtractionFailure(reason: "non-finite feature values"))
        }
    }

    public let extractor: FeatureExtractor
    public var transform: ImageTransform = .none
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Images per GEMM batch.
    public var batchSize: Int = 8
    /// Bytes one image may take to read and decode (``DecodeOptions/memoryBudget``).
    public var memoryBudget: Int = DecodeOptions.defaultMemoryBudget

    /// `transform` adds test-time or training-time steps; the neutralisation comes from
    /// the extractor's configuration (or, when that has none, from `transform`).
    public init(extractor: FeatureExtractor, transform: ImageTransform = .none, workers: Int? = nil,
         memoryBudget: Int = DecodeOptions.defaultMemoryBudget) {
        self.extractor = extractor
        self.transform = transform
        self.memoryBudget = memoryBudget
        if let n = extractor.configuration.neutralisation { self.transform.neutralise = n }
        if let workers { self.workers = max(1, workers) }
    }

    /// Runs over `items`, calling `consume` on this thread in input order.
    public func run(_ items: [LabelledImage], progress: (any PipelineProgress)?, consume: (Outcome) throws -> Void) throws {
        let batches = stride(from: 0, to: items.count, by: batchSize).map { Array(items[$0..<min($0 + batchSize, items.count)]) }
        let extractor = self.extractor, transform = self.transform, budget = memoryBudget
        try OrderedParallelMap.map(batches, workers: workers, window: 2 * workers) { batch in
            Self.process(batch, extractor: extractor, transform: transform, memoryBudget: budget)
        } consume: { _, outcomes in
            for outcome in outcomes {
                progress?.advance(failed: (try? outcome.features.get()) == nil)
                try consume(outcome)
            }
        }
    }

    /// One batch on one worker: decode each image, then one batched feature call.
    public static func process(_ batch: [LabelledImage], extractor: FeatureExtractor, transform: ImageTransform,
                        memoryBudget: Int) -> [Outcome] {
        var outcomes: [Outcome] = []
        var inputs: [FeatureInput] = []
        var inputIndex: [Int] = []
        for item in batch {
            var outcome = Outcome(item: item, sha256: "", features: .failure(ExtractionFailure(reason: "not processed")))
            var largest = 0  // the file's bytes or its decoded pixels', whichever is more
            defer { AllocatorTuning.returnFreeMemory(afterFileOf: largest) }
            do {
                let bytes = try ImageDecoder.readFile(item.path, budget: memoryBudget)
                largest = bytes.count
                outcome.sha256 = Digest.sha256(bytes)
                if extractor.configuration.faces != nil {
                    let rows = try faceRows(bytes, path: item.path, key: outcome.sha256, extractor: extractor,
                                            transform: transform, memoryBudget: memoryBudget, largest: &largest)
                    outcome.tiles = rows.map(\.region)
                    outcome.faces = rows.map(\.face)
                    let v = rows.flatMap(\.vector)
                    outcome.features = ExtractionFailure.checkingFinite(v)
                    outcomes.append(outcome)
                    continue
                }
                if extractor.configuration.tiling != nil {
                    // Tiles: one vector from all of them, computed here a chunk at a time.
                    let (v, tiles) = try tiledVector(bytes, path: item.path, key: outcome.sha256, extractor: extractor,
                                                     transform: transform, memoryBudget: memoryBudget, largest: &largest)
                    outcome.tiles = tiles
                    outcome.features = ExtractionFailure.checkingFinite(v)
                    outcomes.append(outcome)
                    continue
                }
                // A transform needs the whole image (JPEG re-encoding and resizing change with the
                // crop's alignment); otherwise decode only the centre crop.
                var options = transform.isIdentity ? extractor.decodeOptions : DecodeOptions()
                options.memoryBudget = memoryBudget
                options.workingCopies = transform.workingCopies(centreCrop: extractor.configuration.cropSize)
                var image = try ImageDecoder.decode(bytes, path: item.path, options: options)
                largest = max(largest, image.pixels.count)
                if !transform.isIdentity {
                    image = try transform.apply(image, key: outcome.sha256, centreCrop: extractor.configuration.cropSize)
                }
                inputs.append(try extractor.prepare(image))
                inputIndex.append(outcomes.count)
            } catch let error as DecodeError {
                outcome.features = .failure(ExtractionFailure(reason: error.reasonDescription))
            } catch {
                outcome.features = .failure(ExtractionFailure(reason: "\(error)"))
            }
            outcomes.append(outcome)
        }
        if !inputs.isEmpty {
            let vectors = extractor.extract(batch: inputs)
            for (k, i) in inputIndex.enumerated() { outcomes[i].features = ExtractionFailure.checkingFinite(vectors[k]) }
        }
        return outcomes
    }

    /// A face-crop configuration's rows for one file (``TelltaleFeatures/FeatureExtractor/faceRows(_:)``):
    /// the whole image is decoded (faces may be anywhere), then transformed. Memory: the
    /// decoder counts against the budget the image's pixels and, as working copies, one chunk
    /// of tiles' working memory and the detector's: the luminance, dlib's bordered copy of it
    /// for the landmarks, and the detection copy (at most
    /// ``TelltaleFaces/FaceDetector/Parameters/detectionSide`` squared, bordered, times 4 per
    /// doubling), with HOG planes, counted as 16 bytes per pixel of that copy; with `face-context`,
    /// its planes over a region as large as the image (``TelltaleFeatures/FaceContextFamily/workingBytesPerPixel``).
    static func faceRows(_ bytes: [UInt8], path: String, key: String, extractor: FeatureExtractor,
                         transform: ImageTransform, memoryBudget: Int, largest: inout Int) throws -> [FeatureExtractor.FaceRow] {
        let facts = try ImageDecoder.facts(of: bytes, path: path)
        var options = DecodeOptions()
        options.memoryBudget = memoryBudget
        let pixels = facts.width * facts.height, decoded = pixels * max(1, facts.channels)
        let side = extractor.configuration.faces?.detection.detectionSide ?? 0
        let detection = side > 0 ? min(pixels, side * side) : pixels
        // A border of p · (longer side) on every side: a long, thin image's bordered copy grows the
        // most, (w + 2b)(h + 2b) over w·h, which is at most (1 + 2p)·(1 + 2p·aspect ratio).
        let p = extractor.configuration.faces?.detection.padding ?? 0
        let b = p * Double(max(facts.width, facts.height))
        let growth = (Double(facts.width) + 2 * b) * (Double(facts.height) + 2 * b) / Double(max(1, pixels))
        let doublings = Double(1 << (2 * (extractor.configuration.faces?.detection.upsample ?? 0)))
        let faceBytes = pixels + Int(Double(pixels) * growth) + Int(Double(detection) * growth * doublings * 16)
        let tileBytes = extractor.tileWorkingBytes(tiles: [PixelRegion(x: 0, y: 0, width: extractor.configuration.cropSize,
                                                                      height: extractor.configuration.cropSize)],
                                                   channels: facts.channels) * FeatureExtractor.tileChunk
        // The face-context family's planes over a face region (at most the whole image).
        let contextBytes = extractor.faceContext == nil ? 0 : pixels * FaceContextFamily.workingBytesPerPixel
        options.workingCopies = (transform.isIdentity ? 0 : transform.workingCopies(centreCrop: nil))
            + Double(faceBytes + tileBytes + contextBytes) / Double(max(1, decoded))
        var image = try ImageDecoder.decode(bytes, path: path, options: options)
        largest = max(largest, image.pixels.count)
        if !transform.isIdentity { image = try transform.apply(image, key: key, centreCrop: nil) }
        return try extractor.faceRows(image)
    }

    /// A tiled configuration's row for one file. Without a transform, only the rectangle
    /// holding the tiles is decoded (its pixels, and one chunk of tiles' working memory,
    /// counted against the budget); a transform needs the whole image, and then applies to
    /// all of it (no centre-only blur), the tiles being laid on its result (with neutralisation,
    /// on the neutralised square). With tile rows (`tile-rows`) the tiles' vectors are
    /// concatenated and their boxes returned, in the image's pixels (a neutralised square's
    /// tiles shifted by its offset).
    static func tiledVector(_ bytes: [UInt8], path: String, key: String, extractor: FeatureExtractor,
                            transform: ImageTransform, memoryBudget: Int, largest: inout Int) throws
        -> (vector: [Float], tiles: [PixelRegion]?) {
        let rows = extractor.configuration.tiling?.aggregation == .tileRows
        if transform.isIdentity {
            let facts = try ImageDecoder.facts(of: bytes, path: path)
            var (options, tiles) = try extractor.decodeOptions(width: facts.width, height: facts.height,
                                                               channels: facts.channels)
            options.memoryBudget = memoryBudget
            let image = try ImageDecoder.decode(bytes, path: path, options: options)
            largest = max(largest, image.pixels.count)
            guard rows else { return (extractor.extract(image, tiles: tiles), nil) }
            return (extractor.extractTiles(image, tiles: tiles).flatMap { $0 },
                    try extractor.tiles(width: facts.width, height: facts.height))
        }
        var options = DecodeOptions()
        options.memoryBudget = memoryBudget
        options.workingCopies = transform.workingCopies(centreCrop: nil)
        let decoded = try ImageDecoder.decode(bytes, path: path, options: options)
        largest = max(largest, decoded.pixels.count)
        let (image, origin) = try transform.applyLocating(decoded, key: key, centreCrop: nil)
        guard rows else { return (try extractor.extract(image), nil) }
        let tiles = try extractor.tiles(width: image.width, height: image.height)
        return (extractor.extractTiles(image, tiles: tiles).flatMap { $0 },
                tiles.map { PixelRegion(x: $0.x + origin.x, y: $0.y + origin.y, width: $0.width, height: $0.height) })
    }
}
