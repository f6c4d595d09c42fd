import TelltaleFeatures
import TelltaleImaging

/// Where `telltale explain` puts its tiles: `S × S` squares (`S`, the model's crop size) every
/// `stride` pixels, over the whole image.
///
/// For a `W × H` image: `nx = ⌊(W − S) / stride⌋ + 1` columns and `ny = ⌊(H − S) / stride⌋ + 1`
/// rows; the block they span (`S + (nx − 1)·stride` wide) is centred with floor offsets, as
/// ``Tiling`` centres its grid (`x0 = ⌊(W − S − (nx − 1)·stride) / 2⌋`), so the margins left
/// uncovered are under `stride` pixels on each axis (under `S` at the default stride `S`).
/// Tiles are listed in raster order (row, then column). With `stride == S` and no cap
/// these are exactly ``Tiling``'s `grid` tiles (in another order).
///
/// An image shorter than `S` on either side gets one tile, its largest centred square — the
/// small-image rule of ``FeatureExtractor/prepare(_:)`` — or is refused when the model refuses
/// such images (``FeatureConfiguration/smallImages`` `skip`, or a side below
/// ``FeatureConfiguration/minimumSide``).
public enum ExplainGrid {
    /// The default cap on the number of tiles of one image.
    public static let defaultMaxTiles = 1024
    /// The largest cap accepted.
    public static let maxTilesLimit = 16384

    /// The tiles at `stride`, in raster order (empty when the image is shorter than `side`).
    public static func tiles(side: Int, stride: Int, width: Int, height: Int) -> [PixelRegion] {
        precondition(side > 0 && stride > 0, "side and stride must be positive")
        guard width >= side, height >= side else { return [] }
        let nx = (width - side) / stride + 1, ny = (height - side) / stride + 1
        let x0 = (width - side - (nx - 1) * stride) / 2, y0 = (height - side - (ny - 1) * stride) / 2
        var out: [PixelRegion] = []
        out.reserveCapacity(nx * ny)
        for j in 0..<ny {
            for i in 0..<nx { out.append(PixelRegion(x: x0 + i * stride, y: y0 + j * stride, width: side, height: side)) }
        }
        return out
    }

    /// How many tiles ``tiles(side:stride:width:height:)`` gives, without listing them.
    public static func count(side: Int, stride: Int, width: Int, height: Int) -> Int {
        guard width >= side, height >= side else { return 0 }
        return ((width - side) / stride + 1) * ((height - side) / stride + 1)
    }

    /// The stride actually used: `stride` when the image gives at most `maxTiles` tiles at it;
    /// otherwise the smallest larger stride that does, but never above `side` (a map with
    /// gaps between tiles would not be a map). Nil when even `side` gives too many: the image
    /// is refused (``tiles(for:extractor:stride:maxTiles:)``).
    public static func stride(side: Int, requested stride: Int, width: Int, height: Int, maxTiles: Int) -> Int? {
        var t = stride
        while count(side: side, stride: t, width: width, height: height) > maxTiles {
            if t >= side { return nil }
            t += 1
        }
        return t
    }

    /// The tiles of a `width × height` image for `extractor`'s model and the stride used,
    /// following the rules on the type.
    /// - Throws: ``FeatureError/imageTooSmall(width:height:required:)`` as the model would;
    ///   ``PipelineError/inputs(_:)`` when even the stride `S` gives more than `maxTiles` tiles.
    public static func tiles(width: Int, height: Int, extractor: FeatureExtractor, stride requested: Int,
                             maxTiles: Int) throws -> (tiles: [PixelRegion], stride: Int) {
        let configuration = extractor.configuration
        let s = configuration.cropSize
        let shorter = min(width, height)
        if shorter < s {
            if configuration.smallImages == .skip || shorter < FeatureConfiguration.minimumSide {
                let required = configuration.smallImages == .skip ? s : FeatureConfiguration.minimumSide
                throw FeatureError.imageTooSmall(width: width, height: height, required: required)
            }
            return ([PixelRegion.centreSquare(side: s, inWidth: width, height: height)], requested)
        }
        guard let stride = stride(side: s, requested: requested, width: width, height: height, maxTiles: maxTiles) else {
            throw PipelineError.inputs("image \(width)×\(height) gives \(count(side: s, stride: s, width: width, height: height)) tiles of \(s)² even at stride \(s), more than --max-tiles \(maxTiles)")
        }
        return (tiles(side: s, stride: stride, width: width, height: height), stride)
    }
}

