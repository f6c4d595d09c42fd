// Learning benchmark: training time of logistic regression and the MLP on
// 10,000 × 1,000 seeded synthetic features, one OpenBLAS thread.
//
// The data are also written to $TMPDIR/telltale-learning-benchmark/ (features.f32:
// row-major little-endian float32; labels.u8) so that
// scripts/bench_learning_sklearn.py times scikit-learn on exactly the same rows.
//
// Measured 2026-11-24 (AMD EPYC, 1 OpenBLAS thread, shared machine; scikit-learn 1.8):
//   logistic regression C=1, tol 1e-4:  0.30 s  vs sklearn lbfgs defaults 0.65 s (same objective 304.386331)
//   logistic regression C=1, tol 1e-10: 0.82 s  vs sklearn lbfgs 1.28 s, newton-cholesky 5.49 s (objective 302.534427)
//   MLP 1000-128-1, 20 epochs:           1.64 s  vs sklearn MLPClassifier (float32) 2.27 s
import Foundation
import TelltaleLearning
import TelltaleSupport

/// 10,000 rows: half label 1; 1,000 N(0, 1) features of which the first 100 are
/// shifted by ±0.15 for label 1 and 20 more carry the XOR-like product signal
/// of two other features, so neither class is trivially separable.
private func learningBenchmarkData(rows: Int, cols: Int, seed: UInt64) -> (Matrix, [Int]) {
    var generator = SeededGenerator.stream(seed: seed, "benchmark.learning")
    var values = [Float](repeating: 0, count: rows * cols)
    var labels = [Int](repeating: 0, count: rows)
    for i in 0 ..< rows {
        let y = i % 2
        labels[i] = y
        for j in 0 ..< cols {
            var v = generator.nextGaussian()
            if j < 100 { v += (y == 1 ? 0.15 : -0.15) * (j % 2 == 0 ? 1 : -1) }
            values[i * cols + j] = Float(v)
        }
        for k in 0 ..< 20 {
            let a = Double(values[i * cols + 200 + 2 * k]), b = Double(values[i * cols + 201 + 2 * k])
            values[i * cols + 100 + k] = Float(abs(a * b) * (y == 1 ? 1 : -1) * 0.3 + generator.nextGaussian())
        }
    }
    return (try! Matrix(rows: rows, cols: cols, values: values), labels)
}

private func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

func runLearningBenchmark() throws {
    let rows = 10_000, cols = 1_000, seed: UInt64 = 20_261_124
    let (x, labels) = learningBenchmarkData(rows: rows, cols: cols, seed: seed)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("telltale-learning-benchmark")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try x.values.withUnsafeBytes { try Data($0).write(to: directory.appendingPathComponent("features.f32")) }
    try Data(labels.map(UInt8.init)).write(to: directory.appendingPathComponent("labels.u8"))
    print("data: \(rows) × \(cols) float32, written to \(directory.path) for scripts/bench_learning_sklearn.py")

    // Tolerance on ‖∇f‖∞/Σs: 1e-10 (converged to machine precision) and 1e-4, scikit-learn's default `tol`
    // for the same quantity.
    for tolerance in [1e-10, 1e-4] {
        let logistic = LogisticRegression(c: 1, tolerance: tolerance, threads: 1)
        let (lr, lrSeconds) = try timed { try logistic.fit(x, labels: labels) }
        let lrAccuracy = zip(try lr.predictProbability(x), labels).filter { ($0.0 >= 0.5) == ($0.1 == 1) }.count
        print(String(format: "logistic regression (C=1, L-BFGS → Newton–Cholesky, tol %.0e): %.3f s, %d iterations (%d L-BFGS), |grad|∞ %.2e, converged %@, objective %.6f, train accuracy %.4f",
                     tolerance, lrSeconds, lr.convergence.iterations, lr.convergence.quasiNewtonIterations, lr.convergence.gradientNorm, "\(lr.convergence.converged)",
                     lr.convergence.objective, Double(lrAccuracy) / Double(rows)))
    }

    let epochs = 20
    let mlp = MLPClassifier(hiddenSizes: [128], weightDecay: 1e-4, learningRate: 1e-3, batchSize: 200,
                            maxEpochs: epochs, validationFraction: 0, patience: epochs + 1, threads: 1)
    let (net, mlpSeconds) = try timed { try mlp.fit(x, labels: labels, seed: seed) }
    let mlpAccuracy = zip(try net.predictProbability(x), labels).filter { ($0.0 >= 0.5) == ($0.1 == 1) }.count
    print(String(format: "MLP (1000-128-1, Adam, batch 200, %d epochs): %.3f s (%.3f s/epoch), final training loss %.4f, train accuracy %.4f",
                 net.history.epochs, mlpSeconds, mlpSeconds / Double(net.history.epochs),
                 net.history.trainingLoss.last ?? .nan, Double(mlpAccuracy) / Double(rows)))
}
