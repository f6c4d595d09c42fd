import TelltaleFaces
import TelltaleImaging

/// The configured feature pipeline: preprocessing (centre crop, small-image policy)
/// and the selected families, concatenated in configuration order — or, with a
/// ``FeatureConfiguration/tiling``, the same on every tile, aggregated (``extract(_:tiles:)``).
///
/// Finiteness: every spectral family adds a positive `ε` before each logarithm
/// (`spectrum`: `|F + 1e-8|`, clamped at the smallest normal float; `dct`: `|D| + 1e-12`;
/// `residual-spectrum`: mean power `+ 1e-8`), divides only by non-zero counts and norms
/// (ring sizes ≥ 1, grid cells ≥ 1 value, RMS 0 leaves the residual at 0), and skips the
/// optional normalisation by a zero first value — so a black or constant image gives
/// finite vectors.
///
/// BLAS: the transforms are single-threaded OpenBLAS GEMMs; parallelise over images
/// (call ``extract(batch:)`` from several threads on disjoint batches).
///
/// A value, safe to share between threads. Typical use:
/// ```swift
/// let extractor = try FeatureExtractor(configuration: FeatureConfiguration())
/// let image = try ImageDecoder.decode(file: path, options: extractor.decodeOptions)
/// let vector = try extractor.extract(image)   // extractor.featureNames.count values
/// ```
public struct FeatureExtractor: Sendable {
    public let configuration: FeatureConfiguration
    /// The families, in configuration order.
    public let families: [any FeatureFamily]
    /// With a face crop (``FeatureConfiguration/faces``): dlib's detector, its landmark model
    /// loaded (once per process); nil otherwise.
    public let faceDetector: FaceDetector?

    /// Validates the configuration (``FeatureConfiguration/validate()``) and builds its families.
    /// With a face crop, loads the face detector's landmark model (``TelltaleFaces/FaceDetector/configuredModelPath``).
    /// - Throws: ``FeatureError`` — e.g. `.unknownFamily(name:valid:)` listing the valid names,
    ///   `.faceDetection` when the landmark model is missing or unreadable.
    public init(configuration: FeatureConfiguration) throws(FeatureError) {
        try configuration.validate()
        var families = [any FeatureFamily]()
        for name in configuration.families {
            guard let family = FeatureRegistry.family(named: name, configuration: configuration) else {
                throw .unknownFamily(name: name, valid: FeatureRegistry.names)
            }
            families.append(family)
        }
        self.configuration = configuration
        self.families = families
        do {
            faceDetector = configuration.faces == nil ? nil : try FaceDetector()
        } catch {
            throw .faceDetection("\(error)")
        }
    }

    /// Every output name: all families concatenated in configuration order, then, with a
    /// tiling aggregated by ``Tiling/Aggregation/meanStd``, the same names suffixed `.std`.
    public var featureNames: [String] {
        let names = tileFeatureNames
        return configuration.tiling?.aggregation == .meanStd ? names + names.map { $0 + ".std" } : names
    }

    /// The names of one crop's (one tile's) vector — what ``extract(batch:)`` returns per input.
    public var tileFeatureNames: [String] { families.flatMap(\.featureNames) }

    /// What to ask the decoder for: only the centred `cropSize` square (or the largest
    /// centred square of a smaller image), which ``prepare(_:)`` then leaves as it is. With a
    /// tiling, the whole image (``extract(_:)`` lays the tiles on it); knowing the image's size
    /// from its header, ``decodeOptions(width:height:channels:)`` asks for the tiles' rectangle only.
    public var decodeOptions: DecodeOptions {
        configuration.tiling == nil && configuration.faces == nil ? DecodeOptions(crop: .centreSquare(side: configuration.cropSize)) : DecodeOptions()
    }

    /// The centred `S × S` crop of `image` (`S` = `cropSize`; no resizing ever). An image
    /// already cropped by the decoder with ``decodeOptions`` is passed through unchanged.
    ///
    /// Smaller than `S` in either direction: under `.largestSquare` the largest centred
    /// square is used (families resample to fixed lengths); under `.skip` this throws
    /// ``FeatureError/imageTooSmall(width:height:required:)``. Any image whose shorter side
    /// is below ``FeatureConfiguration/minimumSide`` is refused under both policies.
    ///
    /// The centre crop only, whatever the tiling: ``extract(batch:)`` on it gives one tile's
    /// vector (``tileFeatureNames``); a tiled configuration's row comes from ``extract(_:)``.
    public func prepare(_ image: Image) throws(FeatureError) -> FeatureInput {
        let s = configuration.cropSize
        let shorter = min(image.width, image.height)
        if shorter < s {
            if configuration.smallImages == .skip || shorter < FeatureConfiguration.minimumSide {
                let required = configuration.smallImages == .skip ? s : FeatureConfiguration.minimumSide
                throw .imageTooSmall(width: image.width, height: image.height, required: required)
            }
        }
        let region = PixelRegion.centreSquare(side: s, inWidth: image.width, height: image.height)
        if region.width == image.width && region.height == image.height { return FeatureInput(image: image) }
        return FeatureInput(image: image.cropped(to: region))
    }

    /// The feature vector of one image: ``prepare(_:)`` then every family; with a tiling,
    /// every tile of ``tiles(width:height:)`` aggregated (``extract(_:tiles:)``).
    public func extract(_ image: Image) throws(FeatureError) -> [Float] {
        guard configuration.tiling != nil else { return extract(batch: [try prepare(image)])[0] }
        return extract(image, tiles: try tiles(width: image.width, height: image.height))
    }

    /// The feature vectors of several prepared images; each family sees the whole batch
    /// (the spectral families put all planes of one size through one GEMM).
    public func extract(batch: [FeatureInput]) -> [[Float]] {
        var out = [[Float]](repeating: [], count: batch.count)
        for family in families {
            for (i, values) in family.extract(batch: batch).enumerated() { out[i].append(contentsOf: values) }
        }
        return out
    }
}
