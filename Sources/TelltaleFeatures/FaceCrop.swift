import TelltaleFaces
import TelltaleImaging

/// The face crop (`--crop face`): features judged on the faces an image shows, at native
/// resolution (never resized), instead of its centre.
///
/// For each face dlib finds (``TelltaleFaces/FaceDetector``, with ``detection``), largest
/// box first, at most ``maxFaces``:
/// - its **region** is the detector's square box enlarged by ``margin`` about its centre —
///   side `round(margin · max(w, h))`, corner `round(centre − side / 2)` — and clipped to the
///   image (so a face at the edge gives a rectangle);
/// - the region is judged as the whole image is by a grid tiling (``Tiling``, area
///   ``Tiling/Area/whole`` over the region; the configuration's ``FeatureConfiguration/tiling``
///   caps the tiles and aggregates them, the mean by default): `⌊w/S⌋ × ⌊h/S⌋` tiles of
///   `S × S`, nearest the region's centre first; a region shorter than `S` is one tile, its
///   largest centred square, which the families treat as a small image;
/// - a region shorter than ``FeatureConfiguration/minimumSide`` is not judged (too small), nor,
///   under ``SmallImagePolicy/skip``, one shorter than `S`.
///
/// Each face gives one row (like a tile row: its image and its region), and a model scores
/// an image by its highest face (``TelltaleLearning/TileScore/max`` by default). An image
/// with no face follows ``noFace``.
public struct FaceCrop: Codable, Sendable, Hashable {
    /// What an image without a (large enough) face gives.
    public enum NoFace: String, Codable, Sendable, Hashable, CaseIterable {
        /// A failure row with the reason `no face found`.
        case fail
        /// One row from the centre `S × S` crop, as without the face crop.
        case centre
        /// One row from the whole image's grid of tiles (``Tiling`` over the image).
        case whole
    }

    /// The default margin: the box enlarged 1.3× (as measured in issue 13's motivation).
    public static let defaultMargin = 1.3
    /// The default number of faces judged per image.
    public static let defaultMaxFaces = 4

    /// How much the detector's box is enlarged (1 = the box itself; 1…4).
    public var margin: Double
    /// At most this many faces per image, the largest first (1…``TelltaleFaces/FaceDetector/maxFaces``).
    public var maxFaces: Int
    public var noFace: NoFace
    public var detection: FaceDetector.Parameters
    /// Instead of the region's tiles, one `S × S` crop per face, similarity-aligned (eyes and
    /// mouth at fixed places, ``alignedCrop(_:transform:side:)``) and resampled. `margin` then
    /// plays no part (the template decides the framing).
    public var aligned: Bool

    public init(margin: Double = FaceCrop.defaultMargin, maxFaces: Int = FaceCrop.defaultMaxFaces,
                noFace: NoFace = .fail, detection: FaceDetector.Parameters = .init(), aligned: Bool = false) {
        self.margin = margin
        self.maxFaces = maxFaces
        self.noFace = noFace
        self.detection = detection
        self.aligned = aligned
    }

    private enum CodingKeys: String, CodingKey {
        case margin, maxFaces, noFace, detection, aligned
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        margin = try c.decode(Double.self, forKey: .margin)
        maxFaces = try c.decode(Int.self, forKey: .maxFaces)
        noFace = try c.decode(NoFace.self, forKey: .noFace)
        detection = try c.decode(FaceDetector.Parameters.self, forKey: .detection)
        aligned = try c.decodeIfPresent(Bool.self, forKey: .aligned) ?? false
    }

