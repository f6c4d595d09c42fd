/// SPAM: second-order Markov models of neighbouring pixel differences.
///
/// Pevný, Bas & Fridrich, "Steganalysis by Subtractive Pixel Adjacency
/// Matrix", IEEE TIFS 5(2), 2010, following the authors' reference MATLAB
/// (`spam_extract_2`) step for step. Per plane (R, G, B and grey planes are
/// integers already; luminance is rounded half away from zero, like an 8-bit
/// `rgb2gray` image):
///
/// - differences in 4 orientations, `D→[i,j] = X[i,j] − X[i,j+1]`,
///   `D↓[i,j] = X[i,j] − X[i+1,j]`, `D↘[i,j] = X[i,j] − X[i+1,j+1]`,
///   `D↗[i,j] = X[i+1,j] − X[i,j+1]`, each clipped to `[−T, T]` (values
///   beyond are marginalised into the border bins, as in the DDE code);
/// - for each run of three consecutive differences `(a, b, c)` along the
///   orientation, the forward direction counts `M[u=c, v=b, w=a]` and the
///   reverse direction (negated differences, read backwards) counts
///   `M[u=−a, v=−b, w=−c]` — 8 directions in all;
/// - each direction's counts become transition probabilities
///   `M[u, v, w] = Pr(D_{k+2} = u | D_{k+1} = v, D_k = w)` (normalised over `u`
///   for each conditioning state `(v, w)` that occurs; states that never occur
///   stay 0) — or, with ``Parameters/Normalisation/joint``, the joint
///   frequencies of the 2011 DDE release (`M / ΣM`);
/// - the 4 straight directions (→ ← ↓ ↑) are averaged into `F_s`, the 4
///   diagonal ones into `F_d`: `2 (2T + 1)³` values per plane, 686 for T = 3.
///
/// With transition normalisation each block of `2T + 1` consecutive values
/// (fixed `v, w`) sums to `k/4`, `k` the number of the 4 averaged directions in
/// which that state occurs (1 in the bulk of a natural image).
///
/// Feature names: `spam.<plane>.<s|d>.<u><v><w>` with digits `value + T`,
/// `u` varying fastest (MATLAB's `M(:)` order, so `spam.y.s.333` is all-zero).
public struct SPAMFamily: FeatureFamily {
    public struct Parameters: Codable, Sendable, Hashable {
        /// How each direction's counts are normalised.
        public enum Normalisation: String, Codable, Sendable, Hashable, CaseIterable {
            /// Transition probabilities (the 2010 paper).
            case transition
            /// Joint co-occurrence frequencies (DDE Lab's 2011 `SPAM686.m`).
            case joint
        }
        /// Truncation threshold `T` (3 gives SPAM-686).
        public var truncation: Int
        public var normalisation: Normalisation

        public init(truncation: Int = 3, normalisation: Normalisation = .transition) {
            self.truncation = truncation
            self.normalisation = normalisation
        }
        public init() { self.init(truncation: 3) }

        private enum CodingKeys: String, CodingKey { case truncation, normalisation }

