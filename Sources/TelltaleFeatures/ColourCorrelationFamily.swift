/// Cross-channel correlations of high-pass residuals.
///
/// Camera pipelines interpolate colour from one sensor mosaic (demosaicing),
/// which ties the noise of R, G and B together in characteristic ways;
/// generators synthesise the channels jointly and often get these
/// correlations wrong (see e.g. McCloskey & Albright, "Detecting GAN-generated
/// imagery using saturation cues", ICIP 2019, and the colour co-occurrence
/// features of Nataraj et al., 2019). For each filter of
/// ``Parameters/filters`` (see ``HighPassFilter``; valid region only) the
/// residuals `R_R, R_G, R_B` of the three channels are computed and their
/// Pearson correlations reported for the pairs RG, RB and GB:
///
///     ρ(a, b) = Σ (a − ā)(b − b̄) / √(Σ (a − ā)² · Σ (b − b̄)²).
///
/// The family always works on R, G, B whatever the configured colour mode.
/// When a residual has zero variance the correlation is undefined; it is then
/// defined as 1 if the two residuals are identical and 0 otherwise. So a grey
/// image (whose three planes are the same) gives 1 everywhere, as does a
/// constant image; a crop too small for a kernel gives 0.
///
/// Feature names: `colour-correlation.<filter>.<rg|rb|gb>`.
public struct ColourCorrelationFamily: FeatureFamily {
    public struct Parameters: Codable, Sendable, Hashable {
        /// Names of the high-pass filters (``HighPassFilter/named(_:)``).
        public var filters: [String]

        public init(filters: [String] = HighPassFilter.all.map(\.name)) { self.filters = filters }
        public init() { self.init(filters: HighPassFilter.all.map(\.name)) }

        private enum CodingKeys: String, CodingKey { case filters }

        /// Missing keys take their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(filters: try c.decodeIfPresent([String].self, forKey: .filters) ?? HighPassFilter.all.map(\.name))
        }
    }

    public static let name = "colour-correlation"
    public let parameters: Parameters
    public let cropSize: Int
    public let colour: ColourMode
    /// The resolved filters.
    public let filters: [HighPassFilter]

    /// - Precondition: every filter name is known.
    public init(parameters: Parameters, cropSize: Int, colour: ColourMode) {
        self.parameters = parameters
        self.cropSize = cropSize
        self.colour = colour
        self.filters = parameters.filters.map { name in
            guard let f = HighPassFilter.named(name) else { preconditionFailure("colour-correlation: unknown filter '\(name)'") }
            return f
        }
    }

    public var featureNames: [String] {
        filters.flatMap { f in ["rg", "rb", "gb"].map { "colour-correlation.\(f.name).\($0)" } }
    }

    public func extract(_ input: FeatureInput) -> [Float] {
        let n = input.side
        let planes = input.image.rgbPlanes()
        var residuals = [[Float]](repeating: [Float](repeating: 0, count: n * n), count: 3)
        var out = [Float]()
        out.reserveCapacity(3 * filters.count)
        for f in filters {
            var count = 0
            for c in 0..<3 {
                planes[c].withUnsafeBufferPointer { p in
                    residuals[c].withUnsafeMutableBufferPointer { r in
                        let (ow, oh) = f.apply(p, width: n, height: n, into: r)
                        count = ow * oh
                    }
                }
            }
            Self.appendCorrelations(residuals, count: count, to: &out)
        }
        return out
    }

    /// Appends ρ(R, G), ρ(R, B), ρ(G, B) of the first `count` values of three
    /// residuals, sharing each channel's Σ and Σ² between its two pairs.
    static func appendCorrelations(_ r: [[Float]], count: Int, to out: inout [Float]) {
        guard count > 0 else {
            out.append(contentsOf: [0, 0, 0])
            return
        }
        let n = Double(count)
        var sums = [Double](repeating: 0, count: 3), centred = [Double](repeating: 0, count: 3)
        for c in 0..<3 {
            r[c].withUnsafeBufferPointer { p in
                sums[c] = FloatSums.sum(p.baseAddress!, count)
                centred[c] = FloatSums.dot(p.baseAddress!, p.baseAddress!, count) * n - sums[c] * sums[c]
            }
        }
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            r[i].withUnsafeBufferPointer { pa in
                r[j].withUnsafeBufferPointer { pb in
                    if centred[i] <= 0 || centred[j] <= 0 {
                        out.append((0..<count).allSatisfy { pa[$0] == pb[$0] } ? 1 : 0)
                    } else {
                        let cross = FloatSums.dot(pa.baseAddress!, pb.baseAddress!, count) * n - sums[i] * sums[j]
                        out.append(Float(min(1, max(-1, cross / (centred[i] * centred[j]).squareRoot()))))
                    }
                }
            }
        }
    }

    /// Pearson correlation of the first `count` values of `a` and `b`, from
    /// double-precision moments `ρ = (n Σab − Σa Σb) / √((n Σa² − (Σa)²)(n Σb² − (Σb)²))`,
    /// with the zero-variance convention described on the type.
    static func correlation(_ a: [Float], _ b: [Float], count: Int) -> Float {
        guard count > 0 else { return 0 }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let n = Double(count)
                let sa = FloatSums.sum(pa.baseAddress!, count), sb = FloatSums.sum(pb.baseAddress!, count)
                let saa = FloatSums.dot(pa.baseAddress!, pa.baseAddress!, count) * n - sa * sa
                let sbb = FloatSums.dot(pb.baseAddress!, pb.baseAddress!, count) * n - sb * sb
                let sab = FloatSums.dot(pa.baseAddress!, pb.baseAddress!, count) * n - sa * sb
                if saa <= 0 || sbb <= 0 {
                    return (0..<count).allSatisfy { pa[$0] == pb[$0] } ? 1 : 0
                }
                return Float(min(1, max(-1, sab / (saa * sbb).squareRoot())))
            }
        }
    }
}
