/// The IJG (libjpeg) quality scaling, used to estimate the quality a JPEG was
/// saved at from its luminance quantisation table.
///
/// libjpeg's `jpeg_quality_scaling` maps quality q ∈ [1, 100] to a percentage
/// `s = q < 50 ? 5000 / q : 200 − 2q`, and `jpeg_add_quant_table` scales each
/// entry of the standard table of ITU-T T.81 Annex K as
/// `clamp((t·s + 50) / 100, 1, 255)` (integer division, baseline-forced).
/// The estimate is the q whose table is nearest (sum of absolute differences) to
/// the file's; an exact match means the file was written by an IJG-compatible
/// encoder at that quality.
public enum JPEGQuality {
    /// ITU-T T.81 Annex K, Table K.1 (luminance), natural order.
    public static let standardLuminanceTable: [Int] = [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ]

    /// The luminance table libjpeg writes at `quality` (baseline-forced).
    public static func luminanceTable(quality: Int) -> [Int] {
        let q = min(max(quality, 1), 100)
        let scale = q < 50 ? 5000 / q : 200 - 2 * q
        return standardLuminanceTable.map { min(max(($0 * scale + 50) / 100, 1), 255) }
    }

    /// The nearest IJG quality to a luminance table and whether it matches exactly.
    /// Ties go to the higher quality.
    public static func estimate(luminanceTable table: [Int]) -> (quality: Int, exact: Bool) {
        precondition(table.count == 64, "a quantisation table has 64 entries")
        var best = (quality: 1, distance: Int.max)
        for q in 1...100 {
            let candidate = luminanceTable(quality: q)
            var d = 0
            for k in 0..<64 { d += abs(candidate[k] - table[k]) }
            if d <= best.distance { best = (q, d) }
        }
        return (best.quality, best.distance == 0)
    }
}
