import ArgumentParser
import Foundation
import TelltaleFeatures

/// The feature configuration options shared by `extract`, `train` and `crossval`.
struct FeatureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Feature families, comma-separated.",
                               discussion: "Known: \(FeatureRegistry.names.joined(separator: ", ")).",
                               valueName: "names"))
    var features: String = FeatureConfiguration.defaults.families.joined(separator: ",")

    @Option(help: "Side S of the centre crop, in pixels. Images are never resized.")
    var size: Int = FeatureConfiguration.defaults.cropSize

    @Option(help: "Planes the residual and spectral families use: luminance (BT.601) or rgb.")
    var colour: ColourMode = FeatureConfiguration.defaults.colour

    @Option(help: "Images smaller than S: largest-square (use the largest centred square; vector length unchanged) or skip.")
    var smallImages: SmallImagePolicy = FeatureConfiguration.defaults.smallImages

    @Option(help: ArgumentHelp("Neutralise the container first: centre-crop to S and re-encode every image (both classes) as JPEG at this quality. Recorded in the feature configuration.", valueName: "quality"))
    var neutralise: Int?

    func validate() throws {
        if let q = neutralise, !(1...100).contains(q) { throw ValidationError("--neutralise takes a JPEG quality 1…100") }
        let names = features.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        if names.isEmpty || names.contains("") { throw ValidationError("--features needs at least one family name") }
        let unknown = names.filter { !FeatureRegistry.names.contains($0) }
        if !unknown.isEmpty {
            throw ValidationError("unknown feature famil\(unknown.count == 1 ? "y" : "ies") \(unknown.joined(separator: ", ")); known: \(FeatureRegistry.names.joined(separator: ", "))")
        }
        if size < 8 { throw ValidationError("--size must be at least 8 pixels") }
    }

    var configuration: FeatureConfiguration {
        var c = FeatureConfiguration(
            families: features.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) },
            cropSize: size, smallImages: smallImages, colour: colour)
        c.neutralisation = neutralise.map { Neutralisation(cropSize: size, jpegQuality: $0) }
        return c
    }
}

extension ColourMode: ExpressibleByArgument {}
extension SmallImagePolicy: ExpressibleByArgument {}

/// Worker-count option shared by every command that decodes images.
struct WorkerOptions: ParsableArguments {
    @Option(help: "Worker threads (images are processed in parallel; OpenBLAS uses one thread per worker).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
    }
}
