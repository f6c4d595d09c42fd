import TelltaleFaces

extension FeatureConfiguration {
    /// The smallest square side any family accepts, under every small-image policy.
    public static let minimumSide = 8

    /// Throws the first problem found: version, family names, crop size, and the
    /// parameters of every selected family.
    public func validate() throws(FeatureError) {
        guard version == Self.currentVersion else {
            throw .unsupportedVersion(found: version, supported: Self.currentVersion)
        }
        guard !families.isEmpty else { throw .noFamilies }
        var seen = Set<String>()
        for name in families {
            guard FeatureRegistry.names.contains(name) else {
                throw .unknownFamily(name: name, valid: FeatureRegistry.names)
            }
            guard seen.insert(name).inserted else { throw .duplicateFamily(name: name) }
        }
        try Self.require(cropSize >= Self.minimumSide, "preprocessing", "cropSize", cropSize,
                         "must be at least \(Self.minimumSide)")
        if families.contains(SpectrumFamily.name) {
            try Self.require(spectrum.bins >= 1, SpectrumFamily.name, "bins", spectrum.bins, "must be positive")
            try Self.require(spectrum.epsilon > 0 && spectrum.epsilon.isFinite, SpectrumFamily.name,
                             "epsilon", spectrum.epsilon, "must be positive and finite")
        }
        if families.contains(DCTFamily.name) {
            if let g = dct.grid {
                try Self.require(g >= 1 && g <= cropSize, DCTFamily.name, "grid", g, "must be in 1…cropSize")
            }
            try Self.require(dct.epsilon > 0 && dct.epsilon.isFinite, DCTFamily.name,
                             "epsilon", dct.epsilon, "must be positive and finite")
        }
        if families.contains(ResidualSpectrumFamily.name) {
            let p = residualSpectrum
            try Self.require(p.bins >= 1, ResidualSpectrumFamily.name, "bins", p.bins, "must be positive")
            try Self.require(p.grid >= 1 && p.grid <= cropSize, ResidualSpectrumFamily.name, "grid", p.grid,
                             "must be in 1…cropSize")
            try Self.require(p.epsilon > 0 && p.epsilon.isFinite, ResidualSpectrumFamily.name,
                             "epsilon", p.epsilon, "must be positive and finite")
        }
        if let n = neutralisation {
            try Self.require(n.cropSize >= Self.minimumSide, "neutralisation", "cropSize", n.cropSize,
                             "must be at least \(Self.minimumSide)")
            try Self.require((1...100).contains(n.jpegQuality), "neutralisation", "jpegQuality", n.jpegQuality,
                             "must be in 1…100")
            if faces == nil, tiling == nil {
                try Self.require(n.cropSize == cropSize, "neutralisation", "cropSize", n.cropSize,
                                 "must be the crop size (\(cropSize)) without a tiling: the features take the S×S centre")
            } else if faces == nil {
                try Self.require(n.cropSize > cropSize, "neutralisation", "cropSize", n.cropSize,
                                 "must exceed the crop size (\(cropSize)) with a grid tiling: the tiles are laid on the "
                                 + "neutralised square, and a square of side S is one tile")
            }
        }
        if let t = tiling {
            try Self.require((1...Tiling.maxTilesLimit).contains(t.maxTiles), "tiling", "maxTiles", t.maxTiles,
                             "must be in 1…\(Tiling.maxTilesLimit)")
            try Self.require(t.minTiles >= 1 && t.minTiles <= t.maxTiles, "tiling", "minTiles", t.minTiles,
                             "must be in 1…maxTiles (\(t.maxTiles))")
        }
        if let face = families.first(where: FeatureRegistry.faceNames.contains) {
            guard let f = faces else {
                throw .needsFaces(family: face, reason: "it is computed only with a face crop (--crop face)")
            }
            guard f.noFace == .fail else {
                throw .needsFaces(family: face, reason: "an image without a face falls back to a face-less row "
                                  + "(--no-face \(f.noFace.rawValue)); use --no-face fail")
            }
            let p = faceContext ?? .init()
            try Self.require(p.bandFraction > 0 && p.bandFraction <= 0.5, face, "bandFraction", p.bandFraction, "must be in (0, 0.5]")
            try Self.require(p.minimumBand >= 1 && p.minimumBand <= 64, face, "minimumBand", p.minimumBand, "must be in 1…64")
        }
        if let f = faces {
            try Self.require(f.margin >= 1 && f.margin <= 4, "faces", "margin", f.margin, "must be in 1…4")
            try Self.require((1...FaceDetector.maxFaces).contains(f.maxFaces), "faces", "maxFaces", f.maxFaces,
                             "must be in 1…\(FaceDetector.maxFaces)")
            let d = f.detection
            try Self.require(d.detectionSide == 0 || d.detectionSide >= 80, "faces", "detectionSide", d.detectionSide,
                             "must be 0 (never shrink) or at least 80 (dlib's smallest face)")
            try Self.require(d.padding >= 0 && d.padding <= 1, "faces", "padding", d.padding, "must be in 0…1")
            try Self.require((0...2).contains(d.upsample), "faces", "upsample", d.upsample, "must be 0, 1 or 2")
            try Self.require(d.threshold.isFinite && abs(d.threshold) <= 10, "faces", "threshold", d.threshold,
                             "must be in -10…10")
            try Self.require(neutralisation == nil, "faces", "neutralisation", "given",
                             "neutralisation crops every image to its centre, so no face would be judged")
            try Self.require((tiling?.minTiles ?? 1) == 1, "faces", "minTiles", tiling?.minTiles ?? 1,
                             "a face region is judged from the tiles it holds (one when small): no minimum applies")
            try Self.require(tiling != nil, "faces", "tiling", "none",
                             "the face crop lays a grid tiling over each face's region (Tiling(), by default)")
            try Self.require(!f.aligned || tiling == Tiling(), "faces", "tiling", "given",
                             "an aligned face is one S×S crop: the tiling's options (grid-square, maxTiles, mean+std) do not apply")
            try Self.require(tiling?.aggregation != .tileRows, "faces", "tiling", "tile-rows",
                             "a face is one row (its tiles aggregated); tile rows of faces are not supported")
        }
        try validateResidualFamilies()
    }

    /// The residual families validate their own parameters; their errors become ``FeatureError``s.
    private func validateResidualFamilies() throws(FeatureError) {
        do {
            if families.contains(ResidualFamily.name) { try residual.validate() }
            if families.contains(SPAMFamily.name) { try spam.validate() }
            if families.contains(NPRFamily.name) { try npr.validate() }
            if families.contains(ColourCorrelationFamily.name) { try colourCorrelation.validate() }
        } catch {
            throw .invalidParameter(family: error.family, parameter: "parameters", value: "", reason: error.reason)
        }
    }

    private static func require(_ condition: Bool, _ family: String, _ parameter: String,
                                _ value: some CustomStringConvertible, _ reason: String) throws(FeatureError) {
        if !condition {
            throw .invalidParameter(family: family, parameter: parameter, value: value.description, reason: reason)
        }
    }
}
