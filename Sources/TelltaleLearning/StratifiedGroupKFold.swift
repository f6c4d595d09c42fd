import TelltaleSupport

/// One cross-validation fold: row indices (ascending) to train on and to test on.
public struct Fold: Sendable, Equatable {
    public var train: [Int]
    public var test: [Int]
}

/// Stratified k-fold splitting that keeps every group in a single fold
/// (scikit-learn's `StratifiedGroupKFold(shuffle=True)` semantics), so that
/// near-duplicates or crops of one source image never sit on both sides of a split.
///
/// Algorithm (the greedy one of scikit-learn ≥ 1.0):
/// 1. Count each group's rows per class. Without groups, every row is its own group.
/// 2. Shuffle the groups with the seed (stream "cv.folds"), then sort them stably by
///    decreasing standard deviation of their class counts, so the most lopsided
///    groups are placed first.
/// 3. Put each group, in that order, in the fold that minimises the mean over classes
///    of the standard deviation, across folds, of the fraction of that class's rows
///    in each fold (ties — within 1e-8 — go to the fold with fewest rows, then the
///    lower index).
/// Fold i's test set is its rows; its training set is every other row.
public struct StratifiedGroupKFold: Codable, Sendable, Equatable {
    public var folds: Int
    public var seed: UInt64

    public init(folds: Int = 5, seed: UInt64) {
        self.folds = folds
        self.seed = seed
    }

    /// Splits rows with binary `labels`, optionally grouped by `groups` (one
    /// identifier per row). Throws if there are fewer groups than folds or a class
    /// has fewer rows than folds.
    public func split(labels: [Int], groups: [String]? = nil) throws -> [Fold] {
        guard folds >= 2 else { throw LearningError.invalidParameter("cross-validation needs at least 2 folds, got \(folds)") }
        if let groups, groups.count != labels.count {
            throw LearningError.groupCountMismatch(rows: labels.count, groups: groups.count)
        }
        for (i, y) in labels.enumerated() where y != 0 && y != 1 { throw LearningError.invalidLabel(row: i, value: y) }
        let classTotals = [labels.count - labels.reduce(0, +), labels.reduce(0, +)]
        for (cls, total) in classTotals.enumerated() where total < folds {
            throw LearningError.tooFewForFolds(folds: folds, detail: "class \(cls) has only \(total) rows")
        }

        // Groups in order of first appearance, with their rows and class counts.
        var groupIndex: [String: Int] = [:]
        var members: [[Int]] = []
        var counts: [[Int]] = []
        for row in labels.indices {
            let key = groups?[row] ?? String(row)
            let g: Int
            if let existing = groupIndex[key] { g = existing } else {
                g = members.count
                groupIndex[key] = g
                members.append([])
                counts.append([0, 0])
            }
            members[g].append(row)
            counts[g][labels[row]] += 1
        }
        guard members.count >= folds else {
            throw LearningError.tooFewForFolds(folds: folds, detail: "only \(members.count) groups")
        }

        var order = Array(members.indices)
        var generator = SeededGenerator.stream(seed: seed, "cv.folds")
        generator.shuffle(&order)
        // For two classes the standard deviation of (a, b) is |a − b| / 2; sort stably by it, descending.
        let spread = counts.map { abs(Double($0[0] - $0[1])) / 2 }
        order = order.enumerated().sorted {
            spread[$0.element] != spread[$1.element] ? spread[$0.element] > spread[$1.element] : $0.offset < $1.offset
        }.map(\.element)

        var foldCounts = [[Int]](repeating: [0, 0], count: folds)
        var assignment = [Int](repeating: 0, count: members.count)
        for g in order {
            var bestFold = 0, bestScore = Double.infinity, bestSize = Int.max
            for f in 0 ..< folds {
                foldCounts[f][0] += counts[g][0]
                foldCounts[f][1] += counts[g][1]
                let score = imbalance(foldCounts, totals: classTotals)
                foldCounts[f][0] -= counts[g][0]
                foldCounts[f][1] -= counts[g][1]
                let size = foldCounts[f][0] + foldCounts[f][1]
                if score < bestScore - 1e-8 || (abs(score - bestScore) <= 1e-8 && size < bestSize) {
                    bestFold = f
                    bestScore = score
                    bestSize = size
                }
            }
            assignment[g] = bestFold
            foldCounts[bestFold][0] += counts[g][0]
            foldCounts[bestFold][1] += counts[g][1]
        }

        var foldOfRow = [Int](repeating: 0, count: labels.count)
        for (g, rows) in members.enumerated() { for row in rows { foldOfRow[row] = assignment[g] } }
        return (0 ..< folds).map { f in
            Fold(train: labels.indices.filter { foldOfRow[$0] != f }, test: labels.indices.filter { foldOfRow[$0] == f })
        }
    }

    /// Mean over classes of the population standard deviation across folds of each fold's share of the class.
    private func imbalance(_ foldCounts: [[Int]], totals: [Int]) -> Double {
        var sum = 0.0
        for cls in 0 ... 1 {
            let shares = foldCounts.map { Double($0[cls]) / Double(totals[cls]) }
            let mean = shares.reduce(0, +) / Double(shares.count)
            let variance = shares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(shares.count)
            sum += variance.squareRoot()
        }
        return sum / 2
    }
}
