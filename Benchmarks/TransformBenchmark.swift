import CFFTW
import Foundation
import TelltaleFeatures

/// The 2-D transforms on 256² planes, one thread — the measurements behind ``FFT2D``:
/// FFTW's real-to-complex DFT (the plan ``FFT2D`` uses: compiled-in wisdom or
/// `FFTW_ESTIMATE`) against the half-spectrum GEMM DFT (batched 8 planes per GEMM), and
/// the DCT-II three ways: Makhoul's reordering through that r2c FFT (``FFT2D/dct(_:rows:cols:)``),
/// FFTW's own `REDFT10` r2r transform (`FFTW_ESTIMATE`, bare library call, no scaling), and
/// the two GEMMs of ``Transform2D``. Best of five windows each.
func runTransformBenchmark() throws {
    let side = 256, batch = 8
    var state: UInt64 = 1
    let planes: [[Float]] = (0..<batch).map { _ in
        (0..<(side * side)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 56)
        }
    }
    func line(_ name: String, _ perBatch: Double) {
        print(name.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: "%8.3f", 1000 / (perBatch * Double(batch))))
    }
    print("transform (256² plane, one thread; FFTW plan: \(FFT2D.planOrigin(rows: side, cols: side)))   ms/plane")
    let fft = Bench.bestRate { _ = FFT2D.centredDFT(planes, rows: side, cols: side) }
    line("DFT, FFTW r2c, centred full output (FFT2D)", fft)
    let gemm = Bench.bestRate { _ = Transform2D.centredDFT(planes, rows: side, cols: side) }
    line("DFT, half-spectrum GEMMs (Transform2D)", gemm)
    let makhoul = Bench.bestRate { _ = FFT2D.dct(planes, rows: side, cols: side) }
    line("DCT-II, Makhoul through FFTW r2c (FFT2D)", makhoul)
    let input = fftwf_alloc_real(side * side)!, output = fftwf_alloc_real(side * side)!
    defer {
        fftwf_free(input)
        fftwf_free(output)
    }
    let plan = fftwf_plan_r2r_2d(Int32(side), Int32(side), input, output, FFTW_REDFT10, FFTW_REDFT10, FFTW_ESTIMATE)!
    defer { fftwf_destroy_plan(plan) }
    let redft = Bench.bestRate {
        for plane in planes {
            plane.withUnsafeBufferPointer { input.update(from: $0.baseAddress!, count: side * side) }
            fftwf_execute(plan)
        }
    }
    line("DCT-II, FFTW REDFT10 r2r (bare call, unscaled)", redft)
    let dct = Bench.bestRate { _ = Transform2D.dct(planes, rows: side, cols: side) }
    line("DCT-II, GEMMs (Transform2D)", dct)
    print("FFTW DFT: \(String(format: "%.1f", fft / gemm))× the GEMM DFT's speed; Makhoul DCT: "
          + "\(String(format: "%.1f", makhoul / redft))× REDFT10's and \(String(format: "%.1f", makhoul / dct))× the GEMM DCT's")
}