        /// Missing keys take their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(truncation: try c.decodeIfPresent(Int.self, forKey: .truncation) ?? 3,
                      normalisation: try c.decodeIfPresent(Normalisation.self, forKey: .normalisation) ?? .transition)
        }
    }

    public static let name = "spam"
    public let parameters: Parameters
    public let cropSize: Int
    public let colour: ColourMode

    /// - Precondition: `1 ≤ T ≤ 7`.
    public init(parameters: Parameters, cropSize: Int, colour: ColourMode) {
        precondition((1...7).contains(parameters.truncation), "spam: truncation must be 1…7")
        self.parameters = parameters
        self.cropSize = cropSize
        self.colour = colour
    }

    private var bins: Int { 2 * parameters.truncation + 1 }

    public var featureNames: [String] {
        let b = bins
        var names = [String]()
        for plane in colour.planeNames {
            for group in ["s", "d"] {
                for w in 0..<b { for v in 0..<b { for u in 0..<b {
                    names.append("spam.\(plane).\(group).\(u)\(v)\(w)")
                } } }
            }
        }
        return names
    }

    public func extract(_ input: FeatureInput) -> [Float] {
        let n = input.side, b = bins, size = b * b * b
        var out = [Float]()
        out.reserveCapacity(colour.planeNames.count * 2 * size)
        var x = [Int16](repeating: 0, count: n * n)
        var d = [UInt8](repeating: 0, count: n * n)
        var counts = [Int32](repeating: 0, count: 2 * size)
        var group = [Double](repeating: 0, count: size)
        for plane in input.planes(colour) {
            // Integer planes (RGB, grey) convert exactly; luminance (≥ 0) is rounded
            // half away from zero: truncate, then add 1 if the (exact) fraction is ≥ ½.
            plane.withUnsafeBufferPointer { p in
                x.withUnsafeMutableBufferPointer { xp in
                    for k in 0..<(n * n) {
                        let v = max(0, min(p[k], 32767))
                        let i = Int16(v)
                        xp[k] = i &+ (v - Float(i) >= 0.5 ? 1 : 0)
                    }
                }
            }
            for diagonal in [false, true] {
                for k in 0..<size { group[k] = 0 }
                for orientation in diagonal ? [Orientation.diagonal, .minorDiagonal] : [.horizontal, .vertical] {
                    differences(x, side: n, orientation, into: &d)
                    count(d, side: n, orientation, bins: b, into: &counts)
                    normaliseAndAdd(counts, bins: b, into: &group)
                }
                for k in 0..<size { out.append(Float(group[k] / 4)) }
            }
        }
        return out
    }

    /// The four orientations of the difference arrays.
    enum Orientation { case horizontal, vertical, diagonal, minorDiagonal }

    /// Clipped differences `D + T` of one orientation, stored with row stride `n`.
    private func differences(_ x: [Int16], side n: Int, _ o: Orientation, into d: inout [UInt8]) {
        let t = Int16(parameters.truncation)
        x.withUnsafeBufferPointer { xp in
            d.withUnsafeMutableBufferPointer { dp in
                let rows = o == .horizontal ? n : n - 1, cols = o == .vertical ? n : n - 1
                guard rows > 0, cols > 0 else { return }
                for i in 0..<rows {
                    let r0 = xp.baseAddress! + i * n, r1 = r0 + n, out = dp.baseAddress! + i * n
                    switch o {
                    case .horizontal: for j in 0..<cols { out[j] = UInt8(truncatingIfNeeded: min(max(r0[j] &- r0[j + 1], -t), t) &+ t) }
                    case .vertical: for j in 0..<cols { out[j] = UInt8(truncatingIfNeeded: min(max(r0[j] &- r1[j], -t), t) &+ t) }
                    case .diagonal: for j in 0..<cols { out[j] = UInt8(truncatingIfNeeded: min(max(r0[j] &- r1[j + 1], -t), t) &+ t) }
                    case .minorDiagonal: for j in 0..<cols { out[j] = UInt8(truncatingIfNeeded: min(max(r1[j] &- r0[j + 1], -t), t) &+ t) }
                    }
                }
            }
        }
    }

    /// Forward counts in `counts[0..<B³]`, reverse counts in `counts[B³..<2B³]`,
    /// index `u + B v + B² w`.
    private func count(_ d: [UInt8], side n: Int, _ o: Orientation, bins b: Int, into counts: inout [Int32]) {
        let size = b * b * b, top = b - 1, b2 = b * b
        let rows = o == .horizontal ? n : n - 1, cols = o == .vertical ? n : n - 1
        // Start positions (row range, column range) and the step between consecutive differences.
        let rowRange: Range<Int>, colRange: Range<Int>, step: Int
        switch o {
        case .horizontal: (rowRange, colRange, step) = (0..<rows, 0..<max(0, cols - 2), 1)
        case .vertical: (rowRange, colRange, step) = (0..<max(0, rows - 2), 0..<cols, n)
        case .diagonal: (rowRange, colRange, step) = (0..<max(0, rows - 2), 0..<max(0, cols - 2), n + 1)
        case .minorDiagonal: (rowRange, colRange, step) = (min(2, max(0, rows))..<max(0, rows), 0..<max(0, cols - 2), 1 - n)
        }
        counts.withUnsafeMutableBufferPointer { c in
            let forward = c.baseAddress!, reverse = forward + size
            forward.update(repeating: 0, count: 2 * size)
            d.withUnsafeBufferPointer { dp in
                for i in rowRange {
                    let row = dp.baseAddress! + i &* n
                    for j in colRange {
                        let a = Int(row[j]), bb = Int(row[j &+ step]), cc = Int(row[j &+ 2 &* step])
                        forward[cc &+ b &* bb &+ b2 &* a] &+= 1
                        reverse[(top &- a) &+ b &* (top &- bb) &+ b2 &* (top &- cc)] &+= 1
                    }
                }
            }
        }
    }

    /// Normalises the forward and reverse count matrices and adds them to `group`.
    private func normaliseAndAdd(_ counts: [Int32], bins b: Int, into group: inout [Double]) {
        let size = b * b * b
        for half in 0..<2 {
            let base = half * size
            switch parameters.normalisation {
            case .transition:
                for state in 0..<(b * b) {
                    let start = base + state * b
                    var total: Int32 = 0
                    for u in 0..<b { total += counts[start + u] }
                    if total == 0 { continue }
                    for u in 0..<b { group[state * b + u] += Double(counts[start + u]) / Double(total) }
                }
            case .joint:
                var total: Int64 = 0
                for k in 0..<size { total += Int64(counts[base + k]) }
                if total == 0 { continue }
                for k in 0..<size { group[k] += Double(counts[base + k]) / Double(total) }
            }
        }
    }
}
