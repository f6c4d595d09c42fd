/// A linear high-pass "residual" filter of the spatial rich model (Fridrich &
/// Kodovský, "Rich Models for Steganalysis of Digital Images", IEEE TIFS 2012).
///
/// A residual is the difference between a pixel's prediction from its
/// neighbours and the pixel itself; it suppresses the image content and keeps
/// the noise and processing traces. Each filter is stored as integer weights
/// `w` and a `divisor` d, and applied as a *correlation* over the valid region
/// only (no padding, so no border artefacts):
///
///     R[y, x] = (Σ_{i,j} w[i, j] · X[y + i, x + j]) / d,
///     0 ≤ y < H − kh + 1,  0 ≤ x < W − kw + 1.
///
/// The numerator is accumulated tap by tap in row-major order, skipping zero
/// weights, and divided last, so integer inputs give exact results.
public struct HighPassFilter: Sendable, Hashable {
    /// Stable short name used in feature names (`d1h`, `kb`, …).
    public let name: String
    /// Kernel width and height.
    public let width: Int
    public let height: Int
    /// Integer numerators, row-major (`height × width`).
    public let weights: [Float]
    /// The common denominator.
    public let divisor: Float
    /// The non-zero taps in row-major order: kernel row, kernel column, weight.
    let taps: [Tap]

    struct Tap: Sendable, Hashable {
        let row: Int, column: Int, weight: Float
    }

    public init(name: String, width: Int, height: Int, weights: [Float], divisor: Float) {
        precondition(weights.count == width * height, "kernel size mismatch")
        self.name = name
        self.width = width
        self.height = height
        self.weights = weights
        self.divisor = divisor
        self.taps = (0..<(width * height)).compactMap { k in
            weights[k] == 0 ? nil : Tap(row: k / width, column: k % width, weight: weights[k])
        }
    }

    /// First-order horizontal difference, `X[y, x+1] − X[y, x]`.
    public static let firstOrderHorizontal = HighPassFilter(name: "d1h", width: 2, height: 1, weights: [-1, 1], divisor: 1)
    /// First-order vertical difference, `X[y+1, x] − X[y, x]`.
    public static let firstOrderVertical = HighPassFilter(name: "d1v", width: 1, height: 2, weights: [-1, 1], divisor: 1)
    /// Second-order horizontal difference, `X[y, x−1] + X[y, x+1] − 2 X[y, x]` (kernel `[1 −2 1]`).
    public static let secondOrderHorizontal = HighPassFilter(name: "d2h", width: 3, height: 1, weights: [1, -2, 1], divisor: 1)
    /// Second-order vertical difference (kernel `[1 −2 1]ᵀ`).
    public static let secondOrderVertical = HighPassFilter(name: "d2v", width: 1, height: 3, weights: [1, -2, 1], divisor: 1)
    /// SRM "KB" 3×3 kernel `[−1 2 −1; 2 −4 2; −1 2 −1] / 4`.
    public static let kb = HighPassFilter(name: "kb", width: 3, height: 3,
                                          weights: [-1, 2, -1, 2, -4, 2, -1, 2, -1], divisor: 4)
    /// SRM "KV" 5×5 kernel `[−1 2 −2 2 −1; 2 −6 8 −6 2; −2 8 −12 8 −2; 2 −6 8 −6 2; −1 2 −2 2 −1] / 12`.
    public static let kv = HighPassFilter(name: "kv", width: 5, height: 5, weights: [
        -1, 2, -2, 2, -1,
        2, -6, 8, -6, 2,
        -2, 8, -12, 8, -2,
        2, -6, 8, -6, 2,
        -1, 2, -2, 2, -1,
    ], divisor: 12)

    /// Every built-in filter, in a fixed order.
    public static let all: [HighPassFilter] = [
        firstOrderHorizontal, firstOrderVertical, secondOrderHorizontal, secondOrderVertical, kb, kv,
    ]

    /// The built-in filter called `name`, if any.
    public static func named(_ name: String) -> HighPassFilter? {
        all.first { $0.name == name }
    }

    /// Size of the valid-region output for a `width × height` plane (zero if the kernel does not fit).
    public func outputSize(width w: Int, height h: Int) -> (width: Int, height: Int) {
        (max(0, w - width + 1), max(0, h - height + 1))
    }

    /// Applies the filter to a row-major `w × h` plane, writing the valid region
    /// (see ``outputSize(width:height:)``) into `output`, which must hold at
    /// least that many values. Returns the output size.
    @discardableResult
    public func apply(_ plane: UnsafeBufferPointer<Float>, width w: Int, height h: Int,
                      into output: UnsafeMutableBufferPointer<Float>) -> (width: Int, height: Int) {
        let (ow, oh) = outputSize(width: w, height: h)
        guard ow > 0, oh > 0 else { return (ow, oh) }
        precondition(plane.count >= w * h && output.count >= ow * oh, "buffer too small")
        let src = plane.baseAddress!, dst = output.baseAddress!, dv = divisor
        // Row by row, so the output row being accumulated stays in L1.
        for y in 0..<oh {
            let d = dst + y * ow
            d.update(repeating: 0, count: ow)
            for tap in taps {
                let s = src + (y + tap.row) * w + tap.column, weight = tap.weight
                for x in 0..<ow { d[x] += weight * s[x] }
            }
            if dv != 1 { for x in 0..<ow { d[x] = d[x] / dv } }
        }
        return (ow, oh)
    }

    /// Convenience: the residual of a plane as a new array, with its size.
    public func apply(_ plane: [Float], width w: Int, height h: Int) -> (values: [Float], width: Int, height: Int) {
        let (ow, oh) = outputSize(width: w, height: h)
        var out = [Float](repeating: 0, count: ow * oh)
        plane.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in _ = apply(p, width: w, height: h, into: o) }
        }
        return (out, ow, oh)
    }
}
