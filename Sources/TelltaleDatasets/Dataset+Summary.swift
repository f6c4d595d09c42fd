extension Dataset {
    /// Class counts for one (group, split) cell of a dataset.
    public struct Cell: Sendable, Hashable, Codable {
        public var group: String?
        public var split: String?
        public var real: Int
        public var fake: Int
        /// Items without a label (only possible in hand-built datasets).
        public var unlabelled: Int
    }

    /// Counts per (group, split), sorted by group then split (nil first), so a
    /// command can show how balanced each generator and split is — an
    /// imbalance between cells is itself a shortcut a detector can learn.
    public func summary() -> [Cell] {
        struct Key: Hashable { var group: String?; var split: String? }
        var cells: [Key: Cell] = [:]
        for item in items {
            let key = Key(group: item.group, split: item.split)
            var cell = cells[key] ?? Cell(group: item.group, split: item.split, real: 0, fake: 0, unlabelled: 0)
            switch item.label {
            case .real?: cell.real += 1
            case .fake?: cell.fake += 1
            case nil: cell.unlabelled += 1
            }
            cells[key] = cell
        }
        func before(_ a: String?, _ b: String?) -> Bool? {
            switch (a, b) {
            case (nil, nil): return nil
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?): return x == y ? nil : x.utf8.lexicographicallyPrecedes(y.utf8)
            }
        }
        return cells.values.sorted { a, b in
            before(a.group, b.group) ?? before(a.split, b.split) ?? false
        }
    }
}
