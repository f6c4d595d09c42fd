import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltaleSupport

/// A `telltale explain` run: an ``Explanation`` of every image the inputs name (files and
/// folders, walked as `score` walks them), written to `outputDirectory` as
/// `<name>.heatmap.png` (the heat-map over the image, through libpng) and `<name>.tiles.json`
/// (``Explanation/Document``), each atomically. `<name>` is the file's base name (`a.jpg` →
/// `a.jpg.heatmap.png`); when several inputs share a base name, each of them gets
/// `-` and the first 8 hex digits of the SHA-256 of its path appended (`a.jpg-1f2e3d4c`), so
/// no output overwrites another. A file that cannot be explained (unreadable, undecodable,
/// over the memory budget, too small for the model) is reported and the run goes on.
public struct ExplainRun {
    public var modelPath: String
    public var outputDirectory: String
    /// nil: the model's tile size (tiles side by side).
    public var stride: Int?
    public var maxTiles: Int
    public var workers: Int
    public var memoryBudget: Int

    public init(modelPath: String, outputDirectory: String, stride: Int? = nil, maxTiles: Int = ExplainGrid.defaultMaxTiles,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, memoryBudget: Int = DecodeOptions.defaultMemoryBudget) {
        self.modelPath = modelPath
        self.outputDirectory = outputDirectory
        self.stride = stride
        self.maxTiles = maxTiles
        self.workers = max(1, workers)
        self.memoryBudget = memoryBudget
    }

    /// What was written for one image (the heat-map itself is not kept: memory stays flat
    /// however many images a run explains).
    public struct Output: Sendable {
        public var path: String
        public var score: Double
        public var threshold: Double
        public var tileSize: Int
        public var stride: Int
        public var tileCount: Int
        /// The highest-scoring tile (the first in raster order on ties).
        public var top: Explanation.Tile?
        public var heatMap: String
        public var tiles: String
        /// With a face-crop model: the scores of the faces judged (largest face first); nil otherwise.
        public var faceScores: [Double]? = nil
        /// With a face-crop model and no face found: the score of the fallback region judged instead.
        public var fallbackScore: Double? = nil

        /// `PATH: score 0.873 (fake), 48 tile(s) of 32² at stride 16, highest 0.991 at (64, 32) → DIR/x.heatmap.png`.
        public var line: String {
            var line = "\(FileSystemPath.display(path)): score \(String(format: "%.3f", score))"
                + " (\(score >= threshold ? "fake" : "real")), \(tileCount) tile(s) of \(tileSize)² at stride \(stride)"
            if let top { line += ", highest \(String(format: "%.3f", top.score)) at (\(top.x), \(top.y))" }
            if let faceScores, !faceScores.isEmpty {
                line += ", \(faceScores.count) face(s) scored \(faceScores.map { String(format: "%.3f", $0) }.joined(separator: ", "))"
            }
            if let fallbackScore { line += ", no face found: fallback region scored \(String(format: "%.3f", fallbackScore))" }
            return line + " → \(FileSystemPath.display(heatMap))"
        }
    }

    public struct Summary: Sendable {
        public var explained: [Output] = []
        public var failed: [(path: String, reason: String)] = []
        /// What the walk left out (folders that could not be listed fail the run, as in `score`).
        public var skipped = FileWalk.Report()

        /// Whether any file failed or any folder could not be listed (exit status 1).
        public var anyFailed: Bool { !failed.isEmpty || !skipped.unreadableFolders.isEmpty }

        /// `explain: 3 image(s) explained, 1 failed; wrote DIR`.
        public func line(outputDirectory: String) -> String {
            "explain: \(explained.count) image(s) explained, \(failed.count) failed; wrote \(FileSystemPath.display(outputDirectory))"
        }
    }

