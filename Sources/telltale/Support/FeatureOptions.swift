import ArgumentParser
import Foundation
import TelltaleFaces
import TelltaleFeatures

/// The feature configuration options shared by `extract`, `train` and `crossval`.
struct FeatureOptions: ParsableArguments {
    private static let d = FeatureConfiguration.defaults

    @Option(help: ArgumentHelp("Feature families, comma-separated (default: \(d.families.joined(separator: ","))).",
                               discussion: "Known: \(FeatureRegistry.names.joined(separator: ", ")).",
                               valueName: "names"))
    var features: String?

    @Option(help: "Side S of the centre crop, in pixels; images are never resized (default: \(d.cropSize)).")
    var size: Int?

    @Option(help: "Planes the residual and spectral families use: luminance (BT.601) or rgb (default: \(d.colour.rawValue)).")
    var colour: ColourMode?

    @Option(help: "Images smaller than S: largest-square (use the largest centred square; vector length unchanged) or skip (default: \(d.smallImages.rawValue)).")
    var smallImages: SmallImagePolicy?

    @Option(help: ArgumentHelp("Neutralise the container first: centre-crop to S (with a grid tiling, to --neutralise-side) and re-encode every image (both classes) as JPEG at this quality. Recorded in the feature configuration.", valueName: "quality"))
    var neutralise: Int?

    @Option(help: ArgumentHelp("With --neutralise and a grid tiling (required there): the side of the centred square every image is cropped to and re-encoded, larger than S; the tiles are laid on it (e.g. 512 with S 256: 4 tiles). Without a tiling the square is S.", valueName: "pixels"))
    var neutraliseSide: Int?

    @Option(help: ArgumentHelp("Where the features come from: centre (one S×S centre crop), grid (S×S tiles on a centred grid over the whole image) or grid-square (over its largest centred square); tile vectors are averaged into one row (default: centre; with --crop face, grid over each face's region, and centre is refused).", valueName: "mode"))
    var tiling: TilingMode?

    @Option(help: "With a grid tiling: at most this many tiles, nearest the centre first (default: \(Tiling.defaultMaxTiles)).")
    var maxTiles: Int?

    @Option(help: "With a grid tiling: images giving fewer tiles are failure rows (default: 1; an image smaller than S counts as one tile).")
    var minTiles: Int?

    @Flag(help: "With a grid tiling: add each feature's standard deviation over the tiles (columns named <name>.std).")
    var tileStd = false

    @Flag(help: "With a grid tiling: one row per tile instead of one per image (each row carrying its image and tile box); a model trained on tile rows scores an image by combining its tiles' scores (train --tile-score).")
    var tileRows = false

    @Option(help: ArgumentHelp("What to judge: centre (the centre or the tiles of the whole image, by --tiling) or face (each face dlib finds, its box enlarged by --face-margin, judged as a grid of S×S tiles at native resolution; a model scores an image by its highest face) (default: centre).", valueName: "mode"))
    var crop: CropMode?

    @Option(help: "With --crop face: how much each face box is enlarged about its centre, 1…4; refused with --face-align (default: \(FaceCrop.defaultMargin)).")
    var faceMargin: Double?

    @Option(help: "With --crop face: at most this many faces per image, the largest first (default: \(FaceCrop.defaultMaxFaces)).")
    var maxFaces: Int?

    @Option(help: ArgumentHelp("With --crop face, an image showing no face: fail (a failure row, reason \"no face found\"), centre (its centre crop) or whole (its grid of tiles) (default: fail).", valueName: "fallback"))
    var noFace: FaceCrop.NoFace?

    @Option(help: ArgumentHelp("With --crop face: faces are looked for on a copy shrunk by an integer factor to at most this many pixels on its longer side (0: never shrink). Smaller is faster but misses small faces (README, Faces) (default: \(FaceDetector.Parameters().detectionSide)).", valueName: "pixels"))
    var faceDetectionSide: Int?

    @Flag(help: "With --crop face: judge each face as one S×S crop similarity-aligned on its eyes and mouth (resampled, as the face-forensics benchmarks align faces) instead of its region's native-resolution tiles.")
    var faceAlign = false

