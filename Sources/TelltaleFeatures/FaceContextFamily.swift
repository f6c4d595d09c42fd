import Foundation
import TelltaleFaces
import TelltaleImaging

/// Face against its boundary and its surroundings (`face-context`): simple statistics of the
/// face, of a band around its outline and of the rest of the face region, and their contrasts.
///
/// A face swap or a face-reenactment blends a synthesised face into a target frame: the face
/// is rendered (and often resampled and blurred) on its own and pasted along a soft mask, so its
/// noise level, its high frequencies and its colour need not match the frame's, and the seam
/// where the two meet carries the mismatch (Face X-ray: Li et al., "Face X-ray for more general
/// face forgery detection", CVPR 2020; Self-Blended Images: Shiohara & Yamasaki, CVPR 2022, whose
/// pseudo-fakes differ from the real face exactly by such a blend). Where Face X-ray and SBI learn
/// the boundary with a CNN, this family measures a few global statistics per zone — a linear
/// model's view of the same cue.
///
/// **Zones.** The face's outline is the convex hull `H` of its 68 landmarks (jaw, brows, nose,
/// eyes, mouth; Andrew's monotone chain) in image pixels, a pixel `(x, y)` being the point at
/// its integer coordinates as dlib's landmarks are. With `A` the hull's area, the band's width is
/// `w = max(minimumBand, bandFraction · √A)` pixels (for the default 0.06 and a 200-pixel face, about
/// 10 pixels). With `d(p)` the Euclidean distance from `p` to `H`'s outline, every pixel of the
/// face region (``FaceCrop``: the enlarged, clipped box — the pixels the family sees) falls in
/// exactly one zone:
/// - `in`: inside `H` (on its outline counts as inside) with `d ≥ w` — the face's core;
/// - `band-in`: inside `H` with `d < w` — the inner ring along the outline;
/// - `band-out`: outside `H` with `d < w` — the outer ring;
/// - `out`: outside `H` with `d ≥ w` — the surroundings (hair, neck, background).
///
/// **Planes** (the region at native resolution, never resized): BT.601 full-range YCbCr as JPEG
/// (JFIF) defines it, `Y = 0.299 R + 0.587 G + 0.114 B`, `Cb = 128 − 0.168736 R − 0.331264 G + 0.5 B`,
/// `Cr = 128 + 0.5 R − 0.418688 G − 0.081312 B` (a grey image has `Cb = Cr = 128`). Filters replicate
/// the region's edge pixels; they see only the region.
///
/// **Statistics** of a zone `Z` (`|Z|` pixels):
/// - `noise`: `ln(1.4826 · median_Z |Y − med₃(Y)| + 0.01)` — the robust (MAD) standard deviation of
///   the 3 × 3 median-filter residual (Donoho's noise estimate; the residual of Kirchner & Fridrich's
///   median-filtering forensics), in log units;
/// - `hf1`, `hf2`, `hf3`: `ln(mean_Z D_k² + 10⁻⁴)` for the difference-of-Gaussians bands
///   `D₁ = Y − G₁Y`, `D₂ = G₁Y − G₂Y`, `D₃ = G₂Y − G₄Y` (`G_σ`: Gaussian of standard deviation σ
///   pixels, truncated at 3σ) — high-frequency energy at three scales (a swapped face rendered at a
///   lower resolution and upsampled loses the finest first);
/// - `cb.mean`, `cr.mean`, `cb.std`, `cr.std`: chroma mean and (population) standard deviation
///   (the colour mismatch SBI's colour jitter imitates).
///
/// **Output**, for each statistic `s` in that order: `s.in`, `s.band-in`, `s.band-out`, `s.out`,
/// then the contrasts `s.in-vs-out = s(in) − s(out)` and `s.band-in-vs-band-out = s(band-in) −
/// s(band-out)` (differences of logarithms: log-ratios), named `face-context.<s>.<zone or contrast>`
/// — 8 × 6 = 48 values.
///
/// **Empty zones.** A zone without pixels (a hull covering the whole region, a band of a face
/// clipped by the image's edge) takes the statistic of the whole region, so its contrasts are 0
/// ("no difference measured"), never a value of its own. Every value is finite: each logarithm
/// has a positive floor, and means divide by non-zero counts — a constant image gives `noise =
/// ln 0.01`, `hf = ln 10⁻⁴` everywhere and contrasts 0. Deterministic: sums in `Double`, in raster order.
///
/// The family needs the face's landmarks, so it is computed once per face on its whole region
/// (not per tile) by ``FeatureExtractor/faceRows(_:)``, after the per-tile families' values; a
/// configuration selecting it without a face crop, or with a face crop that falls back to
/// face-less rows (``FaceCrop/noFace`` other than `fail`), is refused by
/// ``FeatureConfiguration/validate()`` (``FeatureError/needsFaces(family:reason:)``).
public struct FaceContextFamily: Sendable {
    public struct Parameters: Codable, Sendable, Hashable {
        /// The band's width as a fraction of the face's size `√A` (0 < f ≤ 0.5).
        public var bandFraction: Double
        /// The band's smallest width in pixels (≥ 1).
        public var minimumBand: Double

