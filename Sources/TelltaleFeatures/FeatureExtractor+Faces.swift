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
    /// face's region, its tiles' vectors aggregated (``extract(_:tiles:)``), largest face
    /// first; with no face, the fallback's one row, or ``FeatureError/noFaceFound``.
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
        let smallest = configuration.smallImages == .skip ? configuration.cropSize : FeatureConfiguration.minimumSide
        let judged = crop.judged(faces, width: image.width, height: image.height, minimumSide: smallest)
        if !judged.isEmpty && !crop.aligned {
            return judged.map { FaceRow(face: $0.face, region: $0.region, vector: extract(image, tiles: tiles(in: $0.region))) }
        }
        if !judged.isEmpty {
            // One aligned S × S crop per face (a face whose landmarks coincide has none); its
            // region is the crop's footprint in the image.
            let s = configuration.cropSize
            // ``tileChunk`` crops per batch, as tiles are computed.
            var rows: [FaceRow] = []
            for start in stride(from: 0, to: judged.count, by: Self.tileChunk) {
                let aligned = judged[start..<min(start + Self.tileChunk, judged.count)].compactMap { j in
                    FaceCrop.alignment(of: j.face, side: s).flatMap { t in
                        FaceCrop.alignedCrop(image, transform: t, side: s).map { (j.face, FaceCrop.footprint(of: t, side: s, width: image.width, height: image.height), $0) }
                    }
                }
                guard !aligned.isEmpty else { continue }
                let vectors = extract(batch: aligned.map { FeatureInput(image: $0.2) })
                rows += zip(aligned, vectors).map { FaceRow(face: $0.0, region: $0.1, vector: $1) }
            }
            if !rows.isEmpty { return rows }
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
