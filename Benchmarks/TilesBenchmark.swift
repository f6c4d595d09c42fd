// Whole-image extraction (issue 12): full decode alone versus the extraction `telltale extract`
// runs (FeatureExtraction.run: read, SHA-256, decode of the tiles' rectangle, features), for the
// centre crop and the grid tiling (16 tiles, all tiles), with 1 and 2 workers; and a memory run
// of 10,000 images through the same path, resident memory sampled as it goes.
//
// The images are generated here (seeded, photo-like, JPEG q90 4:2:0) into a temporary folder,
// so the area runs from a fresh clone: 1600×1200 (1.92 MP) and 1152×864 (1.0 MP).
import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging
import TelltalePipeline
import TelltaleSupport
import CFFTW

/// A seeded photo-like RGB image of `width × height`: smooth colour fields, hard-edged blocks,
/// fine texture and Gaussian sensor noise (σ 4), so that a q90 JPEG of it has about the
/// bytes per pixel of a photograph (its entropy decoding costs what a photo's does).
private func photoLikeImage(width: Int, height: Int, seed: Int) -> Image {
    var rng = SeededGenerator.stream(seed: 2026, "tiles-benchmark-\(seed)")
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    let fx = 0.004 + 0.002 * Double(seed % 4), fy = 0.003 + 0.0015 * Double(seed % 3)
    for y in 0..<height {
        for x in 0..<width {
            let block = ((x / (96 + 16 * (seed % 3))) * 7 + (y / 80) * 13) % 5
            let texture = 10 * sin(0.7 * Double(x) + 0.3 * Double(y)) * cos(0.11 * Double(x * y % 977))
            for c in 0..<3 {
                let v = 120 + 70 * sin(fx * Double(x) + 1.3 * Double(c)) * cos(fy * Double(y) - Double(c))
                    + 9 * Double(block) - 18 + texture + 4 * rng.nextGaussian()
                pixels[(y * width + x) * 3 + c] = UInt8(max(0, min(255, v.rounded())))
            }
        }
    }
    return Image(width: width, height: height, channels: 3, pixels: pixels)
}

/// The benchmark's JPEG files, written once per run into a new temporary folder.
private struct TileBenchFiles {
    let folder: URL
    let paths: [String]
    let pixels: [Int]  // width × height of each file

    init(count: Int) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("telltale-tiles-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var paths: [String] = [], pixels: [Int] = []
        for i in 0..<count {
            let (w, h) = i % 2 == 0 ? (1600, 1200) : (1152, 864)
            let bytes = try ImageEncoder.jpeg(photoLikeImage(width: w, height: h, seed: i), quality: 90)
            let path = folder.appendingPathComponent("photo-\(i).jpg").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            paths.append(path)
            pixels.append(w * h)
        }
        self.paths = paths
        self.pixels = pixels
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Resident memory of this process now and its peak so far, in MiB (`VmRSS`, `VmHWM` of
/// `/proc/self/status`; nil where there is no such file).
private func residentMiB() -> (now: Double, peak: Double)? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    func field(_ name: String) -> Double? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }.map { $0 / 1024 }
    }
    guard let now = field("VmRSS"), let peak = field("VmHWM") else { return nil }
    return (now, peak)
}

/// CPU seconds (user + system) this process has used so far, over all its threads.
private func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The best wall-clock rate of `rounds` passes of `count` images, and the CPU milliseconds
/// per image over all passes — the cost per core, which other load on the machine hardly moves.
private struct Rate {
    var imagesPerSecond = 0.0
    var cpuMilliseconds = 0.0

    static func measure(count: Int, rounds: Int, _ pass: () throws -> Void) rethrows -> Rate {
        var rate = Rate()
        let cpu = cpuSeconds()
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            try pass()
            rate.imagesPerSecond = max(rate.imagesPerSecond,
                                       Double(count) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }
        rate.cpuMilliseconds = 1000 * (cpuSeconds() - cpu) / Double(count * rounds)
        return rate
    }
}

/// Images per second reading and fully decoding `count` files (cycled), in batches of 8 on
/// `workers` threads by OrderedParallelMap, as the extraction spreads its batches; best of `rounds`.
private func decodeRate(_ files: TileBenchFiles, count: Int, workers: Int, rounds: Int = 3) -> Rate {
    let batches = stride(from: 0, to: count, by: 8).map { $0..<min($0 + 8, count) }
    let paths = files.paths
    return Rate.measure(count: count, rounds: rounds) {
        OrderedParallelMap.run(count: batches.count, workers: workers) { b -> Int in
            var checksum = 0
            for i in batches[b] {
                let path = paths[i % paths.count]
                do {
                    let bytes = try ImageDecoder.readFile(path)
                    checksum &+= Int(try ImageDecoder.decode(bytes, path: path).pixels[0])
                } catch {
                    fatalError("tiles benchmark: \(path): \(error)")
                }
            }
            return checksum
        } consume: { _, _ in }
    }
}

