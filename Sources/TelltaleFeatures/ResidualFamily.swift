/// Co-occurrences of quantised high-pass residuals: a compact spatial rich model.
///
/// Fridrich & Kodovský, "Rich Models for Steganalysis of Digital Images", IEEE
/// TIFS 7(3), 2012. For each plane (luminance, or R, G, B when
/// `colour == .rgb`) and each filter of ``Parameters/filters`` (see
/// ``HighPassFilter``):
///
/// 1. the residual `R` is computed over the valid region only (no padding: a
///    `kh × kw` kernel on an `n × n` crop gives `(n − kh + 1) × (n − kw + 1)`
///    values, so borders never contribute artefacts);
/// 2. it is quantised and truncated, `Q = trunc_T(round(R / q))` with
///    `round` half away from zero (MATLAB's `round`) and `trunc_T` clipping to
///    `[−T, T]`;
///
///    both exactly: the planes are integers (luminance as `1000 Y`, see
///    ``FeatureInput/integerPlanes(_:)``), the residual's numerator `N = d · s · R` is an
///    integer (``ResidualNumerators``, exact in any order of operations) and the rounding
///    is decided by integer comparisons with precomputed thresholds
///    (``thresholds(scale:divisor:quantisation:truncation:)``) — so a residual that is
///    exactly a half-integer always rounds away from zero, which float arithmetic on the
///    BT.601 luminance does not guarantee;
/// 3. `Q` is summarised by a normalised `d`-dimensional co-occurrence
///    histogram of `d` consecutive values along each direction of
///    ``Parameters/directions`` — `(2T + 1)^d` bins each (see ``CoOccurrence``).
///
/// With the defaults (6 filters, T = 2, d = 3, horizontal and vertical) that is
/// 6 × 2 × 125 = 1500 values per plane. Unlike the full SRM, the histograms
/// are not symmetrised or merged, and a single quantisation step is used.
///
/// Feature names: `residual.<plane>.<filter>.<direction>.<b₀b₁…>` where plane is
/// `y`/`r`/`g`/`b`, direction `h`/`v`, and each digit `b_k = Q_k + T` is the
/// bin of the k-th value of the tuple (so `residual.y.kb.h.222` is the
/// all-zero tuple). Values are frequencies in [0, 1] summing to 1 per
/// histogram; a crop too small for a kernel gives zeros for that histogram.
public struct ResidualFamily: FeatureFamily {
    public struct Parameters: Codable, Sendable, Hashable {
        /// Names of the high-pass filters (``HighPassFilter/named(_:)``): `d1h`,
        /// `d1v`, `d2h`, `d2v`, `kb`, `kv`.
        public var filters: [String]
        /// Quantisation step `q` (> 0).
        public var quantisation: Float
        /// Truncation threshold `T` (≥ 1); residuals are clipped to `[−T, T]`.
        public var truncation: Int
        /// Co-occurrence order `d` (1…4).
        public var order: Int
        /// Directions along which tuples are taken.
        public var directions: [CoOccurrence.Direction]

        public init(filters: [String] = HighPassFilter.all.map(\.name), quantisation: Float = 1,
                    truncation: Int = 2, order: Int = 3,
                    directions: [CoOccurrence.Direction] = [.horizontal, .vertical]) {
            self.filters = filters
            self.quantisation = quantisation
            self.truncation = truncation
            self.order = order
            self.directions = directions
        }

        public init() { self.init(filters: HighPassFilter.all.map(\.name)) }

        private enum CodingKeys: String, CodingKey { case filters, quantisation, truncation, order, directions }

