import COpenBLAS
import Foundation
import TelltaleSupport

extension MLPClassifier {
    /// Fits the network on `x` (float32 rows) and binary `labels` (1 = generated).
    /// Every random choice (validation split, initial weights, batch order) comes
    /// from `seed` through labelled ``SeededGenerator`` streams, so the same data,
    /// seed and thread count give bit-identical weights.
    public func fit(_ x: Matrix, labels: [Int], seed: UInt64) throws -> MLPModel {
        try validateParameters()
        try TrainingData.validate(x, labels: labels)
        openblas_set_num_threads(Int32(threads))

        // Stratified hold-out split for early stopping.
        var split = SeededGenerator.stream(seed: seed, "mlp.validation")
        var trainIndex: [Int] = [], validationIndex: [Int] = []
        for cls in 0 ... 1 {
            var members = labels.indices.filter { labels[$0] == cls }
            split.shuffle(&members)
            var held = Int((validationFraction * Double(members.count)).rounded())
            if validationFraction > 0 { held = min(max(held, 1), members.count - 1) }
            validationIndex += members[0 ..< held]
            trainIndex += members[held...]
        }
        trainIndex.sort()
        validationIndex.sort()
        let trainLabels = trainIndex.map { labels[$0] }
        guard Set(trainLabels).count == 2 else {
            throw LearningError.singleClass(label: trainLabels.first ?? 0, count: trainLabels.count)
        }

        let trainRows = x.selecting(rows: trainIndex)
        let standardiser = Standardiser.fit(trainRows)
        let xs = try standardiser.transform(trainRows)
        let validationRows = try standardiser.transform(x.selecting(rows: validationIndex))
        let validationLabels = validationIndex.map { labels[$0] }
        let sampleWeights = classWeighting.sampleWeights(labels: trainLabels)
        let validationWeights = classWeighting.sampleWeights(labels: validationLabels)

        var layers = initialLayers(inputs: x.cols, seed: seed)
        var optimiser = AdamState(layers: layers)
        var trainer = MLPTrainer(layers: layers, batchCapacity: min(batchSize, xs.rows))
        var order = Array(0 ..< xs.rows)
        var shuffler = SeededGenerator.stream(seed: seed, "mlp.shuffle")

        var trainingLoss: [Double] = [], validationLoss: [Double] = []
        var best = Double.infinity, bestEpoch = 0, bestLayers = layers, waited = 0, stoppedEarly = false
        for epoch in 1 ... maxEpochs {
            shuffler.shuffle(&order)
            var epochLoss = 0.0, batches = 0
            var start = 0
            while start < order.count {
                let batch = Array(order[start ..< min(start + batchSize, order.count)])
                epochLoss += trainer.step(layers: &layers, optimiser: &optimiser, x: xs, labels: trainLabels,
                                          weights: sampleWeights, batch: batch, configuration: self)
                batches += 1
                start += batchSize
            }
            trainingLoss.append(epochLoss / Double(batches))
            guard trainingLoss[trainingLoss.count - 1].isFinite else { throw LearningError.diverged(epoch: epoch) }
            let monitored: Double
            if validationIndex.isEmpty {
                monitored = trainingLoss[trainingLoss.count - 1]
            } else {
                let z = MLPNetwork.logits(layers: layers, input: validationRows.values, rows: validationRows.rows)
                monitored = MLPNetwork.crossEntropy(logits: z, labels: validationLabels, weights: validationWeights)
                validationLoss.append(monitored)
            }
            if monitored < best - tolerance {
                waited = 0
            } else {
                waited += 1
            }
            if monitored < best {
                best = monitored
                bestEpoch = epoch
                bestLayers = layers
            }
            if waited >= patience && epoch < maxEpochs {
                stoppedEarly = true
                break
            }
        }
        let history = TrainingHistory(epochs: trainingLoss.count, bestEpoch: bestEpoch, trainingLoss: trainingLoss,
                                      validationLoss: validationLoss, stoppedEarly: stoppedEarly)
        return MLPModel(configuration: self, standardiser: standardiser, layers: bestLayers, history: history)
    }

    /// He-normal hidden layers, Glorot-uniform output layer, zero biases.
    func initialLayers(inputs: Int, seed: UInt64) -> [DenseLayer] {
        var generator = SeededGenerator.stream(seed: seed, "mlp.init")
        var layers: [DenseLayer] = []
        var fanIn = inputs
        for size in hiddenSizes + [1] {
            let isOutput = layers.count == hiddenSizes.count
            let count = fanIn * size
            let weights: [Float]
            if isOutput {
                let a = (6 / Double(fanIn + size)).squareRoot()
                weights = (0 ..< count).map { _ in Float((2 * generator.nextUnit() - 1) * a) }
            } else {
                let sd = (2 / Double(fanIn)).squareRoot()
                weights = (0 ..< count).map { _ in Float(generator.nextGaussian() * sd) }
            }
            layers.append(DenseLayer(inputs: fanIn, outputs: size, weights: weights,
                                     biases: [Float](repeating: 0, count: size)))
            fanIn = size
        }
        return layers
    }
}
