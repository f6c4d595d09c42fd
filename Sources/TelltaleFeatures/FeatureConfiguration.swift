import TelltaleSupport

/// Everything that determines a feature vector: preprocessing, the families
/// selected and each family's parameters. A value with a stable hash
/// (``hash``): two feature files or a feature file and a model agree exactly
/// when their hashes do.
///
/// Preprocessing (applied by ``FeatureExtractor/prepare(_:)``), version 2:
/// - the centred `cropSize × cropSize` square of the stored pixel grid
///   (``PixelRegion``-style floor offsets), never resized;
/// - an image smaller than `cropSize` in either direction follows ``smallImages``:
///   `.largestSquare` keeps its largest centred square and the families resample
///   their 1-D profiles and 2-D grids to the lengths of a full crop, so the vector
///   length never depends on the image size; `.skip` refuses it with
///   ``FeatureError/imageTooSmall(width:height:required:)``;
/// - planes: BT.601 luminance `0.299 R + 0.587 G + 0.114 B` (``ColourMode/luminance``)
///   or each of R, G, B (``ColourMode/rgb``), as floats in [0, 255]; luminance is the float
///   nearest the exact value, and the `residual` family works on it exactly, as `1000 Y`.
///
/// Version 2 (Telltale 0.2.0): exact luminance, and the `residual` family's residuals and
/// rounding in exact integer arithmetic — version 1 decided residuals that are exactly
/// half-integers by float rounding, so `residual` and the luminance `npr` values differ
/// where such ties occur. Version 1 files are refused: extract them again.
///
/// With a ``tiling``, the same crop preprocessing applies to each tile of a centred grid
/// and the tile vectors are aggregated into one row (``Tiling`` documents the geometry).
///
/// With ``faces``, each face's region is judged instead (``FaceCrop`` documents the region,
/// its tiles and the rows); the `face-context` family (``FaceContextFamily``), which needs the
/// face's landmarks, is then computed once per face on its whole region and its values follow
/// the tiles' (``FeatureExtractor/featureNames``).
///
/// ``validate()`` checks names and parameter domains; ``FeatureExtractor`` calls it.
public struct FeatureConfiguration: Codable, Sendable, Hashable {
    /// Bumped whenever the meaning of any feature changes for the same configuration.
    public static let currentVersion = 2
    /// The families used when none are named.
    public static let defaultFamilies = ["spectrum", "dct", "residual"]

    public var version: Int
    /// Selected families, in output order.
    public var families: [String]
    /// Side S of the centre crop (pixels). No resizing is ever done.
    public var cropSize: Int
    /// Images smaller than S in either direction.
    public var smallImages: SmallImagePolicy
    /// Planes the residual and spectral families work on.
    public var colour: ColourMode
    /// Container neutralisation applied before the crop, or nil (the default) for raw
    /// images. Omitted from the encoding when nil, so it does not change the hash of
    /// configurations without it.
    public var neutralisation: Neutralisation?
    /// Whole-image evidence: features averaged over a grid of `cropSize²` tiles
    /// (``Tiling``), or nil (the default) for one centre crop — `centre`. Omitted from
    /// the encoding when nil, so centre configurations keep their JSON and hash.
    public var tiling: Tiling?
    /// The face crop (``FaceCrop``): features from each face's region instead of the centre,
    /// or nil (the default). Omitted from the encoding when nil, so other configurations keep
    /// their JSON and hash.
    public var faces: FaceCrop?

    public var spectrum: SpectrumFamily.Parameters
    public var dct: DCTFamily.Parameters
    public var residualSpectrum: ResidualSpectrumFamily.Parameters
    public var residual: ResidualFamily.Parameters
    public var spam: SPAMFamily.Parameters
    public var npr: NPRFamily.Parameters
    public var colourCorrelation: ColourCorrelationFamily.Parameters
    /// The `face-context` family's parameters, or nil (the default) for its defaults
    /// (``FaceContextFamily/Parameters/init(bandFraction:minimumBand:)``). Omitted from the
    /// encoding when nil, so configurations written before the family keep their JSON and hash.
    public var faceContext: FaceContextFamily.Parameters?

    /// The defaults, in one place (`FeatureConfiguration()`): `extract`/`train`/`crossval`'s
    /// options and bench specs take theirs from here — the default families, a centre crop
    /// of 256, the largest centred square for smaller images, luminance planes.
    public static let defaults = FeatureConfiguration()

    public init(families: [String] = FeatureConfiguration.defaultFamilies, cropSize: Int = 256,
                smallImages: SmallImagePolicy = .largestSquare, colour: ColourMode = .luminance) {
        self.version = Self.currentVersion
        self.families = families
        self.cropSize = cropSize
        self.smallImages = smallImages
        self.colour = colour
        self.spectrum = .init()
        self.dct = .init()
        self.residualSpectrum = .init()
        self.residual = .init()
        self.spam = .init()
        self.npr = .init()
        self.colourCorrelation = .init()
    }

    /// What an image's several rows are, in messages: `face` with a face crop (one row per
    /// face), else `tile` (tile rows).
    public var rowKind: String { faces != nil ? "face" : "tile" }

    /// SHA-256 of the canonical (sorted-key, compact) JSON encoding.
    public var hash: String {
        // Encoding a value of plain Codable fields cannot fail.
        (try? CanonicalJSON.hash(self)) ?? "unhashable"
    }
}
