/// Groups the planes of several inputs by size so that each size is transformed in
/// one batched call (a GEMM needs planes of equal size; a batch may mix sizes when
/// small images are kept under ``SmallImagePolicy/largestSquare``).
enum PlaneBatch {
    /// `transform` applied to all planes of each side at once; the result holds, for
    /// each input, one value per plane (in ``FeatureInput/planes(_:)`` order).
    static func map<T>(_ inputs: [FeatureInput], colour: ColourMode,
                       _ transform: (_ planes: [[Float]], _ side: Int) -> [T]) -> [[T]] {
        var slots = [[T?]](repeating: [], count: inputs.count)
        var bySide: [Int: [(input: Int, plane: Int, values: [Float])]] = [:]
        for (i, input) in inputs.enumerated() {
            let planes = input.planes(colour)
            slots[i] = [T?](repeating: nil, count: planes.count)
            for (p, plane) in planes.enumerated() { bySide[input.side, default: []].append((i, p, plane)) }
        }
        for side in bySide.keys.sorted() {
            let group = bySide[side]!
            let results = transform(group.map(\.values), side)
            for (entry, result) in zip(group, results) { slots[entry.input][entry.plane] = result }
        }
        return slots.map { $0.map { $0! } }
    }
}

extension ColourMode {
    /// Short tags of the planes in feature names: `y` (luminance) or `r`, `g`, `b`.
    var planeTags: [String] {
        switch self {
        case .luminance: return ["y"]
        case .rgb: return ["r", "g", "b"]
        }
    }
}

/// `n` formatted with at least `width` digits (zero-padded), for stable, sortable names.
func zeroPadded(_ n: Int, width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
