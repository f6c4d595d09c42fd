import TelltaleImaging

/// Whole-image evidence: the same features computed on a grid of `S × S` tiles
/// (`S` = ``FeatureConfiguration/cropSize``) and aggregated into one row per image.
/// A configuration without a tiling (``FeatureConfiguration/tiling`` nil) takes one
/// centre crop — `centre`, today's behaviour.
///
/// Geometry, for a `W × H` image (integers throughout, no resizing):
/// - ``Area/whole``: `nx = ⌊W / S⌋` columns and `ny = ⌊H / S⌋` rows of tiles;
///   ``Area/square``: `nx = ny = ⌊min(W, H) / S⌋` (the tiles lie inside the largest
///   centred square).
/// - The block of `nx·S × ny·S` pixels is centred in the image with floor offsets,
///   `x0 = ⌊(W − nx·S) / 2⌋`, `y0 = ⌊(H − ny·S) / 2⌋` — as
///   ``PixelRegion/centreSquare(side:inWidth:height:)`` does, an odd leftover puts its
///   extra pixel after the block. Tile `(i, j)` (column `i`, row `j`) is the square at
///   `(x0 + i·S, y0 + j·S)`; tiles never overlap and the leftover margins are unused.
///   With an odd number of columns and rows the middle tile is exactly the centre crop
///   (so is the one tile of an image under `2S` on both sides).
/// - Order: by distance of the tile's centre from the block's centre, nearest first —
///   the integer `(2i + 1 − nx)² + (2j + 1 − ny)²` — ties in raster order (row, then
///   column). The first ``maxTiles`` are kept, so a cap takes the middle of the grid.
/// - An image shorter than `S` in either direction gives no full tile and keeps
///   today's rule (``FeatureConfiguration/smallImages``): one tile, its largest centred
///   square (or refused under `.skip`).
/// - An image giving fewer than ``minTiles`` tiles (a small image counts as one) is refused
///   with ``FeatureError/tooFewTiles(width:height:tiles:minimum:)`` — a failure row with
///   its reason, like any other refused image; it is never silently dropped.
///
/// Aggregation: the tile vectors' mean, value by value, summed in tile order in double
/// precision (one tile gives its own vector, bit for bit); with ``Aggregation/meanStd``
/// the population standard deviation `√(Σ(x − mean)² / n)` follows (0 for one tile), as
/// columns named `<name>.std` after all the mean columns.
public struct Tiling: Codable, Sendable, Hashable {
    /// Where the grid lies.
    public enum Area: String, Codable, Sendable, Hashable, CaseIterable {
        /// Over the whole image (`⌊W/S⌋ × ⌊H/S⌋` tiles).
        case whole
        /// Over its largest centred square (`n × n` tiles, `n = ⌊min(W,H)/S⌋`).
        case square
    }

    /// How the tile vectors become one row.
    public enum Aggregation: String, Codable, Sendable, Hashable, CaseIterable {
        /// The mean of each value.
        case mean
        /// The mean, then the standard deviation (`<name>.std` columns).
        case meanStd = "mean+std"
        /// No aggregation in the features: one row per tile (the same columns as ``mean``),
        /// each carrying its image and box; a model trained on such rows combines its tile
        /// scores into the image's score (issue 12, 2(b)).
        case tileRows = "tile-rows"
    }

    /// The default cap: 16 tiles (a 4 × 4 block of a large image).
    public static let defaultMaxTiles = 16
    /// The largest cap accepted.
    public static let maxTilesLimit = 1024

    public var area: Area
    /// At most this many tiles, nearest the centre first.
    public var maxTiles: Int
    /// Images giving fewer tiles are refused.
    public var minTiles: Int
    public var aggregation: Aggregation

    public init(area: Area = .whole, maxTiles: Int = Tiling.defaultMaxTiles, minTiles: Int = 1,
                aggregation: Aggregation = .mean) {
        self.area = area
        self.maxTiles = maxTiles
        self.minTiles = minTiles
        self.aggregation = aggregation
    }

    /// The full tiles of a `width × height` image with side `side`, nearest the centre
    /// first, capped at ``maxTiles`` — empty when the image is shorter than `side` in
    /// either direction (the caller applies the small-image rule).
    public func tiles(side: Int, width: Int, height: Int) -> [PixelRegion] {
        guard side > 0 else { return [] }
        var nx = width / side, ny = height / side
        if area == .square { nx = min(nx, ny); ny = nx }
        guard nx > 0, ny > 0 else { return [] }
        let x0 = (width - nx * side) / 2, y0 = (height - ny * side) / 2
        var cells: [(d: Int, j: Int, i: Int)] = []
        cells.reserveCapacity(nx * ny)
        for j in 0..<ny {
            for i in 0..<nx {
                let dx = 2 * i + 1 - nx, dy = 2 * j + 1 - ny
                cells.append((dx * dx + dy * dy, j, i))
            }
        }
        cells.sort { ($0.d, $0.j, $0.i) < ($1.d, $1.j, $1.i) }
        return cells.prefix(max(0, maxTiles)).map {
            PixelRegion(x: x0 + $0.i * side, y: y0 + $0.j * side, width: side, height: side)
        }
    }

