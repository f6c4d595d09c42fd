import TelltaleLearning
import XCTest

final class MLPTests: XCTestCase {
    /// XOR defeats any linear model; a 16-unit ReLU layer learns it.
    func testMLPLearnsXORWhereLogisticRegressionCannot() throws {
        let (x, y) = ToyData.xor(count: 600, seed: 11)
        let (tx, ty) = ToyData.xor(count: 400, seed: 12)
        let linear = try LogisticRegression(c: 1).fit(x, labels: y)
        let mlp = try MLPClassifier(hiddenSizes: [16], learningRate: 0.01, batchSize: 32, maxEpochs: 300,
                                    validationFraction: 0.15, patience: 20).fit(x, labels: y, seed: 7)
        let linearAccuracy = accuracy(try linear.predictProbability(tx), ty)
        let mlpAccuracy = accuracy(try mlp.predictProbability(tx), ty)
        XCTAssertLessThan(linearAccuracy, 0.65)
        XCTAssertGreaterThan(mlpAccuracy, 0.93)
        XCTAssertGreaterThan(mlp.history.epochs, 0)
        XCTAssertEqual(mlp.history.validationLoss.count, mlp.history.epochs)
        XCTAssertTrue((1 ... mlp.history.epochs).contains(mlp.history.bestEpoch))
    }

    func testTwoHiddenLayersLearnXOR() throws {
        let (x, y) = ToyData.xor(count: 600, seed: 21)
        let mlp = try MLPClassifier(hiddenSizes: [16, 8], learningRate: 0.01, batchSize: 32, maxEpochs: 300,
                                    validationFraction: 0.15, patience: 20).fit(x, labels: y, seed: 5)
        XCTAssertEqual(mlp.layers.map(\.outputs), [16, 8, 1])
        XCTAssertGreaterThan(accuracy(try mlp.predictProbability(x), y), 0.93)
    }

    func testEarlyStoppingEndsTrainingAndKeepsBestEpoch() throws {
        let (x, y) = ToyData.blobs(count: 200, dims: 20, shift: 0.3, seed: 4)
        let mlp = try MLPClassifier(hiddenSizes: [64], weightDecay: 0, learningRate: 0.01, batchSize: 20, maxEpochs: 500,
                                    validationFraction: 0.25, patience: 5).fit(x, labels: y, seed: 1)
        XCTAssertTrue(mlp.history.stoppedEarly)
        XCTAssertLessThan(mlp.history.epochs, 500)
        XCTAssertEqual(mlp.history.bestEpoch, mlp.history.validationLoss.indices.min { mlp.history.validationLoss[$0] < mlp.history.validationLoss[$1] }! + 1)
    }

    func testSameSeedGivesSameWeightsAndOtherSeedDoesNot() throws {
        let (x, y) = ToyData.xor(count: 200, noise: 3, seed: 2)
        let config = MLPClassifier(hiddenSizes: [8], maxEpochs: 20)
        let a = try config.fit(x, labels: y, seed: 42)
        let b = try config.fit(x, labels: y, seed: 42)
        let c = try config.fit(x, labels: y, seed: 43)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a.layers, c.layers)
    }
}

final class MLPThreadTests: XCTestCase {
    func testTwoThreadsAreDeterministicToo() throws {
        let (x, y) = ToyData.xor(count: 300, noise: 30, seed: 3)
        let config = MLPClassifier(hiddenSizes: [32], maxEpochs: 5, threads: 2)
        XCTAssertEqual(try config.fit(x, labels: y, seed: 9), try config.fit(x, labels: y, seed: 9))
    }
}