/// Per-pixel evidence: each pixel's value is the mean of the scores of the tiles covering it,
/// NaN where no tile does. Computed on a grid downscaled by an integer `factor`: output pixel
/// `(u, v)` stands for the block of source pixels `[u·f, u·f + f) × [v·f, v·f + f)` (clipped
/// at the image's edge) and takes the value of the block's centre pixel `(u·f + ⌊f/2⌋, v·f + ⌊f/2⌋)`
/// (clipped). `factor` 1 is the full-resolution map.
public struct HeatMap: Sendable {
    public let width: Int
    public let height: Int
    public let factor: Int
    /// Row-major, `width × height`; NaN: no tile covers the pixel.
    public var values: [Float]

    /// The map of `tiles` (image coordinates) with `scores`, for a `imageWidth × imageHeight` image.
    public init(tiles: [PixelRegion], scores: [Double], imageWidth: Int, imageHeight: Int, factor: Int = 1) {
        precondition(tiles.count == scores.count, "one score per tile")
        precondition(factor >= 1, "factor must be at least 1")
        self.factor = factor
        width = (imageWidth + factor - 1) / factor
        height = (imageHeight + factor - 1) / factor
        let xs = (0..<width).map { min($0 * factor + factor / 2, imageWidth - 1) }
        let ys = (0..<height).map { min($0 * factor + factor / 2, imageHeight - 1) }
        // Each tile adds its score to a rectangle of output pixels: four corners of a 2-D
        // difference array, then prefix sums — O(tiles + pixels) however much the tiles overlap.
        let stride = width + 1
        var sums = [Double](repeating: 0, count: stride * (height + 1))
        var counts = [Int32](repeating: 0, count: stride * (height + 1))
        /// The output indices whose sample lies in `[lo, hi)` (samples increase).
        func range(_ samples: [Int], _ lo: Int, _ hi: Int) -> Range<Int> {
            let start = samples.partitionPoint { $0 >= lo }
            let end = samples.partitionPoint { $0 >= hi }
            return start..<max(start, end)
        }
        for (tile, score) in zip(tiles, scores) {
            let us = range(xs, tile.x, tile.x + tile.width), vs = range(ys, tile.y, tile.y + tile.height)
            guard !us.isEmpty, !vs.isEmpty else { continue }
            for (u, v, sign) in [(us.lowerBound, vs.lowerBound, 1), (us.upperBound, vs.lowerBound, -1),
                                 (us.lowerBound, vs.upperBound, -1), (us.upperBound, vs.upperBound, 1)] {
                sums[v * stride + u] += Double(sign) * score
                counts[v * stride + u] += Int32(sign)
            }
        }
        for v in 0...height {
            for u in 1...width {
                sums[v * stride + u] += sums[v * stride + u - 1]
                counts[v * stride + u] += counts[v * stride + u - 1]
            }
        }
        for v in 1...height {
            for u in 0...width {
                sums[v * stride + u] += sums[(v - 1) * stride + u]
                counts[v * stride + u] += counts[(v - 1) * stride + u]
            }
        }
        var values = [Float](repeating: .nan, count: width * height)
        for v in 0..<height {
            for u in 0..<width where counts[v * stride + u] > 0 {
                values[v * width + u] = Float(sums[v * stride + u] / Double(counts[v * stride + u]))
            }
        }
        self.values = values
    }

    /// The value at output pixel `(u, v)`; nil where no tile covers it.
    public subscript(u: Int, v: Int) -> Float? {
        let value = values[v * width + u]
        return value.isNaN ? nil : value
    }

    /// The colour ramp: score 0 → blue (0, 0, 255), 1 → red (255, 0, 0), linearly through
    /// purple, blended over the image with opacity `0.2 + 0.6·score` (a low score is a faint
    /// blue tint, a high one a strong red).
    public static func colour(_ score: Float) -> (r: Float, g: Float, b: Float, alpha: Float) {
        let s = min(1, max(0, score))
        return (255 * s, 0, 255 * (1 - s), 0.2 + 0.6 * s)
    }

