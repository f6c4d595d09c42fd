/// Azimuthal (ring) averages of a centred spectrum and their resampling to a fixed length.
///
/// Durall, Keuper, Pfreundt & Keuper, "Unmasking DeepFakes with simple Features"
/// (arXiv:1911.00686, 2019) and "Watch your Up-Convolution" (CVPR 2020): the 1-D power
/// spectrum is the mean of the 2-D spectrum over rings of integer radius about the
/// zero frequency (see ``RingMap``), interpolated to a fixed number of points.
public enum AzimuthalAverage {
    /// The mean of `values` (a centred `rows × cols` spectrum, row-major) over each
    /// ring of integer radius, from radius 0 outwards (accumulated in double precision).
    public static func profile(_ values: [Float], rows: Int, cols: Int) -> [Float] {
        precondition(values.count == rows * cols, "spectrum size does not match rows × cols")
        let map = TransformCache.shared.ringMap(rows: rows, cols: cols)
        return profile(values, map: map)
    }

    static func profile(_ values: [Float], map: RingMap) -> [Float] {
        var sums = [Double](repeating: 0, count: map.ringCount)
        values.withUnsafeBufferPointer { v in
            map.ring.withUnsafeBufferPointer { r in
                for i in 0..<v.count { sums[Int(r[i])] += Double(v[i]) }
            }
        }
        return (0..<sums.count).map { Float(sums[$0] / Double(map.count[$0])) }
    }

    /// `profile` linearly interpolated to `bins` equally spaced points spanning the
    /// same range: point `i` sits at `i (L − 1) / (bins − 1)` on the profile of length
    /// `L` — `numpy.interp(linspace(0, 1, bins), linspace(0, 1, L), profile)`. Durall
    /// et al. use `scipy.interpolate.griddata(…, method="cubic")`; linear interpolation
    /// cannot overshoot between rings and is reproduced exactly by any reference.
    /// The output length is `bins` whatever the image size.
    public static func resample(_ profile: [Float], to bins: Int) -> [Float] {
        precondition(!profile.isEmpty && bins > 0, "nothing to resample")
        let l = profile.count
        if l == 1 { return [Float](repeating: profile[0], count: bins) }
        if bins == 1 { return [profile[0]] }
        return (0..<bins).map { i in
            let t = Double(i) * Double(l - 1) / Double(bins - 1)
            let j = min(Int(t), l - 2)
            let f = t - Double(j)
            return Float(Double(profile[j]) * (1 - f) + Double(profile[j + 1]) * f)
        }
    }
}