    /// The smallest rectangle holding every region (nil for none).
    public static func bounds(of regions: [PixelRegion]) -> PixelRegion? {
        guard let first = regions.first else { return nil }
        var x0 = first.x, y0 = first.y, x1 = first.x + first.width, y1 = first.y + first.height
        for r in regions.dropFirst() {
            x0 = min(x0, r.x); y0 = min(y0, r.y)
            x1 = max(x1, r.x + r.width); y1 = max(y1, r.y + r.height)
        }
        return PixelRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Aggregates tile vectors (each `n` values) into one row: `n` means, then with
    /// ``Aggregation/meanStd`` `n` standard deviations.
    public func aggregate(_ vectors: [[Float]]) -> [Float] {
        var accumulator = Accumulator(count: vectors.first?.count ?? 0)
        for v in vectors { accumulator.add(v) }
        return accumulator.result(aggregation)
    }

    /// Running sums of tile vectors in double precision, so tiles can be computed a few at
    /// a time: the mean is `Σx / n`, the standard deviation `√max(0, Σx²/n − mean²)`
    /// (exactly 0 for one tile; the float inputs leave ample precision in a double).
    struct Accumulator {
        private var sum: [Double]
        private var sumOfSquares: [Double]
        private(set) var tiles = 0

        init(count: Int) {
            sum = [Double](repeating: 0, count: count)
            sumOfSquares = [Double](repeating: 0, count: count)
        }

        mutating func add(_ v: [Float]) {
            if tiles == 0 && sum.isEmpty { sum = .init(repeating: 0, count: v.count); sumOfSquares = sum }
            precondition(v.count == sum.count, "tile vectors differ in length")
            for k in v.indices {
                let x = Double(v[k])
                sum[k] += x
                sumOfSquares[k] += x * x
            }
            tiles += 1
        }

        func result(_ aggregation: Aggregation) -> [Float] {
            let n = Double(max(tiles, 1))
            let means = sum.map { $0 / n }
            var out = means.map { Float($0) }
            if aggregation == .meanStd {
                out += zip(means, sumOfSquares).map { m, q in
                    // Non-finite values stay non-finite (the extraction refuses them).
                    guard m.isFinite, q.isFinite else { return Float(m.isNaN || q.isNaN ? .nan : Double.infinity) }
                    return Float((max(0, q / n - m * m)).squareRoot())
                }
            }
            return out
        }
    }
}

/// The tiling as the CLI and bench specs name it: `centre` (no tiling), `grid`
/// (``Tiling/Area/whole``) or `grid-square` (``Tiling/Area/square``).
public enum TilingMode: String, Codable, Sendable, Hashable, CaseIterable {
    case centre
    case grid
    case gridSquare = "grid-square"
}

extension Tiling {
    /// The tiling options give (`--tiling`, `--max-tiles`, `--min-tiles`, `--tile-std`, or a
    /// bench spec's `tiling`, `maxTiles`, `minTiles`, `tileStd`): nil for `centre` (the
    /// default). Options that `centre` would ignore are refused, as are out-of-range counts.
    public static func from(mode: TilingMode?, maxTiles: Int?, minTiles: Int?, std: Bool,
                            rows: Bool = false) throws(FeatureError) -> Tiling? {
        if std && rows {
            throw .invalidParameter(family: "tiling", parameter: "tileRows", value: "given", reason:
                "tile rows are not aggregated, so they take no tileStd")
        }
        switch mode ?? .centre {
        case .centre:
            let ignored = [maxTiles.map { _ in "maxTiles" }, minTiles.map { _ in "minTiles" }, std ? "tileStd" : nil,
                           rows ? "tileRows" : nil]
                .compactMap { $0 }
            if let first = ignored.first {
                throw .invalidParameter(family: "tiling", parameter: first, value: "given", reason:
                    "only a grid tiling takes \(ignored.joined(separator: ", ")) (the centre crop is one tile)")
            }
            return nil
        case .grid, .gridSquare:
            let t = Tiling(area: mode == .grid ? .whole : .square, maxTiles: maxTiles ?? defaultMaxTiles,
                           minTiles: minTiles ?? 1, aggregation: rows ? .tileRows : std ? .meanStd : .mean)
            var c = FeatureConfiguration()
            c.tiling = t
            try c.validate()
            return t
        }
    }

    /// The mode naming this tiling's area.
    public var mode: TilingMode { area == .whole ? .grid : .gridSquare }
}
