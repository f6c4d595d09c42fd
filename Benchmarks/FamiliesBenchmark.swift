// Where the feature families' time goes, quickly: each family alone on the sample's decoded
// 256² crops (luminance, default parameters), one worker, best of five 0.3 s windows.
// `telltale-benchmarks sample` runs the same measurement inside the whole-pipeline table.
import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleImaging

func runFamiliesBenchmark() throws {
    let root = ProcessInfo.processInfo.environment["TELLTALE_SAMPLE"] ?? "datasets/sample"
    let paths = try ImageFiles.list(["\(root)/genimage-sd14/fake", "\(root)/stylegan2-ffhq/real"])
    var configuration = FeatureConfiguration()
    configuration.families = FeatureRegistry.cropNames
    let extractor = try FeatureExtractor(configuration: configuration)
    let decoded = try paths.prefix(32).map { try ImageDecoder.decode(file: $0, options: extractor.decodeOptions) }
    var inputs: [FeatureInput] = []
    let prepare = try Bench.bestRate { inputs = try decoded.map { try extractor.prepare($0) } }
    let defaults = Set(FeatureConfiguration().families)
    print("\(inputs.count) crops of \(root), \(inputs[0].side)², luminance, batches of 8; ms per image (* = default family)")
    print("FFTW plan of a \(inputs[0].side)² plane: \(FFT2D.planOrigin(rows: inputs[0].side, cols: inputs[0].side))")
    print("  prepare (luminance)   " + String(format: "%7.3f ms", 1000 / (prepare * Double(decoded.count))))
    for family in extractor.families {
        let name = type(of: family).name
        let ms = familyMilliseconds(family, inputs: inputs, batch: 8)
        print("  " + "\(name)\(defaults.contains(name) ? " *" : "")".padding(toLength: 22, withPad: " ", startingAt: 0)
              + String(format: "%7.3f ms", ms))
    }
}

