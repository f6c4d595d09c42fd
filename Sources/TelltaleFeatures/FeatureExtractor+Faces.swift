import TelltaleFaces
import TelltaleImaging

extension FeatureExtractor {
    /// One row of a face-crop configuration: a judged face and its region, or — when the
    /// image shows none and ``FaceCrop/noFace`` falls back — the region used instead (`face` nil).
    public struct FaceRow: Sendable {
        public var face: Face?
        /// The pixels judged, in the image's coordinates (the bounds of the tiles for a fallback).
        public var region: PixelRegion
        public var vector: [Float]
    }

    /// The tiles judging `region` of an image, in the image's coordinates: the configuration's
    /// tiling (the default ``Tiling`` without one) laid over the region as over a whole image —
    /// `S × S` tiles nearest the region's centre first, capped — or, for a region shorter than
    /// `S`, its largest centred square.
    public func tiles(in region: PixelRegion) -> [PixelRegion] {
        let s = configuration.cropSize
        var tiles = (configuration.tiling ?? Tiling()).tiles(side: s, width: region.width, height: region.height)
        if tiles.isEmpty { tiles = [PixelRegion.centreSquare(side: s, inWidth: region.width, height: region.height)] }
        return tiles.map { PixelRegion(x: $0.x + region.x, y: $0.y + region.y, width: $0.width, height: $0.height) }
    }

    /// The rows of a face-crop configuration for a decoded image (``FaceCrop``): each judged
    /// face's region, its tiles' vectors aggregated (``extract(_:tiles:)``) followed by the
    /// `face-context` values of the face on its whole region (``FaceContextFamily``) when selected,
    /// largest face first; with no face, the fallback's one row (never with `face-context`:
    /// validation refuses it), or ``FeatureError/noFaceFound``.
    /// - Precondition: the configuration has a face crop.
    public func faceRows(_ image: Image) throws(FeatureError) -> [FaceRow] {
        guard let crop = configuration.faces, let detector = faceDetector else {
            preconditionFailure("faceRows needs a face-crop configuration")
        }
        let faces: [Face]
        do {
            faces = try detector.faces(in: image, parameters: crop.detection)
        } catch {
            throw .faceDetection("\(error)")
        }
        let judged = crop.judged(faces, width: image.width, height: image.height)
        guard judged.isEmpty else {
            return judged.map { face, region in
                // Without per-crop families (face-context alone) no tile is computed.
                var vector = families.isEmpty ? [] : extract(image, tiles: tiles(in: region))
                if let faceContext { vector += faceContext.extract(image, face: face, region: region) }
                return FaceRow(face: face, region: region, vector: vector)
            }
        }
        let fallback: [PixelRegion]
        switch crop.noFace {
        case .fail:
            throw .noFaceFound
        case .centre:
            fallback = [try centreRegion(width: image.width, height: image.height)]
        case .whole:
            let grid = (configuration.tiling ?? Tiling()).tiles(side: configuration.cropSize, width: image.width, height: image.height)
            fallback = grid.isEmpty ? [try centreRegion(width: image.width, height: image.height)] : grid
        }
        // `bounds` of a non-empty list is never nil.
        return [FaceRow(face: nil, region: Tiling.bounds(of: fallback) ?? fallback[0], vector: extract(image, tiles: fallback))]
    }
}
