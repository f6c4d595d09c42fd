extension Image {
    /// Luminance as floats in [0, 255], row-major.
    ///
    /// ITU-R BT.601 luma `Y = 0.299 R + 0.587 G + 0.114 B` (the weights of JPEG's YCbCr
    /// and of most detectors' greyscale conversion), as the single-precision value nearest
    /// to the exact `Y`: `Float(299 R + 587 G + 114 B) / 1000` (see ``luminanceTimes1000()``),
    /// so a `Y` that is exactly a half-integer is represented exactly. A grey image is
    /// returned as is.
    public func luminance() -> [Float] {
        Self.luminance(fromTimes1000: luminanceTimes1000())
    }

    /// `1000 Y` as exact integers, row-major: `299 R + 587 G + 114 B` (the BT.601 weights
    /// are exact multiples of 1/1000), or `1000 · v` for a grey image; at most 255 000.
    public func luminanceTimes1000() -> [Int32] {
        let count = width * height
        return pixels.withUnsafeBufferPointer { buffer in
            [Int32](unsafeUninitializedCapacity: count) { out, initialised in
                // Raw pointers and no overflow checks in the index arithmetic, so the loops vectorise.
                let p = buffer.baseAddress!, o = out.baseAddress!
                if channels == 1 {
                    for i in 0..<count { o[i] = 1000 &* Int32(p[i]) }
                } else {
                    var q = p
                    for i in 0..<count {
                        o[i] = 299 &* Int32(q[0]) &+ 587 &* Int32(q[1]) &+ 114 &* Int32(q[2])
                        q += 3
                    }
                }
                initialised = count
            }
        }
    }

    /// ``luminance()`` from ``luminanceTimes1000()``: each value divided by 1000, correctly
    /// rounded (the integers are below 2²⁴, so their conversion to float is exact).
    public static func luminance(fromTimes1000 values: [Int32]) -> [Float] {
        values.withUnsafeBufferPointer { buffer in
            [Float](unsafeUninitializedCapacity: buffer.count) { out, initialised in
                guard let v = buffer.baseAddress, let o = out.baseAddress else { return }
                for i in 0..<buffer.count { o[i] = Float(v[i]) / 1000 }
                initialised = buffer.count
            }
        }
    }

    /// Channel `c` as floats in [0, 255], row-major.
    public func plane(_ c: Int) -> [Float] {
        precondition(c >= 0 && c < channels, "no channel \(c) in a \(channels)-channel image")
        let count = width * height
        var out = [Float](repeating: 0, count: count)
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<count { o[i] = Float(p[i * channels + c]) }
            }
        }
        return out
    }

    /// The three RGB planes (a grey image gives its one plane three times).
    public func rgbPlanes() -> [[Float]] {
        channels == 3 ? [plane(0), plane(1), plane(2)] : Array(repeating: plane(0), count: 3)
    }

    /// The sub-image `region` (which must lie inside the image).
    public func cropped(to region: PixelRegion) -> Image {
        precondition(region.x >= 0 && region.y >= 0 && region.width > 0 && region.height > 0
            && region.x + region.width <= width && region.y + region.height <= height,
            "region outside the image")
        var out = [UInt8]()
        out.reserveCapacity(region.width * region.height * channels)
        for y in region.y..<(region.y + region.height) {
            let start = (y * width + region.x) * channels
            out.append(contentsOf: pixels[start..<(start + region.width * channels)])
        }
        return Image(width: region.width, height: region.height, channels: channels, pixels: out)
    }
}