    func validate() throws {
        if crop != .face {
            let ignored = [faceMargin.map { _ in "--face-margin" }, maxFaces.map { _ in "--max-faces" }, noFace.map { _ in "--no-face" },
                           faceDetectionSide.map { _ in "--face-detection-side" }, faceAlign ? "--face-align" : nil]
                .compactMap { $0 }
            if !ignored.isEmpty {
                throw ValidationError("\(ignored.joined(separator: ", ")) need\(ignored.count == 1 ? "s" : "") --crop face")
            }
        } else {
            if tiling == .centre {
                throw ValidationError("--crop face judges each face's region as a grid of tiles: give --tiling grid or grid-square, or leave it out")
            }
            if minTiles != nil { throw ValidationError("--min-tiles does not apply to --crop face (a face region is judged from the tiles it holds, one when small)") }
            if tileRows { throw ValidationError("--crop face gives one row per face (its tiles aggregated): it takes no --tile-rows") }
            if neutralise != nil { throw ValidationError("--neutralise crops every image to its centre: it takes no --crop face") }
        }
        do { _ = try faceCrop } catch { throw ValidationError("\(error)") }
        if crop != .face && (tiling ?? .centre) == .centre {
            let ignored = [maxTiles.map { _ in "--max-tiles" }, minTiles.map { _ in "--min-tiles" }, tileStd ? "--tile-std" : nil,
                           tileRows ? "--tile-rows" : nil]
                .compactMap { $0 }
            if !ignored.isEmpty {
                throw ValidationError("\(ignored.joined(separator: ", ")) need\(ignored.count == 1 ? "s" : "") --tiling grid or grid-square (the centre crop is one tile)")
            }
        }
        if let n = maxTiles, !(1...Tiling.maxTilesLimit).contains(n) {
            throw ValidationError("--max-tiles must be in 1…\(Tiling.maxTilesLimit)")
        }
        if let n = minTiles, !(1...(maxTiles ?? Tiling.defaultMaxTiles)).contains(n) {
            throw ValidationError("--min-tiles must be in 1…\(maxTiles ?? Tiling.defaultMaxTiles) (--max-tiles)")
        }
        if tileStd && tileRows { throw ValidationError("--tile-rows are not aggregated: they take no --tile-std") }
        let tiled: Tiling?
        do { tiled = try tilingValue } catch { throw ValidationError("\(error)") }
        if neutraliseSide != nil && neutralise == nil { throw ValidationError("--neutralise-side needs --neutralise") }
        if neutralise != nil && tiled != nil {
            guard let side = neutraliseSide else {
                throw ValidationError("--neutralise with --tiling grid needs --neutralise-side N: the square (larger than S) every image is cropped to and re-encoded before its tiles are laid, e.g. 512 for 4 tiles of 256")
            }
            if side <= (size ?? Self.d.cropSize) {
                throw ValidationError("--neutralise-side must exceed S (\(size ?? Self.d.cropSize)) with --tiling grid: a square of side S is one tile")
            }
        } else if let side = neutraliseSide, side != (size ?? Self.d.cropSize) {
            throw ValidationError("--neutralise-side applies to a grid tiling: the centre crop neutralises its own S×S square")
        }
        if let q = neutralise, !(1...100).contains(q) { throw ValidationError("--neutralise takes a JPEG quality 1…100") }
        let names = families
        if names.isEmpty || names.contains("") { throw ValidationError("--features needs at least one family name") }
        let unknown = names.filter { !FeatureRegistry.names.contains($0) }
        if !unknown.isEmpty {
            throw ValidationError("unknown feature famil\(unknown.count == 1 ? "y" : "ies") \(unknown.joined(separator: ", ")); known: \(FeatureRegistry.names.joined(separator: ", "))")
        }
        if let face = names.first(where: FeatureRegistry.faceNames.contains) {
            if crop != .face { throw ValidationError("--features \(face) needs each face's landmarks: give --crop face") }
            if let n = noFace, n != .fail {
                throw ValidationError("--features \(face) needs a face in every row: it takes no --no-face \(n.rawValue)")
            }
        }
        if (size ?? Self.d.cropSize) < 8 { throw ValidationError("--size must be at least 8 pixels") }
    }

    private var families: [String] {
        features.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? Self.d.families
    }

    /// The configuration the options give (the defaults for those not given).
    var configuration: FeatureConfiguration {
        var c = FeatureConfiguration(families: families, cropSize: size ?? Self.d.cropSize,
                                     smallImages: smallImages ?? Self.d.smallImages, colour: colour ?? Self.d.colour)
        c.neutralisation = neutralise.map { Neutralisation(cropSize: neutraliseSide ?? c.cropSize, jpegQuality: $0) }
        c.tiling = try? tilingValue
        c.faces = try? faceCrop
        return c
    }

    /// The face crop the options give (nil for centre); throws for options centre would ignore.
    private var faceCrop: FaceCrop? {
        get throws {
            try FaceCrop.from(mode: crop, margin: faceMargin, maxFaces: maxFaces, noFace: noFace, detectionSide: faceDetectionSide,
                              aligned: faceAlign, tiling: tiling, minTiles: minTiles)
        }
    }

    /// The tiling the options give (nil for centre); throws for options centre would ignore.
    private var tilingValue: Tiling? {
        get throws {
            // The face crop lays a grid over each face's region.
            try Tiling.from(mode: FaceCrop.tilingMode(crop: crop, given: tiling), maxTiles: maxTiles, minTiles: minTiles,
                            std: tileStd, rows: tileRows)
        }
    }

    /// The configuration when any feature option was given, else nil: for inputs that may be
    /// feature files, whose features are those they were extracted with (an option would be ignored).
    var givenConfiguration: FeatureConfiguration? {
        features == nil && size == nil && colour == nil && smallImages == nil && neutralise == nil && neutraliseSide == nil
            && tiling == nil && maxTiles == nil && minTiles == nil && !tileStd && !tileRows && crop == nil && faceMargin == nil
            && maxFaces == nil && noFace == nil && faceDetectionSide == nil && !faceAlign ? nil : configuration
    }
}

extension ColourMode: ExpressibleByArgument {}
extension SmallImagePolicy: ExpressibleByArgument {}
extension TilingMode: ExpressibleByArgument {}
extension FaceCrop.NoFace: ExpressibleByArgument {}
extension CropMode: ExpressibleByArgument {}

/// Worker-count option shared by every command that decodes images.
struct WorkerOptions: ParsableArguments {
    @Option(name: .customLong("workers"),
            help: "Worker threads: images are processed in parallel, OpenBLAS uses one thread per worker (default: the number of cores, \(ProcessInfo.processInfo.activeProcessorCount)).")
    var given: Int?

    /// `--workers`, or the number of cores.
    var workers: Int { given ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let n = given, n < 1 { throw ValidationError("--workers must be at least 1") }
    }
}
