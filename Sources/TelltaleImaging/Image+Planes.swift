extension Image {
    /// Luminance as floats in [0, 255], row-major.
    ///
    /// ITU-R BT.601 luma: `Y = 0.299 R + 0.587 G + 0.114 B` (the weights of
    /// JPEG's YCbCr and of most detectors' greyscale conversion). A grey image is
    /// returned as is.
    public func luminance() -> [Float] {
        let count = width * height
        if channels == 1 { return pixels.map(Float.init) }
        var out = [Float](repeating: 0, count: count)
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<count {
                    let r = Float(p[3 * i]), g = Float(p[3 * i + 1]), b = Float(p[3 * i + 2])
                    o[i] = 0.299 * r + 0.587 * g + 0.114 * b
                }
            }
        }
        return out
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
