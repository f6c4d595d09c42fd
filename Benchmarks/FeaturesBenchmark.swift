// Feature extraction throughput: decode-only vs decode + the default feature families,
// on generated 512² PNG and JPEG images, with 1 and 2 workers, and peak RSS.
import Foundation
import TelltaleFeatures
import TelltaleImaging
import TelltaleSupport

/// Seeded 512² RGB test images: smooth colour gradients with a periodic pattern and noise,
/// so that neither codec sees a trivial image.
private func benchmarkImages(count: Int, side: Int) -> [Image] {
    (0..<count).map { i in
        var rng = SeededGenerator.stream(seed: 2024, "features-benchmark-\(i)")
        var pixels = [UInt8](repeating: 0, count: side * side * 3)
        let fx = 0.02 + 0.01 * Double(i % 5), fy = 0.015 + 0.007 * Double(i % 3)
        for y in 0..<side {
            for x in 0..<side {
                for c in 0..<3 {
                    let v = 128 + 60 * sin(fx * Double(x) + Double(c)) * cos(fy * Double(y))
                        + 40 * Double((x + y + 31 * c) % side) / Double(side) + 12 * rng.nextGaussian()
                    pixels[(y * side + x) * 3 + c] = UInt8(max(0, min(255, v)))
                }
            }
        }
        return Image(width: side, height: side, channels: 3, pixels: pixels)
    }
}

/// Runs `work(i)` over `0..<count`, image `i` on worker `i % workers`; returns images per second.
private func throughput(count: Int, workers: Int, _ work: @Sendable @escaping (Range<Int>) throws -> Void) rethrows -> Double {
    let start = Date()
    let chunk = (count + workers - 1) / workers
    let failures = FailureBox()
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        let range = (w * chunk)..<min(count, (w + 1) * chunk)
        do { try work(range) } catch { failures.record(error) }
    }
    if let error = failures.first { fatalError("benchmark failed: \(error)") }
    return Double(count) / Date().timeIntervalSince(start)
}

private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []
    func record(_ error: any Error) { lock.lock(); errors.append(error); lock.unlock() }
    var first: (any Error)? { lock.lock(); defer { lock.unlock() }; return errors.first }
}

/// Peak resident set size of this process, in MiB (`getrusage` reports KiB on Linux).
private func peakRSSMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / (1024 * 1024)
    #endif
}

func runFeaturesBenchmark() throws {
    let count = 32, side = 512, batch = 8
    let images = benchmarkImages(count: count, side: side)
    let files: [(format: String, bytes: [[UInt8]])] = [
        ("PNG", try images.map { try ImageEncoder.png($0) }),
        ("JPEG q90", try images.map { try ImageEncoder.jpeg($0, quality: 90) }),
    ]
    let configuration = FeatureConfiguration()  // spectrum, dct, residual; 256² luminance crops
    let extractor = try FeatureExtractor(configuration: configuration)
    print("\(count) generated \(side)² RGB images; families \(configuration.families.joined(separator: ",")), "
          + "crop \(configuration.cropSize), \(extractor.featureNames.count) features; batches of \(batch)")

    // Warm the transform caches and the libraries once.
    _ = extractor.extract(batch: [try extractor.prepare(images[0])])

    print("format    workers  decode-full/s  decode-crop/s  decode+features/s")
    for (format, bytes) in files {
        for workers in [1, 2] {
            let full = try throughput(count: count, workers: workers) { range in
                for i in range { _ = try ImageDecoder.decode(bytes[i]) }
            }
            let crop = try throughput(count: count, workers: workers) { range in
                for i in range { _ = try ImageDecoder.decode(bytes[i], options: extractor.decodeOptions) }
            }
            let features = try throughput(count: count, workers: workers) { range in
                var start = range.lowerBound
                while start < range.upperBound {
                    let end = min(start + batch, range.upperBound)
                    let inputs = try (start..<end).map {
                        try extractor.prepare(ImageDecoder.decode(bytes[$0], options: extractor.decodeOptions))
                    }
                    let vectors = extractor.extract(batch: inputs)
                    precondition(vectors.allSatisfy { $0.count == extractor.featureNames.count })
                    start = end
                }
            }
            print(format.padding(toLength: 9, withPad: " ", startingAt: 0)
                  + String(format: " %7d  %13.1f  %13.1f  %17.1f", workers, full, crop, features))
        }
    }

    // Each spectral family alone on prepared inputs (one worker), to see where the time goes.
    let inputs = try images.map { try extractor.prepare($0) }
    print("family alone (1 worker, prepared 256² inputs)   images/s")
    for name in ["spectrum", "dct", "residual-spectrum"] {
        let alone = try FeatureExtractor(configuration: FeatureConfiguration(families: [name]))
        let rate = throughput(count: count, workers: 1) { range in
            var start = range.lowerBound
            while start < range.upperBound {
                let end = min(start + batch, range.upperBound)
                _ = alone.extract(batch: Array(inputs[start..<end]))
                start = end
            }
        }
        print("  " + name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: " %8.1f", rate))
    }
    print(String(format: "peak RSS: %.1f MiB", peakRSSMiB()))
}
