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
        precondition(sigma >= 0 && sigma.isFinite, "blur sigma must be a non-negative number")
        let radius = Int((3 * sigma).rounded(.up))
        if sigma == 0 || radius == 0 { return self }
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
        let xIndex = (-radius..<(w + radius)).map { mirrored($0, w) }
        let yIndex = (-radius..<(h + radius)).map { mirrored($0, h) }

        var tmp = [Float](repeating: 0, count: w * h * ch)
        var out = [UInt8](repeating: 0, count: w * h * ch)
        pixels.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { t in
                kernel.withUnsafeBufferPointer { g in
                    xIndex.withUnsafeBufferPointer { xi in
                        // Horizontal pass.
                        for y in 0..<h {
                            let row = src.baseAddress! + y * w * ch
                            let trow = t.baseAddress! + y * w * ch
                            for x in 0..<w {
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
                            var acc = [Float](repeating: 0, count: w * ch)
                            acc.withUnsafeMutableBufferPointer { a in
                                for y in 0..<h {
                                    a.update(repeating: 0)
                                    for k in 0...(2 * radius) {
                                        let weight = g[k]
                                        let trow = t.baseAddress! + yi[y + k] * w * ch
                                        for i in 0..<(w * ch) { a[i] += weight * trow[i] }
                                    }
                                    let orow = o.baseAddress! + y * w * ch
                                    for i in 0..<(w * ch) { orow[i] = UInt8(min(max(a[i].rounded(), 0), 255)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Image(width: w, height: h, channels: ch, pixels: out)
    }
}