        public static let defaultBandFraction = 0.06
        public static let defaultMinimumBand = 2.0

        public init(bandFraction: Double = Parameters.defaultBandFraction,
                    minimumBand: Double = Parameters.defaultMinimumBand) {
            self.bandFraction = bandFraction
            self.minimumBand = minimumBand
        }

        private enum CodingKeys: String, CodingKey { case bandFraction, minimumBand }

        /// Missing keys take their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(bandFraction: try c.decodeIfPresent(Double.self, forKey: .bandFraction) ?? Self.defaultBandFraction,
                      minimumBand: try c.decodeIfPresent(Double.self, forKey: .minimumBand) ?? Self.defaultMinimumBand)
        }
    }

    /// The four zones, in output order.
    public enum Zone: Int, CaseIterable, Sendable {
        case inside, innerBand, outerBand, outside

        public var name: String {
            switch self {
            case .inside: "in"
            case .innerBand: "band-in"
            case .outerBand: "band-out"
            case .outside: "out"
            }
        }
    }

    public static let name = "face-context"
    /// The statistics, in output order.
    public static let statistics = ["noise", "hf1", "hf2", "hf3", "cb.mean", "cr.mean", "cb.std", "cr.std"]
    /// The Gaussians' standard deviations (pixels) of the difference-of-Gaussians bands.
    public static let sigmas: [Double] = [1, 2, 4]
    static let noiseFloor = 0.01, energyFloor = 1e-4

    public let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public var featureNames: [String] {
        Self.statistics.flatMap { s in
            Zone.allCases.map { "\(Self.name).\(s).\($0.name)" }
                + ["\(Self.name).\(s).in-vs-out", "\(Self.name).\(s).band-in-vs-band-out"]
        }
    }

    /// Bytes ``extract(_:face:region:)`` holds at most per pixel of the region besides the image:
    /// six float planes alive at once (R, G, B, Y, Cb, Cr; then Y, Cb, Cr with the median and two
    /// copies of the residual's magnitudes, or with two blurs and the separable filter's temporary),
    /// the zone map, and the region's pixel crop (at most 4 channels).
    public static let workingBytesPerPixel = 6 * 4 + 1 + 4

    // MARK: Geometry

    /// A point in image pixels.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    /// The convex hull of `points`, counter-clockwise in the image's axes (x right, y down: the
    /// order in which the cross product of consecutive edges is positive), without collinear
    /// points; Andrew's monotone chain. Fewer than three distinct points give those points.
    public static func hull(_ points: [Point]) -> [Point] {
        var p = points.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
        p = p.indices.filter { $0 == 0 || p[$0] != p[$0 - 1] }.map { p[$0] }
        guard p.count >= 3 else { return p }
        func cross(_ o: Point, _ a: Point, _ b: Point) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }
        var lower: [Point] = [], upper: [Point] = []
        for q in p {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], q) <= 0 { lower.removeLast() }
            lower.append(q)
        }
        for q in p.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], q) <= 0 { upper.removeLast() }
            upper.append(q)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    /// The area of a simple polygon (shoelace formula; 0 for fewer than three points).
    public static func area(_ polygon: [Point]) -> Double {
        guard polygon.count >= 3 else { return 0 }
        var s = 0.0
        for i in polygon.indices {
            let a = polygon[i], b = polygon[(i + 1) % polygon.count]
            s += a.x * b.y - b.x * a.y
        }
        return abs(s) / 2
    }

    /// The band's width in pixels for a hull: `max(minimumBand, bandFraction · √area)`.
    public func bandWidth(hull: [Point]) -> Double {
        max(parameters.minimumBand, parameters.bandFraction * Self.area(hull).squareRoot())
    }

    /// Each pixel's zone (``Zone/rawValue``) in `region`, row-major, for a convex polygon
    /// (``hull(_:)``'s order) and a band of `width` pixels. A polygon of fewer than three points
    /// has no inside: every pixel is then `band-out` or `out` by its distance to the points' segments.
    public static func zones(hull: [Point], band width: Double, region: PixelRegion) -> [UInt8] {
        var out = [UInt8](repeating: UInt8(Zone.outside.rawValue), count: region.width * region.height)
        guard !hull.isEmpty else { return out }
        let n = hull.count
        // Edges from each vertex to the next (a single point: a zero-length edge).
        let ax = hull.map(\.x), ay = hull.map(\.y)
        let bx = (0..<n).map { hull[($0 + 1) % n].x }, by = (0..<n).map { hull[($0 + 1) % n].y }
        let w2 = width * width
        let inside0 = n >= 3
        out.withUnsafeMutableBufferPointer { o in
            for row in 0..<region.height {
                let py = Double(region.y + row)
                for col in 0..<region.width {
                    let px = Double(region.x + col)
                    var inside = inside0
                    var best = Double.infinity
                    for e in 0..<n {
                        let ex = bx[e] - ax[e], ey = by[e] - ay[e]
                        let qx = px - ax[e], qy = py - ay[e]
                        // Counter-clockwise in y-down axes: the inside is where the cross product is ≥ 0.
                        if ex * qy - ey * qx < 0 { inside = false }
                        let len2 = ex * ex + ey * ey
                        let t = len2 > 0 ? min(1, max(0, (qx * ex + qy * ey) / len2)) : 0
                        let dx = qx - t * ex, dy = qy - t * ey
                        best = min(best, dx * dx + dy * dy)
                    }
                    let near = best < w2
                    let zone: Zone = inside ? (near ? .innerBand : .inside) : (near ? .outerBand : .outside)
                    o[row * region.width + col] = UInt8(zone.rawValue)
                }
            }
        }
        return out
    }

    // MARK: Values

    /// The family's values for `face` judged on `region` of `image` (the region clipped to the image).
    public func extract(_ image: Image, face: Face, region: PixelRegion) -> [Float] {
        let hull = Self.hull(face.landmarks.map { Point(x: Double($0.x), y: Double($0.y)) })
        let zones = Self.zones(hull: hull, band: bandWidth(hull: hull), region: region)
        let crop = region.x == 0 && region.y == 0 && region.width == image.width && region.height == image.height
            ? image : image.cropped(to: region)
        return values(crop, zones: zones)
    }

    /// The values of an image (a face region) whose pixels' zones are given (row-major, as ``zones(hull:band:region:)``).
    public func values(_ image: Image, zones: [UInt8]) -> [Float] {
        let w = image.width, h = image.height, count = w * h
        precondition(zones.count == count, "face-context: one zone per pixel")
        var y = [Float](repeating: 0, count: count)
        var cb = y, cr = y
        do {
            let rgb = image.rgbPlanes()
            for i in 0..<count {
                let r = Double(rgb[0][i]), g = Double(rgb[1][i]), b = Double(rgb[2][i])
                y[i] = Float(0.299 * r + 0.587 * g + 0.114 * b)
                cb[i] = Float(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)
                cr[i] = Float(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
            }
        }
        var table = [[Double]](repeating: [], count: Self.statistics.count)  // statistic → zone values
        // Noise: the median filter's residual, robust scale per zone.
        do {
            let med = MedianFilter.median3x3(y, rows: h, cols: w)
            var magnitudes = [[Float]](repeating: [], count: Zone.allCases.count)
            var all = [Float]()
            all.reserveCapacity(count)
            for i in 0..<count {
                let m = abs(y[i] - med[i])
                magnitudes[Int(zones[i])].append(m)
                all.append(m)
            }
            let whole = magnitudes.contains(where: \.isEmpty) ? Self.median(&all) : 0
            table[0] = magnitudes.indices.map { z in
                let m = magnitudes[z].isEmpty ? whole : Self.median(&magnitudes[z])
                return log(1.4826 * m + Self.noiseFloor)
            }
        }
        // High frequencies: difference-of-Gaussians energies.
        var previous = y
        for (k, sigma) in Self.sigmas.enumerated() {
            let blurred = Self.gaussian(y, width: w, height: h, sigma: sigma)
            let (sums, counts) = Self.zoneSums(count: count, zones: zones) { i in
                let d = Double(previous[i]) - Double(blurred[i])
                return d * d
            }
            table[1 + k] = Self.means(sums, counts).map { log($0 + Self.energyFloor) }
            previous = blurred
        }
        // Chroma.
        for (c, plane) in [cb, cr].enumerated() {
            let (sums, counts) = Self.zoneSums(count: count, zones: zones) { Double(plane[$0]) }
            let means = Self.means(sums, counts)
            let (sq, _) = Self.zoneSums(count: count, zones: zones) { Double(plane[$0]) * Double(plane[$0]) }
            let meanSquares = Self.means(sq, counts)
            table[4 + c] = means
            table[6 + c] = zip(means, meanSquares).map { max(0, $1 - $0 * $0).squareRoot() }
        }
        var out = [Float]()
        out.reserveCapacity(Self.statistics.count * 6)
        for s in table {
            out += s.map { Float($0) }
            out.append(Float(s[Zone.inside.rawValue] - s[Zone.outside.rawValue]))
            out.append(Float(s[Zone.innerBand.rawValue] - s[Zone.outerBand.rawValue]))
        }
        return out
    }

    /// Per-zone sums of `value(i)` and counts, plus the whole region's at index 4.
    static func zoneSums(count: Int, zones: [UInt8], _ value: (Int) -> Double) -> (sums: [Double], counts: [Int]) {
        var sums = [Double](repeating: 0, count: 5), counts = [Int](repeating: 0, count: 5)
        for i in 0..<count {
            let v = value(i), z = Int(zones[i])
            sums[z] += v
            counts[z] += 1
        }
        sums[4] = sums[0..<4].reduce(0, +)
        counts[4] = count
        return (sums, counts)
    }

    /// The four zones' means; an empty zone takes the whole region's (index 4; 0 for an empty region).
    static func means(_ sums: [Double], _ counts: [Int]) -> [Double] {
        let whole = counts[4] > 0 ? sums[4] / Double(counts[4]) : 0
        return (0..<4).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : whole }
    }

    /// The median of `values` (the mean of the two middle ones for an even count; 0 when empty). Reorders `values`.
    static func median(_ values: inout [Float]) -> Double {
        guard !values.isEmpty else { return 0 }
        values.sort()
        let n = values.count
        return n % 2 == 1 ? Double(values[n / 2]) : (Double(values[n / 2 - 1]) + Double(values[n / 2])) / 2
    }

    /// `plane` convolved with a Gaussian of standard deviation `sigma`, truncated at `⌈3σ⌉`, normalised,
    /// separably (rows then columns), edges replicated.
    static func gaussian(_ plane: [Float], width w: Int, height h: Int, sigma: Double) -> [Float] {
        let radius = Int((3 * sigma).rounded(.up))
        var kernel = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        var tmp = [Float](repeating: 0, count: w * h), out = tmp
        let taps = kernel.count
        kernel.withUnsafeBufferPointer { k in
            plane.withUnsafeBufferPointer { p in
                tmp.withUnsafeMutableBufferPointer { t in
                    for row in 0..<h {
                        let base = row * w
                        for col in 0..<w {
                            var s = 0.0
                            if col >= radius && col + radius < w {
                                // Away from the edges: the same sum, in the same order, without clamping.
                                let start = base + col - radius
                                for j in 0..<taps { s += k[j] * Double(p[start + j]) }
                            } else {
                                for j in 0..<taps { s += k[j] * Double(p[base + min(w - 1, max(0, col + j - radius))]) }
                            }
                            t[base + col] = Float(s)
                        }
                    }
                }
            }
            tmp.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { o in
                    for row in 0..<h {
                        let rows = (0..<taps).map { min(h - 1, max(0, row + $0 - radius)) * w }
                        rows.withUnsafeBufferPointer { r in
                            for col in 0..<w {
                                var s = 0.0
                                for j in 0..<taps { s += k[j] * Double(t[r[j] + col]) }
                                o[row * w + col] = Float(s)
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
