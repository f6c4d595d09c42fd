/// Statistics of the nearest-neighbour up-sampling residual (NPR).
///
/// Tan et al., "Rethinking the Up-Sampling Operations in CNN-based Generative
/// Network for Generalizable Deepfake Detection", CVPR 2024. The residual is
///
///     r = x − up_nn(down_nn(x, ½)),   r[y, x] = x[y, x] − x[2⌊y/2⌋, 2⌊x/2⌋],
///
/// i.e. down-sampling keeps the top-left pixel of each 2×2 block (PyTorch's
/// `interpolate(scale_factor=0.5, mode="nearest")`, which the paper uses) and
/// up-sampling repeats it. An odd side drops its last row and column. The
/// phase (0, 0) of the 2×2 grid is identically zero, so every statistic is
/// taken over the other three phases — (0,1) right, (1,0) below, (1,1)
/// diagonal neighbour of the block's anchor — `N = 3 (n/2)²` samples. The
/// paper feeds `r` to a ResNet; here it is summarised by hand-crafted
/// statistics, per plane:
///
/// - `meanabs` = mean |r|; `std` = population standard deviation of r;
/// - `kurtosis` = excess kurtosis `m₄ / m₂² − 3` (0 when `m₂ = 0`);
/// - `rms01`, `rms10`, `rms11` = √(mean r²) at each non-trivial phase (the
///   up-sampling energy of each position of the 2×2 grid);
/// - `hist00 … hist{K}` = fraction of samples in each bin of
///   ``Parameters/histogramEdges`` (bin k holds `e_{k−1} ≤ r < e_k`, with
///   `e_{−1} = −∞`, `e_K = +∞`).
///
/// Feature names: `npr.<plane>.<statistic>`. Values are in pixel units.
public struct NPRFamily: FeatureFamily {
    public struct Parameters: Codable, Sendable, Hashable {
        /// Interior, increasing bin edges of the residual histogram (K edges → K + 1 bins).
        public var histogramEdges: [Float]

        public init(histogramEdges: [Float] = [-16, -8, -4, -2, -0.5, 0.5, 2, 4, 8, 16]) {
            self.histogramEdges = histogramEdges
        }
        public init() { self.init(histogramEdges: [-16, -8, -4, -2, -0.5, 0.5, 2, 4, 8, 16]) }

        private enum CodingKeys: String, CodingKey { case histogramEdges }

        /// Missing keys take their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init()
            if let e = try c.decodeIfPresent([Float].self, forKey: .histogramEdges) { histogramEdges = e }
        }
    }

    public static let name = "npr"
    public let parameters: Parameters
    public let cropSize: Int
    public let colour: ColourMode

    /// - Precondition: the histogram edges increase strictly.
    public init(parameters: Parameters, cropSize: Int, colour: ColourMode) {
        let e = parameters.histogramEdges
        precondition(zip(e, e.dropFirst()).allSatisfy { $0 < $1 }, "npr: histogram edges must increase")
        self.parameters = parameters
        self.cropSize = cropSize
        self.colour = colour
    }

    private static let statistics = ["meanabs", "std", "kurtosis", "rms01", "rms10", "rms11"]

    public var featureNames: [String] {
        let bins = parameters.histogramEdges.count + 1
        let hist = (0..<bins).map { k in k < 10 ? "hist0\(k)" : "hist\(k)" }
        return colour.planeNames.flatMap { plane in
            (Self.statistics + hist).map { "npr.\(plane).\($0)" }
        }
    }

    public func extract(_ input: FeatureInput) -> [Float] {
        let n = input.side, half = n / 2
        let edges = parameters.histogramEdges, bins = edges.count + 1
        var out = [Float]()
        out.reserveCapacity(colour.planeNames.count * (Self.statistics.count + bins))
        var hist = [Int](repeating: 0, count: bins)
        for plane in input.planes(colour) {
            guard half > 0 else {
                out.append(contentsOf: [Float](repeating: 0, count: Self.statistics.count + bins))
                continue
            }
            for k in 0..<bins { hist[k] = 0 }
            var sum = 0.0, sumAbs = 0.0
            var phase = (0.0, 0.0, 0.0)  // Σ r² at (0,1), (1,0), (1,1)
            var m4 = 0.0
            plane.withUnsafeBufferPointer { p in
                edges.withUnsafeBufferPointer { e in
                    @inline(__always) func bin(_ r: Float) -> Int {
                        var k = 0
                        while k < e.count && r >= e[k] { k += 1 }
                        return k
                    }
                    for by in 0..<half {
                        let top = p.baseAddress! + 2 * by * n, bottom = top + n
                        for bx in 0..<half {
                            let anchor = top[2 * bx]
                            let r1 = top[2 * bx + 1] - anchor
                            let r2 = bottom[2 * bx] - anchor
                            let r3 = bottom[2 * bx + 1] - anchor
                            let d1 = Double(r1), d2 = Double(r2), d3 = Double(r3)
                            sum += d1 + d2 + d3
                            sumAbs += abs(d1) + abs(d2) + abs(d3)
                            phase.0 += d1 * d1
                            phase.1 += d2 * d2
                            phase.2 += d3 * d3
                            hist[bin(r1)] += 1
                            hist[bin(r2)] += 1
                            hist[bin(r3)] += 1
                        }
                    }
                    // Central fourth moment needs the mean: a second pass.
                    let mean = sum / Double(3 * half * half)
                    for by in 0..<half {
                        let top = p.baseAddress! + 2 * by * n, bottom = top + n
                        for bx in 0..<half {
                            let anchor = top[2 * bx]
                            let c1 = Double(top[2 * bx + 1] - anchor) - mean
                            let c2 = Double(bottom[2 * bx] - anchor) - mean
                            let c3 = Double(bottom[2 * bx + 1] - anchor) - mean
                            m4 += c1 * c1 * c1 * c1 + c2 * c2 * c2 * c2 + c3 * c3 * c3 * c3
                        }
                    }
                }
            }
            let perPhase = Double(half * half), count = 3 * perPhase
            let mean = sum / count
            let m2 = max(0, (phase.0 + phase.1 + phase.2) / count - mean * mean)
            let kurtosis = m2 > 0 ? (m4 / count) / (m2 * m2) - 3 : 0
            out.append(Float(sumAbs / count))
            out.append(Float(m2.squareRoot()))
            out.append(Float(kurtosis))
            out.append(Float((phase.0 / perPhase).squareRoot()))
            out.append(Float((phase.1 / perPhase).squareRoot()))
            out.append(Float((phase.2 / perPhase).squareRoot()))
            for k in 0..<bins { out.append(Float(Double(hist[k]) / count)) }
        }
        return out
    }
}
