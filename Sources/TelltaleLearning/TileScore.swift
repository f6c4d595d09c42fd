import Foundation

/// How a model trained on tile rows (tiling aggregation `tile-rows`) turns its tiles'
/// scores into the image's score (`train --tile-score`, recorded in the model file as
/// ``ModelFile/tileScore``). Every rule works on the classifier's log-odds z of the
/// tiles and gives the image's log-odds, which then goes through the model's calibration
/// (or the sigmoid) like a one-row model's log-odds:
///
/// - `mean-logit` (the default): the mean of the tiles' z — evidence spread over the image.
/// - `max`: the largest z — the most generated-looking tile (partial manipulations); its
///   probability is the largest tile probability.
/// - `quantile:Q` (0 ≤ Q ≤ 1): the Q-quantile of the tiles' z, linearly interpolated between
///   order statistics as numpy's default (`np.quantile(z, Q)`): position (n − 1)·Q in the
///   sorted z. `quantile:0.5` is the median, `quantile:1` is `max`.
///
/// One tile gives its own z under every rule.
public enum TileScore: Sendable, Hashable {
    case meanLogit
    case max
    case quantile(Double)

    /// The name the CLI and the model file use: `mean-logit`, `max`, `quantile:Q`.
    public var name: String {
        switch self {
        case .meanLogit: return "mean-logit"
        case .max: return "max"
        case .quantile(let q): return "quantile:\(q)"
        }
    }

    /// Parses `mean-logit`, `max` or `quantile:Q` with Q in [0, 1].
    public init(name: String) throws {
        switch name {
        case "mean-logit": self = .meanLogit
        case "max": self = .max
        default:
            guard name.hasPrefix("quantile:"), let q = Double(name.dropFirst("quantile:".count)), q.isFinite else {
                throw LearningError.invalidParameter("tile score \(name): expected mean-logit, max or quantile:Q")
            }
            guard (0...1).contains(q) else {
                throw LearningError.invalidParameter("tile score \(name): the quantile must lie in [0, 1]")
            }
            self = .quantile(q)
        }
    }

    /// The image's log-odds from its tiles' log-odds (at least one).
    public func combine(_ z: [Double]) -> Double {
        precondition(!z.isEmpty, "an image without tiles")
        switch self {
        case .meanLogit:
            return z.reduce(0, +) / Double(z.count)
        case .max:
            return z.max()!
        case .quantile(let q):
            let s = z.sorted()
            let position = Double(s.count - 1) * q
            let lower = Int(position.rounded(.down))
            let upper = Swift.min(lower + 1, s.count - 1)
            let fraction = position - Double(lower)
            return fraction == 0 ? s[lower] : s[lower] + (s[upper] - s[lower]) * fraction
        }
    }

    /// `1 / (1 + e^−z)`, as the classifiers compute it (so one tile's image probability is
    /// its tile's, bit for bit).
    public static func sigmoid(_ z: Double) -> Double { Logistic.sigmoid(z) }
}

extension TileScore: Codable {
    public init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(name: name) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// Which rows are tiles of which image, for cross-validation and scoring of tile rows:
/// `image[r]` is row r's image (0, 1, … in order of first appearance).
public struct TileImages: Sendable, Equatable {
    public var image: [Int]
    public var rule: TileScore

    public init(image: [Int], rule: TileScore) {
        self.image = image
        self.rule = rule
    }

    /// Rows grouped by image key (e.g. path and hash), numbered in order of first appearance.
    public init<Key: Hashable>(keys: [Key], rule: TileScore) {
        var ids: [Key: Int] = [:]
        image = keys.map { key in
            if let id = ids[key] { return id }
            ids[key] = ids.count
            return ids.count - 1
        }
        self.rule = rule
    }

    /// Each image among `rows` (in order of first appearance) with its rows' positions in `rows`.
    public func images(of rows: [Int]) -> [(image: Int, positions: [Int])] {
        var order: [Int] = [], positions: [Int: [Int]] = [:]
        for (k, r) in rows.enumerated() {
            if positions[image[r]] == nil { order.append(image[r]) }
            positions[image[r], default: []].append(k)
        }
        return order.map { ($0, positions[$0]!) }
    }

    /// Per image of `rows`: its label (its first row's) and log-odds combined by ``rule``
    /// from the rows' log-odds `z` (aligned with `rows`).
    public func combine(rows: [Int], labels: [Int], z: [Double]) -> (labels: [Int], logOdds: [Double]) {
        let groups = images(of: rows)
        return (groups.map { labels[rows[$0.positions[0]]] }, groups.map { rule.combine($0.positions.map { z[$0] }) })
    }
}
