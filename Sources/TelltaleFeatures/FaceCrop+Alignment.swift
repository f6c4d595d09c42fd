import TelltaleFaces
import TelltaleImaging

/// A 2-D similarity transform `q = M p + t` with `M = [[a, −b], [b, a]]` (a rotation by
/// `atan2(b, a)` and a scaling by `√(a² + b²)`).
public struct SimilarityTransform: Sendable, Hashable {
    public var a: Double
    public var b: Double
    public var tx: Double
    public var ty: Double

    public init(a: Double, b: Double, tx: Double, ty: Double) {
        self.a = a
        self.b = b
        self.tx = tx
        self.ty = ty
    }

    /// The least-squares similarity taking `source` points to `target` points (Umeyama 1991,
    /// in two dimensions): with both sets centred on their means p̄ and q̄,
    /// `a = Σ(pₓqₓ + p_yq_y) / Σ|p|²`, `b = Σ(pₓq_y − p_yqₓ) / Σ|p|²`, `t = q̄ − M p̄`.
    /// Nil when the source points coincide (no scale can be found).
    public static func fitting(_ source: [(x: Double, y: Double)], to target: [(x: Double, y: Double)]) -> SimilarityTransform? {
        precondition(source.count == target.count && !source.isEmpty, "point lists differ")
        let n = Double(source.count)
        let px = source.reduce(0) { $0 + $1.x } / n, py = source.reduce(0) { $0 + $1.y } / n
        let qx = target.reduce(0) { $0 + $1.x } / n, qy = target.reduce(0) { $0 + $1.y } / n
        var norm = 0.0, dot = 0.0, cross = 0.0
        for (p, q) in zip(source, target) {
            let (ux, uy, vx, vy) = (p.x - px, p.y - py, q.x - qx, q.y - qy)
            norm += ux * ux + uy * uy
            dot += ux * vx + uy * vy
            cross += ux * vy - uy * vx
        }
        guard norm > 0 else { return nil }
        let a = dot / norm, b = cross / norm
        return SimilarityTransform(a: a, b: b, tx: qx - (a * px - b * py), ty: qy - (b * px + a * py))
    }

    /// `M p + t`.
    public func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (a * x - b * y + tx, b * x + a * y + ty)
    }

    /// The inverse transform (nil for a zero scale).
    public var inverse: SimilarityTransform? {
        let d = a * a + b * b
        guard d > 0 else { return nil }
        // M⁻¹ = [[a, b], [−b, a]] / d; t' = −M⁻¹ t.
        let ia = a / d, ib = -b / d
        return SimilarityTransform(a: ia, b: ib, tx: -(ia * tx - ib * ty), ty: -(ib * tx + ia * ty))
    }
}

extension FaceCrop {
    /// Where an aligned crop puts the landmarks, as fractions of its side `S`: the centres of
    /// the subject's right eye (iBUG 36–41, on the image's left) and left eye (42–47) at
    /// (0.35, 0.40) and (0.65, 0.40), the mouth's centre (48–67) at (0.50, 0.75) — eyes 0.3 S
    /// apart, as the face-forensics benchmarks' aligned crops place them, with the face's
    /// outline inside the crop.
    public static let alignedTemplate: [(x: Double, y: Double)] = [(0.35, 0.40), (0.65, 0.40), (0.50, 0.75)]

    /// The similarity taking `face`'s eye and mouth centres to ``alignedTemplate`` in an
    /// `S × S` crop (least squares over the three points); nil without landmarks or for
    /// landmarks that coincide.
    public static func alignment(of face: Face, side: Int) -> SimilarityTransform? {
        guard face.landmarks.count == 68 else { return nil }
        let source = [face.centre(of: Face.rightEye), face.centre(of: Face.leftEye), face.centre(of: Face.mouth)]
        let s = Double(side)
        return SimilarityTransform.fitting(source, to: alignedTemplate.map { (x: $0.x * s, y: $0.y * s) })
    }

    /// Where an aligned `side × side` crop lies in a `width × height` image: the smallest
    /// rectangle holding its four corners mapped back by the inverse transform, clipped to the
    /// image (the crop repeats edge pixels beyond it).
    public static func footprint(of transform: SimilarityTransform, side: Int, width: Int, height: Int) -> PixelRegion {
        guard let inverse = transform.inverse else { return PixelRegion(x: 0, y: 0, width: width, height: height) }
        let s = Double(side)
        let corners = [(0.0, 0.0), (s, 0), (0, s), (s, s)].map { inverse.apply($0.0, $0.1) }
        let x0 = max(0, Int(corners.map(\.x).min()!.rounded(.down))), y0 = max(0, Int(corners.map(\.y).min()!.rounded(.down)))
        let x1 = min(width, Int(corners.map(\.x).max()!.rounded(.up))), y1 = min(height, Int(corners.map(\.y).max()!.rounded(.up)))
        return PixelRegion(x: min(x0, width - 1), y: min(y0, height - 1), width: max(1, x1 - min(x0, width - 1)),
                           height: max(1, y1 - min(y0, height - 1)))
    }

    /// The `side × side` aligned crop of `image`: output pixel `(u, v)` samples the image at
    /// the inverse transform of its centre, `(x, y) = T⁻¹(u + ½, v + ½) − ½`, by bilinear
    /// interpolation (coordinates clamped to the image, so the border is the edge pixels
    /// repeated), rounded to nearest. Resampling rewrites the pixel grid (JPEG blocks,
    /// up-sampling periodicity, noise), so aligned crops suit the face's content, not
    /// grid-level traces; the native-resolution region is the default for that reason.
    public static func alignedCrop(_ image: Image, transform: SimilarityTransform, side: Int) -> Image? {
        guard let inverse = transform.inverse, side > 0 else { return nil }
        let c = image.channels, w = image.width, h = image.height
        var out = [UInt8](repeating: 0, count: side * side * c)
        image.pixels.withUnsafeBufferPointer { p in
            for v in 0..<side {
                for u in 0..<side {
                    let (sx, sy) = inverse.apply(Double(u) + 0.5, Double(v) + 0.5)
                    let x = min(max(sx - 0.5, 0), Double(w - 1)), y = min(max(sy - 0.5, 0), Double(h - 1))
                    let x0 = Int(x), y0 = Int(y), x1 = min(x0 + 1, w - 1), y1 = min(y0 + 1, h - 1)
                    let fx = x - Double(x0), fy = y - Double(y0)
                    for k in 0..<c {
                        let top = Double(p[(y0 * w + x0) * c + k]) * (1 - fx) + Double(p[(y0 * w + x1) * c + k]) * fx
                        let bottom = Double(p[(y1 * w + x0) * c + k]) * (1 - fx) + Double(p[(y1 * w + x1) * c + k]) * fx
                        out[(v * side + u) * c + k] = UInt8(min(255, max(0, (top * (1 - fy) + bottom * fy).rounded())))
                    }
                }
            }
        }
        return Image(width: side, height: side, channels: c, pixels: out)
    }
}
