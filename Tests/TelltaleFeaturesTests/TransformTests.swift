import Foundation
import TelltaleSupport
import XCTest
@testable import TelltaleFeatures

/// The GEMM transforms against naive O(n⁴) sums, in double precision.
final class TransformTests: XCTestCase {
    private func randomPlane(rows: Int, cols: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(rows * cols)).map { _ in Float(255 * rng.nextUnit()) }
    }

    /// `F[u][v]` at centred indices, `e^{−2πi(k y / rows + l x / cols)}` with `k = u − ⌊rows/2⌋`.
    private func naiveCentredDFT(_ x: [Float], rows: Int, cols: Int) -> (re: [Double], im: [Double]) {
        var re = [Double](repeating: 0, count: rows * cols), im = re
        for u in 0..<rows {
            for v in 0..<cols {
                let k = Double(u - rows / 2), l = Double(v - cols / 2)
                var sr = 0.0, si = 0.0
                for y in 0..<rows {
                    for xx in 0..<cols {
                        let phase = -2 * Double.pi * (k * Double(y) / Double(rows) + l * Double(xx) / Double(cols))
                        sr += Double(x[y * cols + xx]) * cos(phase)
                        si += Double(x[y * cols + xx]) * sin(phase)
                    }
                }
                re[u * cols + v] = sr
                im[u * cols + v] = si
            }
        }
        return (re, im)
    }

    private func naiveDCT(_ x: [Float], rows: Int, cols: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * cols)
        for k in 0..<rows {
            for l in 0..<cols {
                var s = 0.0
                for y in 0..<rows {
                    for xx in 0..<cols {
                        s += Double(x[y * cols + xx])
                            * cos(Double.pi * Double(2 * y + 1) * Double(k) / Double(2 * rows))
                            * cos(Double.pi * Double(2 * xx + 1) * Double(l) / Double(2 * cols))
                    }
                }
                let a = (k == 0 ? (1 / Double(rows)).squareRoot() : (2 / Double(rows)).squareRoot())
                    * (l == 0 ? (1 / Double(cols)).squareRoot() : (2 / Double(cols)).squareRoot())
                out[k * cols + l] = a * s
            }
        }
        return out
    }

    /// Largest |a − b| relative to the largest |b|.
    private func relativeError(_ a: [Float], _ b: [Double]) -> Double {
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs(Double($0) - $1) }.max()! / scale
    }

    func testDFTMatchesNaiveSumForEvenOddAndNonSquareSizes() {
        for (rows, cols) in [(8, 8), (9, 7), (7, 9), (1, 5), (6, 10)] {
            let planes = (0..<3).map { randomPlane(rows: rows, cols: cols, seed: UInt64(rows * 100 + cols + $0)) }
            let gemm = Transform2D.centredDFT(planes, rows: rows, cols: cols)
            for (plane, f) in zip(planes, gemm) {
                let naive = naiveCentredDFT(plane, rows: rows, cols: cols)
                XCTAssertLessThan(relativeError(f.real, naive.re), 1e-5, "real part \(rows)×\(cols)")
                XCTAssertLessThan(relativeError(f.imaginary, naive.im), 1e-5, "imaginary part \(rows)×\(cols)")
            }
        }
    }

    func testFFTWMatchesNaiveSumAndTheGEMMForEvenOddAndNonSquareSizes() {
        for (rows, cols) in [(8, 8), (9, 7), (7, 9), (1, 5), (6, 10), (32, 32)] {
            let planes = (0..<3).map { randomPlane(rows: rows, cols: cols, seed: UInt64(rows * 100 + cols + $0)) }
            let fft = FFT2D.centredDFT(planes, rows: rows, cols: cols)
            let gemm = Transform2D.centredDFT(planes, rows: rows, cols: cols)
            for ((plane, f), g) in zip(zip(planes, fft), gemm) {
                let naive = naiveCentredDFT(plane, rows: rows, cols: cols)
                XCTAssertLessThan(relativeError(f.real, naive.re), 1e-5, "real part \(rows)×\(cols)")
                XCTAssertLessThan(relativeError(f.imaginary, naive.im), 1e-5, "imaginary part \(rows)×\(cols)")
                XCTAssertLessThan(relativeError(f.real, g.real.map(Double.init)), 1e-5)
            }
        }
        // Deterministic: the same input gives the same bits.
        let plane = randomPlane(rows: 64, cols: 64, seed: 5)
        XCTAssertEqual(FFT2D.centredDFT([plane], rows: 64, cols: 64), FFT2D.centredDFT([plane], rows: 64, cols: 64))
    }

    func testFFTWConstantPlaneIsExactlyZeroAwayFromTheOrigin() {
        let f = FFT2D.centredDFT([[Float](repeating: 137, count: 9 * 7)], rows: 9, cols: 7)[0]
        for i in 0..<(9 * 7) where i != 4 * 7 + 3 {
            XCTAssertEqual(f.real[i], 0)
            XCTAssertEqual(f.imaginary[i], 0)
        }
        XCTAssertEqual(f.real[4 * 7 + 3], 137 * 63)
    }

    func testFFTWDCTMatchesNaiveSumAndTheGEMM() {
        for (rows, cols) in [(8, 8), (9, 7), (7, 9), (1, 5), (6, 10), (32, 32)] {
            let planes = (0..<3).map { randomPlane(rows: rows, cols: cols, seed: UInt64(rows * 10 + cols + $0)) }
            let fast = FFT2D.dct(planes, rows: rows, cols: cols)
            let gemm = Transform2D.dct(planes, rows: rows, cols: cols)
            for ((plane, d), g) in zip(zip(planes, fast), gemm) {
                XCTAssertLessThan(relativeError(d, naiveDCT(plane, rows: rows, cols: cols)), 1e-5, "\(rows)×\(cols)")
                XCTAssertLessThan(relativeError(d, g.map(Double.init)), 1e-5)
            }
        }
        let constant = FFT2D.dct([[Float](repeating: 137, count: 63)], rows: 9, cols: 7)[0]
        XCTAssertEqual(constant[0], Float(137 * 63 / Double(63).squareRoot()), accuracy: 1e-3)
        XCTAssertTrue(constant.dropFirst().allSatisfy { $0 == 0 })
    }

    func testCropSizePlansAgreeWithTheGEMMsAndRepeatBitForBit() {
        // 256² is covered by the compiled-in FFTW wisdom (where the CPU has its codelets);
        // 100² is not and is planned by FFTW_ESTIMATE. Either way: the GEMM values, every time.
        XCTAssertEqual(FFT2D.planOrigin(rows: 100, cols: 100), "estimate")
        XCTAssertTrue(["wisdom", "estimate"].contains(FFT2D.planOrigin(rows: 256, cols: 256)))
        for n in [100, 256] {
            let plane = randomPlane(rows: n, cols: n, seed: UInt64(n))
            let dct = FFT2D.dct([plane], rows: n, cols: n)[0]
            XCTAssertLessThan(relativeError(dct, Transform2D.dct([plane], rows: n, cols: n)[0].map(Double.init)), 1e-5, "\(n)")
            XCTAssertEqual(dct, FFT2D.dct([plane], rows: n, cols: n)[0])
            let dft = FFT2D.centredDFT([plane], rows: n, cols: n)[0]
            let gemm = Transform2D.centredDFT([plane], rows: n, cols: n)[0]
            XCTAssertLessThan(relativeError(dft.real, gemm.real.map(Double.init)), 1e-5, "\(n)")
            XCTAssertLessThan(relativeError(dft.imaginary, gemm.imaginary.map(Double.init)), 1e-5, "\(n)")
            XCTAssertEqual(dft, FFT2D.centredDFT([plane], rows: n, cols: n)[0])
        }
    }

    func testDCTMatchesNaiveSumForEvenOddAndNonSquareSizes() {
        for (rows, cols) in [(8, 8), (9, 7), (7, 9), (1, 5), (6, 10)] {
            let planes = (0..<3).map { randomPlane(rows: rows, cols: cols, seed: UInt64(rows * 10 + cols + $0)) }
            for (plane, d) in zip(planes, Transform2D.dct(planes, rows: rows, cols: cols)) {
                XCTAssertLessThan(relativeError(d, naiveDCT(plane, rows: rows, cols: cols)), 1e-5, "\(rows)×\(cols)")
            }
        }
    }

    func testBatchesLargerThanOneGEMMAgreeWithSinglePlanes() {
        let planes = (0..<(Transform2D.maximumBatch + 3)).map { randomPlane(rows: 12, cols: 12, seed: UInt64($0)) }
        let batched = Transform2D.dct(planes, rows: 12, cols: 12)
        XCTAssertEqual(batched.count, planes.count)
        for (plane, d) in zip(planes, batched) {
            let single = Transform2D.dct([plane], rows: 12, cols: 12)[0]
            XCTAssertEqual(d, single)
        }
    }

    func testDCTMatrixIsOrthonormal() {
        for n in [1, 7, 16] {
            let c = DCTMatrix.orthonormal(n)
            for i in 0..<n {
                for j in 0..<n {
                    var s = 0.0
                    for k in 0..<n { s += Double(c[i * n + k]) * Double(c[j * n + k]) }
                    XCTAssertEqual(s, i == j ? 1 : 0, accuracy: 1e-6)
                }
            }
        }
    }

    func testConstantPlaneTransformsToExactZerosAwayFromTheOrigin() {
        let plane = [Float](repeating: 137, count: 9 * 7)
        let f = Transform2D.centredDFT([plane], rows: 9, cols: 7)[0]
        let d = Transform2D.dct([plane], rows: 9, cols: 7)[0]
        for i in 0..<(9 * 7) where i != 4 * 7 + 3 {
            XCTAssertEqual(f.real[i], 0)
            XCTAssertEqual(f.imaginary[i], 0)
        }
        XCTAssertEqual(f.real[4 * 7 + 3], 137 * 63)
        XCTAssertEqual(d[0], Float(137 * 63 / Double(63).squareRoot()), accuracy: 1e-3)
        XCTAssertTrue(d.dropFirst().allSatisfy { $0 == 0 })
    }

    func testRingsAreCentredOnTheZeroFrequencyAndNeverEmpty() {
        for (rows, cols) in [(8, 8), (9, 7), (4, 11)] {
            let map = RingMap(rows: rows, cols: cols)
            XCTAssertEqual(map.ring[(rows / 2) * cols + cols / 2], 0)
            XCTAssertEqual(map.count[0], 1)
            XCTAssertTrue(map.count.allSatisfy { $0 > 0 })
            XCTAssertEqual(map.count.reduce(0, +), rows * cols)
        }
    }

    func testResampleIsLinearInterpolationWithFixedLength() {
        XCTAssertEqual(AzimuthalAverage.resample([0, 10], to: 5), [0, 2.5, 5, 7.5, 10])
        XCTAssertEqual(AzimuthalAverage.resample([3], to: 4), [3, 3, 3, 3])
        XCTAssertEqual(AzimuthalAverage.resample([1, 2, 4], to: 3), [1, 2, 4])
    }

    func testGridPoolingCoversSmallArraysWithoutEmptyCells() {
        let values: [Float] = [1, 2, 3, 4]  // 2 × 2
        XCTAssertEqual(GridPooling.mean(values, rows: 2, cols: 2, gridRows: 1, gridCols: 1), [2.5])
        XCTAssertEqual(GridPooling.mean(values, rows: 2, cols: 2, gridRows: 4, gridCols: 4),
                       [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }

    func testMedianFilterReplicatesEdges() {
        // 3 × 3 plane with an outlier in the middle: the median removes it.
        let plane: [Float] = [1, 2, 3, 4, 100, 6, 7, 8, 9]
        let m = MedianFilter.median3x3(plane, rows: 3, cols: 3)
        XCTAssertEqual(m[4], 6)
        // Corner (0, 0): neighbourhood {1,1,2,1,1,2,4,4,100} → median 2.
        XCTAssertEqual(m[0], 2)
    }
}
