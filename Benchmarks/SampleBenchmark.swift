// Throughput on the bundled sample (issue 3): decode only versus decode + the default
// feature families (spectrum, dct, residual; 256² centre crop, luminance), on the sample's
// PNGs (genimage-sd14/fake, 512²) and JPEGs (stylegan2-ffhq/{real,fake}, 512²), with 1 and
// 2 workers, using the same parallelism as `telltale extract` (OrderedParallelMap over
// batches of 8, each batch through TelltalePipeline's FeatureExtraction.process: one
// batched FeatureExtractor call per batch), plus each family's cost.
//
// The sample folder is ./datasets/sample, or $TELLTALE_SAMPLE.
import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltalePipeline
import TelltaleSupport

/// One format's files, read once into memory (so the decode columns time the codecs, not the disk).
private struct SampleSet {
    var name: String
    var paths: [String]
    var bytes: [[UInt8]]
}

/// What one pass does to each image.
private enum SampleStage: CaseIterable {
    case decodeFull, decodeCrop, readHashCrop, endToEnd

    var title: String {
        switch self {
        case .decodeFull: "decode full"
        case .decodeCrop: "decode crop"
        case .readHashCrop: "read+sha+crop"
        case .endToEnd: "+ features"
        }
    }
}

/// Images per second of `stage` over `count` images cycling through `set`, in batches of
/// `batch` spread over `workers` threads by OrderedParallelMap (results consumed in order,
/// as `telltale extract` does); the best of `rounds` passes.
private func sampleRate(_ stage: SampleStage, set: SampleSet, count: Int, workers: Int, batch: Int,
                        extractor: FeatureExtractor, rounds: Int = 3) -> Double {
    let batches = stride(from: 0, to: count, by: batch).map { $0..<min($0 + batch, count) }
    let bytes = set.bytes, paths = set.paths, options = extractor.decodeOptions
    var best = 0.0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        OrderedParallelMap.run(count: batches.count, workers: workers) { b -> Result<Int, DecodeError> in
            do {
                var items: [LabelledImage] = []
                var checksum = 0
                for i in batches[b] {
                    let k = i % bytes.count
                    switch stage {
                    case .decodeFull:
                        checksum &+= Int(try ImageDecoder.decode(bytes[k]).pixels[0])
                    case .decodeCrop:
                        checksum &+= Int(try ImageDecoder.decode(bytes[k], options: options).pixels[0])
                    case .readHashCrop:
                        let file = try ImageDecoder.readFile(paths[k])
                        checksum &+= Digest.sha256(file).utf8.count
                        checksum &+= Int(try ImageDecoder.decode(file, path: paths[k], options: options).pixels[0])
                    case .endToEnd:
                        items.append(LabelledImage(path: paths[k], label: nil))
                    }
                }
                if !items.isEmpty {
                    // The extraction every command runs: read, hash, decode the crop, one batched feature call.
                    for outcome in FeatureExtraction.process(items, extractor: extractor, transform: .none,
                                                             memoryBudget: DecodeOptions.defaultMemoryBudget) {
                        switch outcome.features {
                        case .success(let vector): checksum &+= vector.count
                        case .failure(let failure): fatalError("sample benchmark: \(outcome.item.path): \(failure.reason)")
                        }
                    }
                }
                return .success(checksum)
            } catch let error as DecodeError {
                return .failure(error)
            } catch {
                preconditionFailure("sample benchmark: \(error)")  // decoding throws only DecodeError
            }
        } consume: { _, result in
            if case .failure(let error) = result { fatalError("sample benchmark: \(error.reasonDescription)") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = max(best, Double(count) / seconds)
    }
    return best
}

/// Milliseconds per image of `family` alone on prepared inputs (one worker, batches of
/// `batch`; the best of five 0.3 s windows).
func familyMilliseconds(_ family: any FeatureFamily, inputs: [FeatureInput], batch: Int) -> Double {
    let rate = Bench.bestRate {
        var start = 0
        while start < inputs.count {
            let end = min(start + batch, inputs.count)
            precondition(!family.extract(batch: Array(inputs[start..<end])).isEmpty)
            start = end
        }
    }
    return 1000 / (rate * Double(inputs.count))
}

func runSampleBenchmark() throws {
    let root = ProcessInfo.processInfo.environment["TELLTALE_SAMPLE"] ?? "datasets/sample"
    func load(_ name: String, _ folders: [String]) throws -> SampleSet {
        let paths = try ImageFiles.list(folders.map { "\(root)/\($0)" })
        return SampleSet(name: name, paths: paths, bytes: try paths.map { try ImageDecoder.readFile($0) })
    }
    let sets = [
        try load("PNG", ["genimage-sd14/fake"]),
        try load("JPEG", ["stylegan2-ffhq/real", "stylegan2-ffhq/fake"]),
    ]
    let configuration = FeatureConfiguration()  // the defaults: spectrum, dct, residual; 256², luminance
    let extractor = try FeatureExtractor(configuration: configuration)
    let batch = 8, count = 192
    print("sample \(root): " + sets.map { "\($0.name) \($0.paths.count) files" }.joined(separator: ", ")
          + "; families \(configuration.families.joined(separator: ",")), crop \(configuration.cropSize), "
          + "\(extractor.featureNames.count) features; \(count) images per pass (files cycled), batches of \(batch), best of 3")
    print("decode crop = the centre 256² region decode `telltale extract` uses; read+sha+crop adds reading the file "
          + "and its SHA-256; + features is the whole extraction")

    // Warm the transform caches (DFT/DCT matrices) and the codecs once.
    _ = extractor.extract(batch: [try extractor.prepare(ImageDecoder.decode(sets[0].bytes[0], options: extractor.decodeOptions))])

    print("format  workers  " + SampleStage.allCases.map { $0.title.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined(separator: " ")
          + " features/decode")
    var decodeMilliseconds: [String: Double] = [:]
    for set in sets {
        for workers in [1, 2] {
            let rates = SampleStage.allCases.map {
                sampleRate($0, set: set, count: count, workers: workers, batch: batch, extractor: extractor)
            }
            // Extra time the families add, relative to everything before them (read, hash, crop decode).
            let added = rates[2] / rates[3] - 1
            if workers == 1 { decodeMilliseconds[set.name] = 1000 / rates[1] }
            print(set.name.padding(toLength: 6, withPad: " ", startingAt: 0)
                  + String(format: "  %7d  ", workers)
                  + rates.map { String(format: "%10.1f/s   ", $0) }.joined(separator: " ")
                  + String(format: " +%.0f %%  %@", 100 * added, added <= 0.25 ? "(goal ≤ 25 % met)" : "(goal ≤ 25 % missed)"))
        }
    }

    // Where the features' time goes: each family alone, on inputs already cropped and converted.
    let decoded = try sets.flatMap { set in
        try set.bytes.prefix(16).map { try ImageDecoder.decode($0, options: extractor.decodeOptions) }
    }
    var prepared: [FeatureInput] = []
    let prepareRate = try Bench.bestRate { prepared = try decoded.map { try extractor.prepare($0) } }
    print("\nper image, 1 worker, on decoded 256² crops            ms/image   vs PNG crop decode  vs JPEG crop decode")
    func line(_ name: String, _ ms: Double) {
        let png = decodeMilliseconds["PNG"] ?? .nan, jpeg = decodeMilliseconds["JPEG"] ?? .nan
        print("  " + name.padding(toLength: 50, withPad: " ", startingAt: 0)
              + String(format: " %8.2f   %14.0f %%  %17.0f %%", ms, 100 * ms / png, 100 * ms / jpeg))
    }
    line("prepare (crop check, BT.601 luminance plane)", 1000 / (prepareRate * Double(decoded.count)))
    var total = 0.0
    for family in extractor.families {
        let ms = familyMilliseconds(family, inputs: prepared, batch: batch)
        total += ms
        line("\(type(of: family).name) (\(family.featureNames.count) features)", ms)
    }
    line("all default families", total)

    // The 2-D transforms inside the spectral families: `telltale-benchmarks transforms`.
    for set in sets {
        let kib = Double(set.bytes.reduce(0) { $0 + $1.count }) / Double(set.bytes.count) / 1024
        var k = 0
        let hash = Bench.rate(seconds: 1) { k += 1; precondition(Digest.sha256(set.bytes[k % set.bytes.count]).count == 64) }
        line("SHA-256 of a \(set.name) file (mean \(Int(kib.rounded())) KiB)", 1000 / hash)
    }
    print("\npeak RSS \(Bench.format(Bench.peakRSSMiB())) MiB")
}
