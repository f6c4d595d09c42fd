/// The families Telltale knows, by name.
///
/// Spectral: `spectrum` (Durall et al. 2019/2020, ``SpectrumFamily``), `dct` (Frank et al.
/// ICML 2020, ``DCTFamily``), `residual-spectrum` (Corvi et al. ICASSP 2023,
/// ``ResidualSpectrumFamily``). Noise residuals: `residual`, `spam`, `npr`, `colour-correlation`.
/// Faces: `face-context` (``FaceContextFamily``) — not a per-crop family: it needs a face and is
/// built and run by ``FeatureExtractor`` (``family(named:configuration:)`` gives nil for it).
public enum FeatureRegistry {
    /// Every family name, in the order the documentation lists them.
    public static let names: [String] = [
        SpectrumFamily.name, DCTFamily.name, ResidualFamily.name, SPAMFamily.name,
        NPRFamily.name, ResidualSpectrumFamily.name, ColourCorrelationFamily.name, FaceContextFamily.name,
    ]

    /// The families computed from a face (its landmarks) rather than from a crop: valid only with a face crop.
    public static let faceNames: Set<String> = [FaceContextFamily.name]
    /// The per-crop families (``names`` without ``faceNames``): valid with every crop.
    public static var cropNames: [String] { names.filter { !faceNames.contains($0) } }

    /// The configured per-crop family called `name`, or nil for an unknown name or a face family (``faceNames``).
    public static func family(named name: String, configuration c: FeatureConfiguration) -> (any FeatureFamily)? {
        switch name {
        case SpectrumFamily.name: return SpectrumFamily(parameters: c.spectrum, cropSize: c.cropSize, colour: c.colour)
        case DCTFamily.name: return DCTFamily(parameters: c.dct, cropSize: c.cropSize, colour: c.colour)
        case ResidualSpectrumFamily.name: return ResidualSpectrumFamily(parameters: c.residualSpectrum, cropSize: c.cropSize, colour: c.colour)
        case ResidualFamily.name: return ResidualFamily(parameters: c.residual, cropSize: c.cropSize, colour: c.colour)
        case SPAMFamily.name: return SPAMFamily(parameters: c.spam, cropSize: c.cropSize, colour: c.colour)
        case NPRFamily.name: return NPRFamily(parameters: c.npr, cropSize: c.cropSize, colour: c.colour)
        case ColourCorrelationFamily.name: return ColourCorrelationFamily(parameters: c.colourCorrelation, cropSize: c.cropSize, colour: c.colour)
        default: return nil
        }
    }
}
