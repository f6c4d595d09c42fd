import Foundation
import TelltaleLearning
import TelltaleSupport
import XCTest

/// The scikit-learn reference fits made by scripts/fixtures/learning_sklearn.py.
struct SklearnFixture: Decodable {
    struct Fit: Decodable {
        var C: Double
        var class_weight: String
        var coefficients: [Double]
        var intercept: Double
        var probabilities: [Double]
    }
    struct Dataset: Decodable {
        var name: String
        var rows: Int
        var cols: Int
        var features: [Double]
        var labels: [Int]
        var mean: [Double]
        var scale: [Double]
        var fits: [Fit]

        func matrix() throws -> Matrix { try Matrix(rows: rows, cols: cols, values: features.map(Float.init)) }
    }
    var sklearn_version: String
    var datasets: [Dataset]

    static func load() throws -> SklearnFixture {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "logistic_sklearn", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(SklearnFixture.self, from: Data(contentsOf: url))
    }
}

/// Seeded toy data sets generated in the tests themselves.
enum ToyData {
    /// XOR: points uniform in [−1, 1]², label 1 when x·y > 0, plus `noise` extra
    /// Gaussian nuisance features. Not linearly separable.
    static func xor(count: Int, noise: Int = 0, seed: UInt64) -> (Matrix, [Int]) {
        var g = SeededGenerator(seed: seed)
        var values: [Float] = [], labels: [Int] = []
        for _ in 0 ..< count {
            let a = 2 * g.nextUnit() - 1, b = 2 * g.nextUnit() - 1
            values += [Float(a), Float(b)] + (0 ..< noise).map { _ in Float(g.nextGaussian()) }
            labels.append(a * b > 0 ? 1 : 0)
        }
        return (try! Matrix(rows: count, cols: 2 + noise, values: values), labels)
    }

    /// Two Gaussian blobs in `dims` dimensions, means 0 and `shift`·1, with `positiveFraction` positives.
    static func blobs(count: Int, dims: Int, shift: Double, positiveFraction: Double = 0.5, seed: UInt64) -> (Matrix, [Int]) {
        var g = SeededGenerator(seed: seed)
        var values: [Float] = [], labels: [Int] = []
        for i in 0 ..< count {
            let y = Double(i) < positiveFraction * Double(count) ? 1 : 0
            labels.append(y)
            for _ in 0 ..< dims { values.append(Float(g.nextGaussian() + Double(y) * shift)) }
        }
        return (try! Matrix(rows: count, cols: dims, values: values), labels)
    }
}

func accuracy(_ probabilities: [Double], _ labels: [Int]) -> Double {
    Double(zip(probabilities, labels).filter { ($0.0 >= 0.5) == ($0.1 == 1) }.count) / Double(labels.count)
}
