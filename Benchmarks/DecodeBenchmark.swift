import Foundation
import TelltaleImaging

/// Decode throughput for PNG and JPEG at 256², 512² and 1024², and full versus
/// region decoding of a centre 256² crop from a 2048² JPEG (one thread).
func runDecodeBenchmark() throws {
    print("decode throughput (one thread, synthetic photo-like RGB images)")
    print("format  size   file KiB  images/s  Mpixel/s")
    for side in [256, 512, 1024] {
        let image = Bench.syntheticImage(side: side)
        let encoded: [(String, [UInt8])] = [
            ("png", try ImageEncoder.png(image)),
            ("jpeg", try ImageEncoder.jpeg(image, quality: 90)),
        ]
        for (name, bytes) in encoded {
            let rate = try Bench.rate { _ = try ImageDecoder.decode(bytes) }
            print("\(name.padding(toLength: 6, withPad: " ", startingAt: 0))  \(side)²  \(String(format: "%8.1f", Double(bytes.count) / 1024))  \(String(format: "%8.1f", rate))  \(String(format: "%8.1f", rate * Double(side * side) / 1e6))")
        }
    }

    print("\ncentre 256² crop of a 2048² image")
    print("format  decode  images/s  speed-up")
    let big = Bench.syntheticImage(side: 2048, seed: 2)
    for (name, bytes) in [("jpeg", try ImageEncoder.jpeg(big, quality: 90)), ("png", try ImageEncoder.png(big))] {
        let full = try Bench.rate(seconds: 2) { _ = try ImageDecoder.decode(bytes) }
        let region = try Bench.rate(seconds: 2) {
            _ = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 256)))
        }
        let regionOnly = try Bench.rate(seconds: 2) {
            _ = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 256), checkWholeFile: false))
        }
        let label = name.padding(toLength: 6, withPad: " ", startingAt: 0)
        print("\(label)  full    \(String(format: "%8.1f", full))")
        print("\(label)  region  \(String(format: "%8.1f", region))  \(String(format: "%.1f", region / full))×  (the rest of the file checked)")
        print("\(label)  region  \(String(format: "%8.1f", regionOnly))  \(String(format: "%.1f", regionOnly / full))×  (checkWholeFile: false)")
    }
    print("\npeak RSS \(Bench.format(Bench.peakRSSMiB())) MiB")
}
