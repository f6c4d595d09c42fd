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
        let threshold = detector.threshold
        return outcomes.enumerated().map { i, outcome in
            switch outcome.features {
            case .failure(let f):
                return ScoreRow(path: outcome.item.path, sha256: outcome.sha256, failure: f.reason)
            case .success:
                guard let p = probabilities[i], p.isFinite else {
                    return ScoreRow(path: outcome.item.path, sha256: outcome.sha256, failure: failure)
                }
                return ScoreRow(path: outcome.item.path, sha256: outcome.sha256, probability: p, threshold: threshold)
            }
        }
    }
}