    /// Explains the images `inputs` resolve to; `each` sees every image written, in input order,
    /// as soon as it is.
    public func run(inputs: [String], reporter: any PipelineReporter, each: (Output) -> Void = { _ in }) throws -> Summary {
        let detector = try Detector(modelPath: modelPath)
        let s = detector.extractor.configuration.cropSize
        if let stride, !(1...s).contains(stride) {
            throw PipelineError.setting("--stride \(stride): must be between 1 and the model's tile size \(s)")
        }
        guard (1...ExplainGrid.maxTilesLimit).contains(maxTiles) else {
            throw PipelineError.setting("--max-tiles \(maxTiles): must be between 1 and \(ExplainGrid.maxTilesLimit)")
        }
        let modelSHA = try Digest.sha256(fileAt: modelPath)
        let walk = try ImageFiles.walk(inputs)
        reporter.report(walk.report)
        let names = Self.names(walk.files)
        let progress = reporter.progress("explain", total: walk.files.count)
        defer { progress.finish() }
        var summary = Summary()
        summary.skipped = walk.report
        let (stride, maxTiles, budget) = (self.stride, self.maxTiles, memoryBudget)
        let indexed = Array(walk.files.enumerated())
        try OrderedParallelMap.map(indexed, workers: workers, window: workers) { item -> Result<Explanation, ExplainFailure> in
            do {
                return .success(try Explanation.explain(path: item.element, detector: detector, stride: stride,
                                                        maxTiles: maxTiles, memoryBudget: budget))
            } catch let error as DecodeError {
                return .failure(ExplainFailure(reason: error.reasonDescription))
            } catch {
                return .failure(ExplainFailure(reason: "\(error)"))
            }
        } consume: { item, result in
            let path = item.element
            switch result {
            case .success(let explanation):
                let output = try Self.write(explanation, name: names[item.offset], in: outputDirectory,
                                            model: modelPath, modelSHA256: modelSHA)
                summary.explained.append(output)
                progress.advance(failed: false)
                each(output)
            case .failure(let failure):
                reporter.failure(path, reason: failure.reason)
                summary.failed.append((path, failure.reason))
                progress.advance(failed: true)
            }
        }
        return summary
    }

    struct ExplainFailure: Error, Sendable { var reason: String }

    /// Writes `DIR/<name>.heatmap.png` and `DIR/<name>.tiles.json`, each atomically.
    public static func write(_ explanation: Explanation, name: String, in directory: String, model: String,
                             modelSHA256: String) throws -> Output {
        let base = directory + "/" + name
        let heatMap = base + ".heatmap.png", tiles = base + ".tiles.json"
        try AtomicFile.write(Data(try ImageEncoder.png(explanation.overlay)), to: heatMap)
        let document = explanation.document(model: model, modelSHA256: modelSHA256, heatMapName: name + ".heatmap.png")
        try AtomicFile.write(try CanonicalJSON.encode(document), to: tiles)
        return Output(path: explanation.path, score: explanation.score, threshold: explanation.threshold,
                      tileSize: explanation.tileSize, stride: explanation.stride, tileCount: explanation.tiles.count,
                      top: explanation.topTiles(1).first, heatMap: heatMap, tiles: tiles,
                      faceScores: explanation.faces?.filter { $0.box != nil }.map(\.score),
                      fallbackScore: explanation.faces?.first { $0.box == nil }?.score)
    }

    /// The output names of `paths` (see the type): base names, made unique.
    public static func names(_ paths: [String]) -> [String] {
        let bases = paths.map { path -> String in
            let base = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
            return base.isEmpty || base == "." || base == ".." ? "image" : base
        }
        var counts: [String: Int] = [:]
        for b in bases { counts[b, default: 0] += 1 }
        var names = zip(paths, bases).map { path, base in
            counts[base]! > 1 ? base + "-" + Digest.sha256(path).prefix(8) : base
        }
        // A hash prefix that collides with another name (vanishingly rare): number the later ones.
        var seen: Set<String> = []
        for i in names.indices {
            var name = names[i], k = 2
            while seen.contains(name) { name = names[i] + "-\(k)"; k += 1 }
            names[i] = name
            seen.insert(name)
        }
        return names
    }
}
