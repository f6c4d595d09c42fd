extension FeatureInput {
    /// The planes of ``planes(_:)`` as exact integers, with the factor they are scaled by:
    /// luminance as `1000 Y = 299 R + 587 G + 114 B` (the BT.601 weights are exact multiples
    /// of 1/1000; a grey image gives `1000 · grey`), or R, G, B as they are (factor 1).
    ///
    /// Integer arithmetic on these is exact in any order, so a filter's residual `R = N / d`
    /// can be computed from its integer numerator `N` however fast, and compared with
    /// quantisation thresholds without rounding error (``ResidualNumerators``).
    func integerPlanes(_ colour: ColourMode) -> (planes: [[Int32]], scale: Int32) {
        let count = side * side, channels = image.channels
        func channel(_ c: Int) -> [Int32] {
            image.pixels.withUnsafeBufferPointer { p in
                (0..<count).map { Int32(p[$0 * channels + c]) }
            }
        }
        switch colour {
        case .rgb:
            return (channels == 3 ? [channel(0), channel(1), channel(2)] : Array(repeating: channel(0), count: 3), 1)
        case .luminance:
            return ([luminanceTimes1000], 1000)
        }
    }
}
