import Foundation
import TelltaleDatasets
import TelltaleLearning
import TelltaleSupport

/// Scores one batch of paths on a worker thread: the shared extraction
/// (``FeatureExtraction/process(_:extractor:transform:)``, a few images per feature
/// call) and then one probability call for every image of the batch, so a model
/// with a matrix product (the MLP) gets a real GEMM. A row's score does not depend
/// on which batch it was in.
struct ScoreBatch: Sendable {
    public let detector: Detector
    public let extraction: FeatureExtraction

    public init(detector: Detector, memoryBudget: Int) {
        self.detector = detector
        self.extraction = FeatureExtraction(extractor: detector.extractor, workers: 1, memoryBudget: memoryBudget)
    }

    public func rows(for paths: ArraySlice<String>) -> [ScoreRow] {
        let items = paths.map { LabelledImage(path: $0, label: nil) }
        var outcomes: [FeatureExtraction.Outcome] = []
        for start in stride(from: 0, to: items.count, by: extraction.batchSize) {
            let batch = Array(items[start..<min(start + extraction.batchSize, items.count)])
            outcomes += FeatureExtraction.process(batch, extractor: extraction.extractor, transform: extraction.transform,
                                                  memoryBudget: extraction.memoryBudget)
        }
        var vectors: [[[Float]]] = []
        var scored: [Int] = []
        for (i, outcome) in outcomes.enumerated() {
            if case .success(let v) = outcome.tileVectors {
                vectors.append(v)
                scored.append(i)
            }
        }
        var probabilities = [Double?](repeating: nil, count: outcomes.count)
        var failure = "not scored"
        if !vectors.isEmpty {
            do {
                let p = try detector.imageProbabilities(vectors)
                for (k, i) in scored.enumerated() { probabilities[i] = p[k] }
            } catch {
                failure = "model failed: \(error)"
            }
        }
        let faces = faceScores(outcomes)
        let threshold = detector.threshold
        return outcomes.enumerated().map { i, outcome in
            switch outcome.features {
            case .failure(let f):
                return ScoreRow(path: outcome.item.path, sha256: outcome.sha256, failure: f.reason)
            case .success:
                guard let p = probabilities[i], p.isFinite else {
                    return ScoreRow(path: outcome.item.path, sha256: outcome.sha256, failure: failure)
                }
                var row = ScoreRow(path: outcome.item.path, sha256: outcome.sha256, probability: p, threshold: threshold)
                row.faces = faces[i] ?? ""
                return row
            }
        }
    }

    /// With a face-crop model, each scored image's faces as compact canonical JSON: every row's
    /// own probability (one call for all faces of the batch), rounded to six decimals as the
    /// image's score is written; nil for other models and failures.
    func faceScores(_ outcomes: [FeatureExtraction.Outcome]) -> [String?] {
        var out = [String?](repeating: nil, count: outcomes.count)
        guard detector.extractor.configuration.faces != nil else { return out }
        var rows: [[[Float]]] = [], scored: [(image: Int, rows: Int)] = []
        for (i, outcome) in outcomes.enumerated() {
            guard case .success(let v) = outcome.tileVectors else { continue }
            rows += v.map { [$0] }
            scored.append((i, v.count))
        }
        guard !rows.isEmpty, let p = try? detector.imageProbabilities(rows) else { return out }
        var start = 0
        for (i, count) in scored {
            let rounded = p[start..<(start + count)].map { Double(String(format: "%.6f", $0)) ?? $0 }
            start += count
            let faces = Explanation.FaceScore.list(regions: outcomes[i].tiles ?? [], faces: outcomes[i].faces ?? [], scores: rounded)
            out[i] = (try? CanonicalJSON.encode(faces, pretty: false)).map { String(decoding: $0, as: UTF8.self) }
        }
        return out
    }
}