    /// `aligned` is written only when true, so a region configuration's JSON and hash do not mention it.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(margin, forKey: .margin)
        try c.encode(maxFaces, forKey: .maxFaces)
        try c.encode(noFace, forKey: .noFace)
        try c.encode(detection, forKey: .detection)
        if aligned { try c.encode(aligned, forKey: .aligned) }
    }

    /// The region judged for a face box in a `width × height` image (clipped; nil when the
    /// clipped region is empty).
    public func region(of box: PixelRegion, width: Int, height: Int) -> PixelRegion? {
        let side = Int((margin * Double(max(box.width, box.height))).rounded())
        let cx = Double(box.x) + Double(box.width) / 2, cy = Double(box.y) + Double(box.height) / 2
        let x0 = Int((cx - Double(side) / 2).rounded()), y0 = Int((cy - Double(side) / 2).rounded())
        let x = max(0, x0), y = max(0, y0)
        let x1 = min(width, x0 + side), y1 = min(height, y0 + side)
        guard x1 > x, y1 > y else { return nil }
        return PixelRegion(x: x, y: y, width: x1 - x, height: y1 - y)
    }

    /// The faces judged, largest box first (ties: the detector's order), at most ``maxFaces``,
    /// with their regions; faces whose region is shorter than `minimumSide` (by default
    /// ``FeatureConfiguration/minimumSide``; `S` under ``SmallImagePolicy/skip``) are left out.
    public func judged(_ faces: [Face], width: Int, height: Int,
                       minimumSide: Int = FeatureConfiguration.minimumSide) -> [(face: Face, region: PixelRegion)] {
        let ordered = faces.enumerated().sorted {
            let a = $0.element.box.width * $0.element.box.height, b = $1.element.box.width * $1.element.box.height
            return a != b ? a > b : $0.offset < $1.offset
        }
        return ordered.compactMap { _, face in
            guard let r = region(of: face.box, width: width, height: height),
                  min(r.width, r.height) >= minimumSide else { return nil }
            return (face, r)
        }.prefix(maxFaces).map { $0 }
    }
}

/// What a configuration judges, as the CLI (`--crop`) and bench specs (`crop`) name it: the
/// centre (or the whole image's tiles, by the tiling) or the faces (``FaceCrop``).
public enum CropMode: String, Codable, Sendable, Hashable, CaseIterable {
    case centre
    case face
}

extension FaceCrop {
    /// The face crop the options give (`--crop`, `--face-margin`, `--max-faces`, `--no-face`, or
    /// a bench spec's `crop`, `faceMargin`, `maxFaces`, `noFace`): nil for `centre` (the
    /// default). Options `centre` would ignore are refused, as are out-of-range values; the
    /// caller's `tiling` (`--tiling`) may not be `centre` with faces, and no `minTiles`.
    /// `detectionSide` (`--face-detection-side`) overrides ``TelltaleFaces/FaceDetector/Parameters/detectionSide``.
    public static func from(mode: CropMode?, margin: Double?, maxFaces: Int?, noFace: NoFace?, detectionSide: Int? = nil,
                            aligned: Bool = false, tiling: TilingMode?, minTiles: Int?) throws(FeatureError) -> FaceCrop? {
        guard mode == .face else {
            let ignored = [margin.map { _ in "faceMargin" }, maxFaces.map { _ in "maxFaces" }, noFace.map { _ in "noFace" },
                           detectionSide.map { _ in "faceDetectionSide" }, aligned ? "faceAlign" : nil]
                .compactMap { $0 }
            if let first = ignored.first {
                throw .invalidParameter(family: "faces", parameter: first, value: "given", reason:
                    "only the face crop takes \(ignored.joined(separator: ", "))")
            }
            return nil
        }
        if tiling == .centre {
            throw .invalidParameter(family: "faces", parameter: "tiling", value: "centre", reason:
                "the face crop judges each face's region as a grid of tiles (grid or grid-square)")
        }
        if minTiles != nil {
            throw .invalidParameter(family: "faces", parameter: "minTiles", value: "given", reason:
                "a face region is judged from the tiles it holds (one when small): no minimum applies")
        }
        if aligned && margin != nil {
            throw .invalidParameter(family: "faces", parameter: "faceMargin", value: "given", reason:
                "an aligned crop is framed by its template, not by a margin")
        }
        var crop = FaceCrop(margin: margin ?? defaultMargin, maxFaces: maxFaces ?? defaultMaxFaces, noFace: noFace ?? .fail,
                            aligned: aligned)
        if let side = detectionSide { crop.detection.detectionSide = side }
        var c = FeatureConfiguration()
        c.tiling = Tiling()
        c.faces = crop
        try c.validate()
        return crop
    }

    /// The tiling mode a configuration gets: with the face crop a grid over each face's region
    /// (`grid` unless `grid-square` is given), otherwise the mode given.
    public static func tilingMode(crop: CropMode?, given: TilingMode?) -> TilingMode? {
        crop == .face ? given ?? .grid : given
    }
}