    /// The map blended over `image` (RGB output, `width × height`): each output pixel is the mean of
    /// its source block, blended with ``colour(_:)``; uncovered pixels are the block's grey
    /// level halved towards mid-grey (`(Y + 128) / 2`, so they read as flat grey).
    public func overlay(on image: Image) -> Image {
        let f = factor
        precondition((image.width + f - 1) / f == width && (image.height + f - 1) / f == height, "the map is of another image")
        var out = [UInt8](repeating: 0, count: width * height * 3)
        let c = image.channels
        for v in 0..<height {
            let y0 = v * f, y1 = min(y0 + f, image.height)
            for u in 0..<width {
                let x0 = u * f, x1 = min(x0 + f, image.width)
                var sum: (Int, Int, Int) = (0, 0, 0)
                for y in y0..<y1 {
                    var k = (y * image.width + x0) * c
                    for _ in x0..<x1 {
                        let r = Int(image.pixels[k]), g = Int(image.pixels[k + (c == 3 ? 1 : 0)]), b = Int(image.pixels[k + (c == 3 ? 2 : 0)])
                        sum.0 += r; sum.1 += g; sum.2 += b
                        k += c
                    }
                }
                let n = Float((y1 - y0) * (x1 - x0))
                var rgb = (Float(sum.0) / n, Float(sum.1) / n, Float(sum.2) / n)
                let value = values[v * width + u]
                if value.isNaN {
                    let grey = (0.299 * rgb.0 + 0.587 * rgb.1 + 0.114 * rgb.2 + 128) / 2
                    rgb = (grey, grey, grey)
                } else {
                    let ramp = Self.colour(value)
                    rgb = ((1 - ramp.alpha) * rgb.0 + ramp.alpha * ramp.r, (1 - ramp.alpha) * rgb.1 + ramp.alpha * ramp.g,
                           (1 - ramp.alpha) * rgb.2 + ramp.alpha * ramp.b)
                }
                let k = (v * width + u) * 3
                out[k] = UInt8(min(255, max(0, rgb.0.rounded())))
                out[k + 1] = UInt8(min(255, max(0, rgb.1.rounded())))
                out[k + 2] = UInt8(min(255, max(0, rgb.2.rounded())))
            }
        }
        return Image(width: width, height: height, channels: 3, pixels: out)
    }

    /// `overlay` with each face region outlined (2 output pixels wide) in the colour of its
    /// score (``colour(_:)`` at full strength) and its 68 landmarks as single dots: where a
    /// face-crop model looked. Regions and points are in the source image's pixels.
    public func marking(_ faces: [(region: PixelRegion, landmarks: [(x: Int, y: Int)], score: Double)], on overlay: Image) -> Image {
        var out = overlay
        let f = factor
        func put(_ u: Int, _ v: Int, _ rgb: (UInt8, UInt8, UInt8)) {
            guard u >= 0, v >= 0, u < out.width, v < out.height else { return }
            let k = (v * out.width + u) * 3
            out.pixels[k] = rgb.0; out.pixels[k + 1] = rgb.1; out.pixels[k + 2] = rgb.2
        }
        for face in faces {
            let ramp = Self.colour(Float(face.score))
            let rgb = (UInt8(ramp.r.rounded()), UInt8(ramp.g.rounded()), UInt8(ramp.b.rounded()))
            let u0 = face.region.x / f, v0 = face.region.y / f
            let u1 = (face.region.x + face.region.width - 1) / f, v1 = (face.region.y + face.region.height - 1) / f
            for w in 0..<2 {
                for u in u0...max(u0, u1) { put(u, v0 + w, rgb); put(u, v1 - w, rgb) }
                for v in v0...max(v0, v1) { put(u0 + w, v, rgb); put(u1 - w, v, rgb) }
            }
            for p in face.landmarks { put(p.x / f, p.y / f, (255, 255, 255)) }
        }
        return out
    }

    /// The downscaling factor for an image: the smallest integer bringing its longer side to at
    /// most `maxSide` (default 1024) pixels.
    public static func factor(width: Int, height: Int, maxSide: Int = 1024) -> Int {
        max(1, (max(width, height) + maxSide - 1) / maxSide)
    }
}

extension Array {
    /// The first index whose element satisfies `predicate` (which must be false, then true).
    fileprivate func partitionPoint(_ predicate: (Element) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
