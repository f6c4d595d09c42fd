extension Image {
    /// The image rescaled by `scale`: `max(1, round(scale · width)) × max(1, round(scale · height))`,
    /// rounding halves away from zero.
    /// See ``resized(width:height:)``.
    ///
    /// - Precondition: `scale > 0` and finite.
    public func resized(scale: Double) -> Image {
        precondition(scale > 0 && scale.isFinite, "resize scale must be positive")
        return resized(width: max(1, Int((Double(width) * scale).rounded())),
                       height: max(1, Int((Double(height) * scale).rounded())))
    }

    /// The image resampled to `newWidth × newHeight` by bilinear interpolation
    /// with half-pixel centres, as OpenCV's `cv2.resize(…, INTER_LINEAR)`:
    /// output pixel `u` samples the input at `s = (u + ½) · W/W′ − ½`, clamped
    /// to `[0, W − 1]`, mixing its two neighbours linearly (rows likewise). No
    /// antialiasing pre-filter: downscaling aliases, and any resampling
    /// destroys the pixel-grid traces (up-sampling periodicity, JPEG grid,
    /// noise statistics) that the forensic features read. That is deliberate —
    /// the robustness evaluation measures exactly that loss (Wang et al.,
    /// CVPR 2020). Results are rounded to nearest.
    public func resized(width newWidth: Int, height newHeight: Int) -> Image {
        precondition(newWidth > 0 && newHeight > 0, "resize target must have at least one pixel")
        if newWidth == width && newHeight == height { return self }
        let ch = channels, w = width, h = height
        func taps(_ outCount: Int, _ inCount: Int) -> [(Int, Int, Float)] {
            let ratio = Double(inCount) / Double(outCount)
            return (0..<outCount).map { u in
                let s = min(max((Double(u) + 0.5) * ratio - 0.5, 0), Double(inCount - 1))
                let i0 = Int(s)
                return (i0, min(i0 + 1, inCount - 1), Float(s - Double(i0)))
            }
        }
        let xt = taps(newWidth, w), yt = taps(newHeight, h)
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * ch)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { o in
                for (v, (y0, y1, fy)) in yt.enumerated() {
                    let r0 = src.baseAddress! + y0 * w * ch, r1 = src.baseAddress! + y1 * w * ch
                    let orow = o.baseAddress! + v * newWidth * ch
                    for (u, (x0, x1, fx)) in xt.enumerated() {
                        for c in 0..<ch {
                            let a = Float(r0[x0 * ch + c]) * (1 - fx) + Float(r0[x1 * ch + c]) * fx
                            let b = Float(r1[x0 * ch + c]) * (1 - fx) + Float(r1[x1 * ch + c]) * fx
                            orow[u * ch + c] = UInt8(min(max((a * (1 - fy) + b * fy).rounded(), 0), 255))
                        }
                    }
                }
            }
        }
        return Image(width: newWidth, height: newHeight, channels: ch, pixels: out)
    }
}
