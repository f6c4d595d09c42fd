import Foundation

extension Image {
    /// The image convolved with a Gaussian of standard deviation `sigma` pixels.
    ///
    /// Separable: a 1-D kernel `g[k] ∝ exp(−k² / 2σ²)`, `|k| ≤ ⌈3σ⌉`, normalised
    /// to sum 1, is applied along rows then columns, in `Float`, each channel
    /// independently. Outside the image the signal is mirrored without repeating
    /// the edge sample (`dcb|abcd|cba`, OpenCV's default `BORDER_REFLECT_101`,
    /// scipy's `mode="mirror"`), applied repeatedly if the kernel is wider than
    /// the image. Results are rounded to nearest and clamped to [0, 255].
    /// `sigma == 0` returns the image unchanged.
    ///
    /// - Precondition: `sigma ≥ 0` and finite.
    public func blurred(sigma: Double) -> Image {
        blurred(sigma: sigma, within: PixelRegion(x: 0, y: 0, width: width, height: height))
    }

    /// The `region` of the blurred image, computed from the region and a margin of
    /// `⌈3σ⌉` pixels around it only: bit for bit the same pixels as
    /// `blurred(sigma:).cropped(to: region)` (the same kernel, mirrored indices and
    /// order of summation), at a cost in proportion to the region. A 256² crop of a
    /// 12-megapixel photograph is blurred about 180 times faster.
    ///
    /// - Precondition: `sigma ≥ 0` and finite; `region` inside the image.
    public func blurred(sigma: Double, within region: PixelRegion) -> Image {
        precondition(sigma >= 0 && sigma.isFinite, "blur sigma must be a non-negative number")
        precondition(region.x >= 0 && region.y >= 0 && region.width >= 0 && region.height >= 0
                     && region.x + region.width <= width && region.y + region.height <= height,
                     "blur region must lie inside the image")
        let radius = Int((3 * sigma).rounded(.up))
        if sigma == 0 || radius == 0 { return cropped(to: region) }
        var kernel = (-radius...radius).map { k in Float(exp(-Double(k * k) / (2 * sigma * sigma))) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }

        let w = width, h = height, ch = channels
        // Mirrored index tables for rows and columns (reflect-101).
        func mirrored(_ i: Int, _ n: Int) -> Int {
            if n == 1 { return 0 }
            let period = 2 * (n - 1)
            var m = i % period
            if m < 0 { m += period }
            return m < n ? m : period - m
        }
        // Output columns x0..<x0+ow and rows y0..<y0+oh; the horizontal pass runs on
        // the rows the vertical pass reads: y0−radius ..< y0+oh+radius (mirrored).
        let x0 = region.x, y0 = region.y, ow = region.width, oh = region.height
        let xIndex = ((x0 - radius)..<(x0 + ow + radius)).map { mirrored($0, w) }
        let sourceRows = ((y0 - radius)..<(y0 + oh + radius)).map { mirrored($0, h) }
        // The distinct source rows, each filtered once, and where each lands.
        let neededRows = Array(Set(sourceRows)).sorted()
        var slot = [Int](repeating: -1, count: h)
        for (i, y) in neededRows.enumerated() { slot[y] = i }
        let yIndex = sourceRows.map { slot[$0] }

        let rowLength = ow * ch
        var tmp = [Float](repeating: 0, count: neededRows.count * rowLength)
        var out = [UInt8](repeating: 0, count: oh * rowLength)
        pixels.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { t in
                kernel.withUnsafeBufferPointer { g in
                    xIndex.withUnsafeBufferPointer { xi in
                        // Horizontal pass.
                        for (i, y) in neededRows.enumerated() {
                            let row = src.baseAddress! + y * w * ch
                            let trow = t.baseAddress! + i * rowLength
                            for x in 0..<ow {
                                for c in 0..<ch {
                                    var acc: Float = 0
                                    for k in 0...(2 * radius) { acc += g[k] * Float(row[xi[x + k] * ch + c]) }
                                    trow[x * ch + c] = acc
                                }
                            }
                        }
                    }
                    // Vertical pass.
                    yIndex.withUnsafeBufferPointer { yi in
                        out.withUnsafeMutableBufferPointer { o in
                            var acc = [Float](repeating: 0, count: rowLength)
                            acc.withUnsafeMutableBufferPointer { a in
                                for y in 0..<oh {
                                    a.update(repeating: 0)
                                    for k in 0...(2 * radius) {
                                        let weight = g[k]
                                        let trow = t.baseAddress! + yi[y + k] * rowLength
                                        for i in 0..<rowLength { a[i] += weight * trow[i] }
                                    }
                                    let orow = o.baseAddress! + y * rowLength
                                    for i in 0..<rowLength { orow[i] = UInt8(min(max(a[i].rounded(), 0), 255)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Image(width: ow, height: oh, channels: ch, pixels: out)
    }
}
