import Foundation
import TelltaleImaging

/// Shared helpers for the benchmark areas.
enum Bench {
    /// Peak resident set size of this process so far, in MiB (getrusage's ru_maxrss is KiB on Linux).
    static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Runs `body` repeatedly for at least `seconds` (after one warm-up call) and returns calls per second.
    static func rate(seconds: Double = 1.0, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var count = 0
        let start = Date()
        var elapsed = 0.0
        repeat {
            try body()
            count += 1
            elapsed = Date().timeIntervalSince(start)
        } while elapsed < seconds
        return Double(count) / elapsed
    }

    /// The best of `windows` measurements by ``rate(seconds:_:)`` — less sensitive to other
    /// load on the machine than one long window.
    static func bestRate(windows: Int = 5, seconds: Double = 0.3, _ body: () throws -> Void) rethrows -> Double {
        var best = 0.0
        for _ in 0..<windows { best = max(best, try rate(seconds: seconds, body)) }
        return best
    }

    /// A photo-like synthetic RGB image: smooth gradients, edges and sensor-like noise,
    /// so that PNG and JPEG compress it about as much as a real photograph.
    static func syntheticImage(side: Int, seed: UInt64 = 1) -> Image {
        var state = seed
        var pixels = [UInt8](repeating: 0, count: side * side * 3)
        for y in 0..<side {
            for x in 0..<side {
                for c in 0..<3 {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    let noise = Double((state >> 58) & 15) - 7.5
                    let v = 128 + 80 * sin(Double(x) / Double(17 + 5 * c)) * cos(Double(y) / 23) + noise
                        + ((x / 64 + y / 64) % 2 == 0 ? 20 : -20)
                    pixels[(y * side + x) * 3 + c] = UInt8(max(0, min(255, v)))
                }
            }
        }
        return Image(width: side, height: side, channels: 3, pixels: pixels)
    }

    static func format(_ value: Double, _ digits: Int = 1) -> String {
        String(format: "%.\(digits)f", value)
    }
}
