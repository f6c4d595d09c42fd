import Foundation
import TelltaleFeatures

/// The 2-D transforms on 256² planes, one thread: FFTW's r2c DFT against the
/// half-spectrum GEMM DFT (batched 8 planes per GEMM), and the GEMM DCT — the
/// measurement behind ``FFT2D`` being used for the `spectrum` and
/// `residual-spectrum` families.
func runTransformBenchmark() throws {
    let side = 256, batch = 8
    var state: UInt64 = 1
    let planes: [[Float]] = (0..<batch).map { _ in
        (0..<(side * side)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 56)
        }
    }
    print("transform (256² plane, one thread)     ms/plane")
    let fft = Bench.rate(seconds: 2) { _ = FFT2D.centredDFT(planes, rows: side, cols: side) }
    print("DFT, FFTW r2c (FFT2D)                  \(String(format: "%8.3f", 1000 / (fft * Double(batch))))")
    let gemm = Bench.rate(seconds: 2) { _ = Transform2D.centredDFT(planes, rows: side, cols: side) }
    print("DFT, half-spectrum GEMMs (Transform2D) \(String(format: "%8.3f", 1000 / (gemm * Double(batch))))")
    let dct = Bench.rate(seconds: 2) { _ = Transform2D.dct(planes, rows: side, cols: side) }
    print("DCT-II, GEMMs (Transform2D)            \(String(format: "%8.3f", 1000 / (dct * Double(batch))))")
    let fastDCT = Bench.rate(seconds: 2) { _ = FFT2D.dct(planes, rows: side, cols: side) }
    print("DCT-II, FFTW REDFT10 (FFT2D)           \(String(format: "%8.3f", 1000 / (fastDCT * Double(batch))))")
    print("FFTW is \(String(format: "%.1f", fft / gemm))× the GEMM DFT's speed and \(String(format: "%.1f", fastDCT / dct))× the GEMM DCT's")
}
