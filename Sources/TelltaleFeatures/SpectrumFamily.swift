import Foundation

/// The azimuthally averaged log-magnitude spectrum of Durall, Keuper, Pfreundt &
/// Keuper, "Unmasking DeepFakes with simple Features" (arXiv:1911.00686, 2019) and
/// "Watch your Up-Convolution: CNN Based Generative Deep Neural Networks are Failing
/// to Reproduce Spectral Distributions" (CVPR 2020).
///
/// For each plane `X` (`n × n`, luminance or each of R, G, B per ``ColourMode``):
/// 1. `F` = 2-D DFT of `X` with the zero frequency centred (as ``FFT2D/centredDFT(_:rows:cols:)``;
///    computed as FFTW's half spectrum, see ``HalfSpectrumRings`` — measured faster than the
///    GEMM formulation, see ``FFT2D``);
/// 2. `M = 20 · ln|F + ε|` (natural log and `ε = 1e-8` added to the complex spectrum, as in
///    their code);
/// 3. the mean of `M` over rings of integer radius about the zero frequency
///    (``RingMap``: centred correctly for any size — their issue #3);
/// 4. that profile (`⌊n/√2⌋ + 1` rings for even `n`) linearly interpolated to `bins` points
///    (``AzimuthalAverage/resample(_:to:)``), so the length never depends on `n`;
/// 5. optionally divided by its first value (the zero-frequency ring), as their code does.
///
/// Step 3's sums of logarithms are taken as logarithms of products (``LogSum``, exact up to
/// double rounding), one `log` call per ring.
///
/// Finiteness: `|F + ε|` is clamped below at the smallest normal float before the log,
/// and the division of step 5 is skipped when the first value is 0.
///
/// Output: `bins` values per plane, named `spectrum.<plane>.b<index>` with `<plane>` one
/// of `y` (luminance) or `r`, `g`, `b`, e.g. `spectrum.y.b000` … `spectrum.y.b127`.
public struct SpectrumFamily: FeatureFamily {
    public struct Parameters: Codable, Sendable, Hashable {
        /// Points the ring profile is interpolated to (Durall et al. use 80 for 128² CelebA
        /// crops and 300 for FaceForensics++); default 128 for 256² crops.
        public var bins: Int
        /// Divide the profile by its first value, as the authors' code does. Off by default:
        /// the first value is `20 ln|Σ X|`, so dividing by it mixes the mean brightness into
        /// every feature; a standardiser downstream removes the scale anyway.
        public var normalise: Bool
        /// Added to the complex spectrum before the log (their `1e-8`).
        public var epsilon: Double

        public init(bins: Int = 128, normalise: Bool = false, epsilon: Double = 1e-8) {
            self.bins = bins
            self.normalise = normalise
            self.epsilon = epsilon
        }
    }

    public static let name = "spectrum"
    public let parameters: Parameters
    public let cropSize: Int
    public let colour: ColourMode

    public init(parameters: Parameters, cropSize: Int, colour: ColourMode) {
        self.parameters = parameters
        self.cropSize = cropSize
        self.colour = colour
    }

    public var featureNames: [String] {
        colour.planeTags.flatMap { tag in
            (0..<parameters.bins).map { "\(Self.name).\(tag).b\(zeroPadded($0, width: 3))" }
        }
    }

    public func extract(_ input: FeatureInput) -> [Float] {
        extract(batch: [input])[0]
    }

    public func extract(batch: [FeatureInput]) -> [[Float]] {
        PlaneBatch.map(batch, colour: colour) { planes, side in
            let workspace = FFT2D.Workspace(rows: side, cols: side)
            return planes.map { plane in plane.withUnsafeBufferPointer { profile(of: $0, workspace: workspace) } }
        }.map { $0.flatMap { $0 } }
    }

    /// The feature vector (`bins` values) of one `rows × cols` plane, row-major — any size,
    /// square or not, odd or even.
    public func profile(plane: [Float], rows: Int, cols: Int) -> [Float] {
        let workspace = FFT2D.Workspace(rows: rows, cols: cols)
        return plane.withUnsafeBufferPointer { profile(of: $0, workspace: workspace) }
    }

    /// Steps 1–5 on one plane. Step 2's logarithms are taken on the half spectrum only
    /// (``HalfSpectrumRings``: the spectrum of a real plane is Hermitian) and summed per
    /// ring as products (``LogSum``); `20 ln|F + ε| = 10 ln |F + ε|²`.
    func profile(of plane: UnsafeBufferPointer<Float>, workspace: FFT2D.Workspace) -> [Float] {
        workspace.halfSpectrum(plane)
        let rings = TransformCache.shared.halfSpectrumRings(rows: workspace.rows, cols: workspace.cols)
        let floor = Double(Float.leastNormalMagnitude) * Double(Float.leastNormalMagnitude)
        let spectrum = UnsafeRawPointer(workspace.output).assumingMemoryBound(to: Float.self)
        let means = rings.meanLogPower(spectrum, epsilon: Float(parameters.epsilon), floor: floor)
        var out = AzimuthalAverage.resample(means.map { Float(10 * $0) }, to: parameters.bins)
        if parameters.normalise, out[0] != 0 {
            let first = out[0]
            for i in out.indices { out[i] /= first }
        }
        return out
    }
}
