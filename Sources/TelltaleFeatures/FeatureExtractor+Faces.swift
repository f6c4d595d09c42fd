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

    /// The tiles judging `region` of an image, in the image's coordinates: the region tiled as a
    /// whole image is (``tiles(width:height:)``) — `S × S` tiles nearest the region's centre
    /// first, capped — or, for a region shorter than `S`, its largest centred square.
    /// - Throws: as ``tiles(width:height:)``; never for a region ``FaceCrop/judged(_:width:height:minimumSide:)`` keeps.
    public func tiles(in region: PixelRegion) throws(FeatureError) -> [PixelRegion] {
        try tiles(width: region.width, height: region.height)
            .map { PixelRegion(x: $0.x + region.x, y: $0.y + region.y, width: $0.width, height: $0.height) }
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
        let smallest = configuration.smallImages == .skip ? configuration.cropSize : FeatureConfiguration.minimumSide
        let judged = crop.judged(faces, width: image.width, height: image.height, minimumSide: smallest)
        if !judged.isEmpty && !crop.aligned {
            return try judged.map { (face, region) throws(FeatureError) in
                // Without per-crop families (face-context alone) no tile is computed.
                var vector = families.isEmpty ? [] : extract(image, tiles: try tiles(in: region))
                if let faceContext { vector += faceContext.extract(image, face: face, region: region) }
                return FaceRow(face: face, region: region, vector: vector)
            }
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
                        FaceCrop.alignedCrop(image, transform: t, side: s).map { (j, FaceCrop.footprint(of: t, side: s, width: image.width, height: image.height), $0) }
                    }
                }
                guard !aligned.isEmpty else { continue }
                let vectors = extract(batch: aligned.map { FeatureInput(image: $0.2) })
                rows += zip(aligned, vectors).map { a, v in
                    // face-context reads the face in place, over its (unaligned) region.
                    let context = faceContext.map { $0.extract(image, face: a.0.face, region: a.0.region) } ?? []
                    return FaceRow(face: a.0.face, region: a.1, vector: v + context)
                }
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
            fallback = try tiles(width: image.width, height: image.height)
        }
        // `bounds` of a non-empty list is never nil.
        return [FaceRow(face: nil, region: Tiling.bounds(of: fallback) ?? fallback[0], vector: extract(image, tiles: fallback))]
    }
}