/// Images per second through `FeatureExtraction.run` (what `telltale extract` runs) over
/// `count` files (cycled), with `workers` workers; best of `rounds`. Any failure stops the run.
private func extractionRate(_ files: TileBenchFiles, count: Int, workers: Int, extractor: FeatureExtractor,
                            rounds: Int = 3) throws -> Rate {
    let items = (0..<count).map { LabelledImage(path: files.paths[$0 % files.paths.count], label: nil) }
    let extraction = FeatureExtraction(extractor: extractor, workers: workers)
    return try Rate.measure(count: count, rounds: rounds) {
        try extraction.run(items, progress: nil) { outcome in
            if case .failure(let failure) = outcome.features { fatalError("tiles benchmark: \(outcome.item.path): \(failure.reason)") }
        }
    }
}

/// The extractions compared: the centre crop, the grid capped at 2, 4, 6, 8 and 16 tiles
/// (nearest the centre first; 16 is ``Tiling/defaultMaxTiles``), and every tile.
private func tileModes() throws -> [(name: String, extractor: FeatureExtractor)] {
    func extractor(_ tiling: Tiling?) throws -> FeatureExtractor {
        var c = FeatureConfiguration()  // the defaults: spectrum, dct, residual; 256², luminance
        c.tiling = tiling
        return try FeatureExtractor(configuration: c)
    }
    return try [("centre", extractor(nil))]
        + [2, 4, 6, 8, Tiling.defaultMaxTiles].map { ("grid \($0)", try extractor(Tiling(area: .whole, maxTiles: $0))) }
        + [("grid all", extractor(Tiling(area: .whole, maxTiles: Tiling.maxTilesLimit)))]
}

/// The work no implementation of the default families can avoid on one 256² tile, timed on
/// one thread: the two FFTW real-to-complex transforms of the plane (one for `spectrum`;
/// `dct` goes through one by Makhoul's reordering) and the table increments of `residual`'s
/// twelve co-occurrence histograms (6 filters × 2 directions, about 65,000 tuples each, two
/// tuples an increment as ``CoOccurrence`` pairs them: 393,216 increments into eight
/// interleaved tables of 625 joint codes), on seeded codes. Everything else (luminance,
/// residual numerators, quantisation, tuple codes, logarithms, pooling) is counted as free.
/// Milliseconds: (fft, increments).
private func featureFloorPerTile() -> (fft: Double, increments: Double) {
    let side = 256
    let input = fftwf_alloc_real(side * side)!, output = fftwf_alloc_complex(side * (side / 2 + 1))!
    defer {
        fftwf_free(input)
        fftwf_free(output)
    }
    var state: UInt64 = 7
    for i in 0..<(side * side) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        input[i] = Float(state >> 56)
    }
    let plan = fftwf_plan_dft_r2c_2d(Int32(side), Int32(side), input, output, FFTW_MEASURE)!
    defer { fftwf_destroy_plan(plan) }
    let fft = 1000 / Bench.bestRate { fftwf_execute(plan) }
    let joint = 625, pairs = side * side / 2
    let codes = UnsafeMutablePointer<UInt16>.allocate(capacity: pairs)
    let tables = UnsafeMutablePointer<Int32>.allocate(capacity: 8 * joint)
    defer {
        codes.deallocate()
        tables.deallocate()
    }
    for i in 0..<pairs {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        codes[i] = UInt16((state >> 33) % UInt64(joint))
    }
    tables.initialize(repeating: 0, count: 8 * joint)
    let increments = 1000 / Bench.bestRate {
        for _ in 0..<12 {
            var x = 0
            while x + 8 <= pairs {
                for k in 0..<8 { tables[k &* joint &+ Int(codes[x &+ k])] &+= 1 }
                x += 8
            }
        }
    }
    return (fft, increments)
}