        /// Missing keys take their defaults, so older configuration files still decode.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Parameters()
            self.init(filters: try c.decodeIfPresent([String].self, forKey: .filters) ?? d.filters,
                      quantisation: try c.decodeIfPresent(Float.self, forKey: .quantisation) ?? d.quantisation,
                      truncation: try c.decodeIfPresent(Int.self, forKey: .truncation) ?? d.truncation,
                      order: try c.decodeIfPresent(Int.self, forKey: .order) ?? d.order,
                      directions: try c.decodeIfPresent([CoOccurrence.Direction].self, forKey: .directions) ?? d.directions)
        }
    }

    public static let name = "residual"
    public let parameters: Parameters
    public let cropSize: Int
    public let colour: ColourMode
    /// The resolved filters.
    public let filters: [HighPassFilter]

    /// - Precondition: every filter name is known, `q > 0`, `T ≥ 1`, `1 ≤ d ≤ 4`.
    public init(parameters: Parameters, cropSize: Int, colour: ColourMode) {
        precondition(parameters.quantisation > 0, "residual: quantisation step must be positive")
        precondition(parameters.truncation >= 1 && parameters.truncation <= 7, "residual: truncation must be 1…7")
        precondition((1...4).contains(parameters.order), "residual: co-occurrence order must be 1…4")
        self.parameters = parameters
        self.cropSize = cropSize
        self.colour = colour
        self.filters = parameters.filters.map { name in
            guard let f = HighPassFilter.named(name) else { preconditionFailure("residual: unknown filter '\(name)'") }
            return f
        }
    }

    private var bins: Int { 2 * parameters.truncation + 1 }
    private var histogramSize: Int {
        var s = 1
        for _ in 0..<parameters.order { s *= bins }
        return s
    }

    public var featureNames: [String] {
        let suffixes = (0..<histogramSize).map { index -> String in
            var rest = index, digits = ""
            for _ in 0..<parameters.order {
                digits += String(rest % bins)
                rest /= bins
            }
            return digits
        }
        var names = [String]()
        names.reserveCapacity(colour.planeNames.count * filters.count * parameters.directions.count * histogramSize)
        for plane in colour.planeNames {
            for f in filters {
                for d in parameters.directions {
                    let prefix = "residual.\(plane).\(f.name).\(d.rawValue)."
                    for s in suffixes { names.append(prefix + s) }
                }
            }
        }
        return names
    }

    /// The thresholds `θ_k = ⌈(k − ½) · s · d · q⌉`, `k = 1…T`, on a filter's integer
    /// numerators `N` for planes scaled by `s` (``FeatureInput/integerPlanes(_:)``), divisor
    /// `d` and quantisation step `q`: `round(N / (s d q)) ≥ k ⇔ N ≥ θ_k`, rounding halves away
    /// from zero, and `≤ −k ⇔ N ≤ −θ_k` (`N` is an integer).
    static func thresholds(scale: Int32, divisor: Float, quantisation q: Float, truncation t: Int) -> [Int32] {
        (1...t).map { k in
            let tau = (Double(k) - 0.5) * Double(scale) * Double(divisor) * Double(q)
            return Int32(min(tau.rounded(.up), Double(Int32.max)))
        }
    }

    /// Writes the symbol `trunc_T(round(N / (s d q))) + T` of each numerator:
    /// `T + #{k: N ≥ θ_k} − #{k: N ≤ −θ_k}` with ``thresholds(scale:divisor:quantisation:truncation:)``
    /// — exact integer comparisons, unrolled for T ≤ 3 so that the compiler vectorises them.
    static func quantise(_ numerators: UnsafePointer<Int32>, count: Int, thresholds θ: [Int32],
                         into symbols: UnsafeMutablePointer<UInt8>) {
        let t = Int32(θ.count)
        switch θ.count {
        case 1:
            let a = θ[0]
            for k in 0..<count {
                let v = numerators[k]
                symbols[k] = UInt8(truncatingIfNeeded: t &+ (v >= a ? 1 : 0) &- (v <= -a ? 1 : 0))
            }
        case 2:
            // The default (T = 2): sixteen symbols a step as one 16-byte store (the scalar loop
            // stores four bytes at a time), then the rest one by one; same arithmetic.
            let a = θ[0], b = θ[1], vector = thresholds2(a, b)
            var start = 0
            while start + 16 <= count {
                let v = UnsafeRawPointer(numerators + start).loadUnaligned(as: SIMD16<Int32>.self)
                UnsafeMutableRawPointer(symbols + start).storeBytes(of: symbols2(v, vector), as: SIMD16<UInt8>.self)
                start += 16
            }
            for k in start..<count { symbols[k] = symbol2(numerators[k], a, b) }
        case 3:
            let a = θ[0], b = θ[1], c = θ[2]
            for k in 0..<count {
                let v = numerators[k]
                symbols[k] = UInt8(truncatingIfNeeded: t &+ (v >= a ? 1 : 0) &+ (v >= b ? 1 : 0) &+ (v >= c ? 1 : 0)
                    &- (v <= -a ? 1 : 0) &- (v <= -b ? 1 : 0) &- (v <= -c ? 1 : 0))
            }
        default:
            for k in 0..<count {
                let v = numerators[k]
                var s = t
                for a in θ { s = s &+ (v >= a ? 1 : 0) &- (v <= -a ? 1 : 0) }
                symbols[k] = UInt8(truncatingIfNeeded: s)
            }
        }
    }

    /// The thresholds of T = 2 as vectors for ``symbols2(_:_:)``: `a`, `b`, `−a`, `−b`.
    typealias Thresholds2 = (a: SIMD16<Int32>, b: SIMD16<Int32>, minusA: SIMD16<Int32>, minusB: SIMD16<Int32>)

    /// ``Thresholds2`` of the thresholds `a < b`.
    @inline(__always)
    static func thresholds2(_ a: Int32, _ b: Int32) -> Thresholds2 {
        (SIMD16(repeating: a), SIMD16(repeating: b), SIMD16(repeating: -a), SIMD16(repeating: -b))
    }

    /// The T = 2 symbols `2 + [N ≥ a] + [N ≥ b] − [N ≤ −a] − [N ≤ −b]` (thresholds `a < b`,
    /// ``thresholds(scale:divisor:quantisation:truncation:)``) of sixteen numerators.
    @inline(__always)
    static func symbols2(_ v: SIMD16<Int32>, _ θ: Thresholds2) -> SIMD16<UInt8> {
        let one = SIMD16<Int32>(repeating: 1), zero = SIMD16<Int32>()
        let up = zero.replacing(with: one, where: v .>= θ.a) &+ zero.replacing(with: one, where: v .>= θ.b)
        let down = zero.replacing(with: one, where: v .<= θ.minusA) &+ zero.replacing(with: one, where: v .<= θ.minusB)
        return SIMD16<UInt8>(truncatingIfNeeded: SIMD16(repeating: 2) &+ up &- down)
    }

    /// ``symbols2(_:_:)`` of one numerator.
    @inline(__always)
    static func symbol2(_ v: Int32, _ a: Int32, _ b: Int32) -> UInt8 {
        UInt8(truncatingIfNeeded: 2 &+ (v >= a ? 1 : 0) &+ (v >= b ? 1 : 0) &- (v <= -a ? 1 : 0) &- (v <= -b ? 1 : 0))
    }

    public func extract(_ input: FeatureInput) -> [Float] {
        extract(batch: [input])[0]
    }

    /// The vectors of several inputs, reusing the work buffers across them.
    public func extract(batch: [FeatureInput]) -> [[Float]] {
        guard let largest = batch.map(\.side).max() else { return [] }
        let numerators = UnsafeMutablePointer<Int32>.allocate(capacity: largest * largest)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: 3 * largest)
        let symbols = UnsafeMutablePointer<UInt8>.allocate(capacity: largest * largest)
        defer {
            numerators.deallocate()
            scratch.deallocate()
            symbols.deallocate()
        }
        return batch.map { extract($0, numerators: numerators, scratch: scratch, symbols: symbols) }
    }

    /// One input's vector; the buffers hold at least `side²`, `3 side` and `side²` values.
    private func extract(_ input: FeatureInput, numerators r: UnsafeMutablePointer<Int32>,
                         scratch: UnsafeMutablePointer<Int32>, symbols s: UnsafeMutablePointer<UInt8>) -> [Float] {
        let (planes, scale) = input.integerPlanes(colour)
        let n = input.side, size = histogramSize
        let thresholds = filters.map {
            Self.thresholds(scale: scale, divisor: $0.divisor, quantisation: parameters.quantisation,
                            truncation: parameters.truncation)
        }
        var out = [Float](repeating: 0, count: planes.count * filters.count * parameters.directions.count * size)
        var offset = 0
        out.withUnsafeMutableBufferPointer { o in
            for plane in planes {
                plane.withUnsafeBufferPointer { p in
                    for (f, filter) in filters.enumerated() {
                        let θ = thresholds[f]
                        let (ow, oh): (Int, Int)
                        if θ.count == 2, let size = ResidualNumerators.symbols(filter, p.baseAddress!, side: n,
                                                                              thresholds: θ[0], θ[1], into: s, scratch: scratch) {
                            // T = 2, a built-in filter: quantised as computed (never stored).
                            (ow, oh) = size
                        } else {
                            (ow, oh) = ResidualNumerators.compute(filter, p.baseAddress!, side: n, into: r, scratch: scratch)
                            if ow > 0 && oh > 0 {
                                Self.quantise(r, count: ow * oh, thresholds: θ, into: s)
                            }
                        }
                        for d in parameters.directions {
                            if ow > 0 && oh > 0 {
                                CoOccurrence.histogram(UnsafeBufferPointer(start: s, count: ow * oh), width: ow, height: oh,
                                                       bins: bins, order: parameters.order, direction: d,
                                                       into: o, offset: offset)
                            }
                            offset += size
                        }
                    }
                }
            }
        }
        return out
    }
}