func runTilesBenchmark() throws {
    let files = try TileBenchFiles(count: 6)
    defer { files.remove() }
    let count = 48
    let megapixels = Double((0..<count).reduce(0) { $0 + files.pixels[$1 % files.pixels.count] }) / 1e6 / Double(count)
    let kib = files.paths.map { Double((try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0) / 1024 }
    print("6 generated JPEGs q90 4:2:0 (1600×1200 and 1152×864, \(Bench.format(kib.min() ?? 0, 0))–\(Bench.format(kib.max() ?? 0, 0)) KiB), "
          + "\(count) images per pass (mean \(Bench.format(megapixels, 2)) MP), best of 3; families spectrum,dct,residual, 256², luminance")
    print("decode = read + full decode; extraction = FeatureExtraction.run (read, SHA-256, region decode, features); "
          + "img/s: the best pass (wall clock); CPU ms: per image over all passes (user + system, all threads); "
          + "ratio = extraction / decode, by wall clock and by CPU")
    let modes = try tileModes()
    // Warm the codecs and the transform plans once.
    for mode in modes { _ = try extractionRate(files, count: 2, workers: 1, extractor: mode.extractor, rounds: 1) }
    let decode = [1, 2].map { decodeRate(files, count: count, workers: $0) }
    for (w, rate) in decode.enumerated() {
        print("decode, \(w + 1) worker(s): \(Bench.format(rate.imagesPerSecond)) img/s, "
              + "\(Bench.format(rate.imagesPerSecond * megapixels, 0)) MP/s, \(Bench.format(rate.cpuMilliseconds, 2)) CPU ms/image")
    }
    print("mode       workers  tiles/image  extract img/s  MP/s  CPU ms  ratio wall  ratio CPU  peak RSS MiB")
    var meanTiles: [String: Double] = [:]
    for mode in modes {
        let tiles = try files.pixels.indices.map { k -> Int in
            let w = k % 2 == 0 ? 1600 : 1152, h = k % 2 == 0 ? 1200 : 864
            return try mode.extractor.tiles(width: w, height: h).count
        }
        meanTiles[mode.name] = Double(tiles.reduce(0, +)) / Double(tiles.count)
        for workers in [1, 2] {
            let extract = try extractionRate(files, count: count, workers: workers, extractor: mode.extractor)
            let base = decode[workers - 1]
            print(mode.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: " %7d  %11@  %13.1f  %4.0f  %6.2f  %10.2f  %9.2f  %12.0f", workers,
                           "\(tiles.min()!)–\(tiles.max()!)", extract.imagesPerSecond, extract.imagesPerSecond * megapixels,
                           extract.cpuMilliseconds, base.imagesPerSecond / extract.imagesPerSecond,
                           extract.cpuMilliseconds / base.cpuMilliseconds, Bench.peakRSSMiB()))
        }
    }
    // The lower bound: decode + tiles × the unavoidable work per tile, over decode.
    let floor = featureFloorPerTile()
    let perTile = 2 * floor.fft + floor.increments
    let decodeCPU = decode[0].cpuMilliseconds
    print("floor per 256² tile (one thread): 2 FFTW r2c \(Bench.format(2 * floor.fft, 3)) ms + residual increments "
          + "\(Bench.format(floor.increments, 3)) ms = \(Bench.format(perTile, 3)) ms; full decode of a tile's pixels "
          + "\(Bench.format(decodeCPU / (megapixels * 1e6) * 65_536, 3)) ms")
    print("lowest CPU ratio any implementation of the default families can reach (everything but the floor free): "
          + modes.dropFirst().map { "\($0.name) \(Bench.format(1 + meanTiles[$0.name]! * perTile / decodeCPU, 2))" }
              .joined(separator: ", "))
}

/// `TELLTALE_TILES_MEMORY_COUNT` images (default 10,000) cycling through 4 generated JPEGs, grid
/// tiling with every tile, 2 workers, through FeatureExtraction.run; the resident memory every
/// tenth of the run.
func runTilesMemoryBenchmark() throws {
    let count = ProcessInfo.processInfo.environment["TELLTALE_TILES_MEMORY_COUNT"].flatMap { Int($0) } ?? 10_000
    let files = try TileBenchFiles(count: 4)
    defer { files.remove() }
    guard let extractor = try tileModes().last?.extractor else { return }
    let items = (0..<count).map { LabelledImage(path: files.paths[$0 % files.paths.count], label: nil) }
    print("\(count) images (4 generated JPEGs, 1600×1200 and 1152×864, cycled), grid tiling with every tile (24 or 12), "
          + "2 workers, FeatureExtraction.run; resident memory (VmRSS) and its peak (VmHWM)")
    print("images  seconds  RSS MiB  peak MiB")
    let start = DispatchTime.now().uptimeNanoseconds
    var done = 0, failed = 0
    let every = max(1, count / 10)
    try FeatureExtraction(extractor: extractor, workers: 2).run(items, progress: nil) { outcome in
        if case .failure = outcome.features { failed += 1 }
        done += 1
        if done % every == 0 || done == count, let rss = residentMiB() {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(String(format: "%6d  %7.1f  %7.1f  %8.1f", done, seconds, rss.now, rss.peak))
        }
    }
    if failed > 0 { fatalError("tiles memory benchmark: \(failed) image(s) failed") }
}
