import TelltaleImaging

extension FeatureExtractor {
    /// Tiles computed per call of ``extract(batch:)`` by ``extract(_:tiles:)``: the float
    /// planes of at most this many tiles exist at once, whatever the image's size.
    public static let tileChunk = 8

    /// The crops whose vectors make a `width × height` image's row, in image coordinates:
    /// without a tiling, the centre crop; with one, ``Tiling/tiles(side:width:height:)``, or
    /// for an image shorter than `cropSize` in either direction its largest centred square
    /// (today's small-image rule).
    /// - Throws: ``FeatureError/imageTooSmall(width:height:required:)`` as ``prepare(_:)`` does;
    ///   ``FeatureError/tooFewTiles(width:height:tiles:minimum:)`` below ``Tiling/minTiles``.
    public func tiles(width: Int, height: Int) throws(FeatureError) -> [PixelRegion] {
        let s = configuration.cropSize
        var tiles = configuration.tiling?.tiles(side: s, width: width, height: height) ?? []
        if tiles.isEmpty { tiles = [try centreRegion(width: width, height: height)] }
        if let minimum = configuration.tiling?.minTiles, tiles.count < minimum {
            throw .tooFewTiles(width: width, height: height, tiles: tiles.count, minimum: minimum)
        }
        return tiles
    }

    /// The centre crop of a `width × height` image, as ``prepare(_:)`` takes it (the largest
    /// centred square of a smaller image), refusing what it refuses.
    func centreRegion(width: Int, height: Int) throws(FeatureError) -> PixelRegion {
        let s = configuration.cropSize, shorter = min(width, height)
        if shorter < s && (configuration.smallImages == .skip || shorter < FeatureConfiguration.minimumSide) {
            throw .imageTooSmall(width: width, height: height,
                                 required: configuration.smallImages == .skip ? s : FeatureConfiguration.minimumSide)
        }
        return PixelRegion.centreSquare(side: s, inWidth: width, height: height)
    }

    /// What to ask the decoder for, for an image of `width × height` (from its header): the
    /// rectangle holding all its tiles — for the centre mode the same centred square as
    /// ``decodeOptions``. Throws as ``tiles(width:height:)``.
    ///
    /// Memory: the decoder counts the rectangle's pixels against
    /// ``DecodeOptions/memoryBudget``; ``DecodeOptions/workingCopies`` adds the tile crops
    /// and float planes of one chunk of ``tileChunk`` tiles (``tileWorkingBytes(tiles:channels:)``).
    public func decodeOptions(width: Int, height: Int, channels: Int) throws(FeatureError)
        -> (options: DecodeOptions, tiles: [PixelRegion]) {
        let tiles = try tiles(width: width, height: height)
        guard configuration.tiling != nil, let box = Tiling.bounds(of: tiles) else { return (decodeOptions, tiles) }
        var options = DecodeOptions(crop: .region(box))
        let decoded = box.width * box.height * max(1, channels)
        options.workingCopies = Double(tileWorkingBytes(tiles: tiles, channels: channels)) / Double(decoded)
        return (options, tiles.map { PixelRegion(x: $0.x - box.x, y: $0.y - box.y, width: $0.width, height: $0.height) })
    }

    /// Bytes ``extract(_:tiles:)`` holds beyond the image: for each tile of the largest
    /// chunk, its pixel crop and its luminance (`Float` and `Int32`, 8 bytes a pixel), and
    /// with RGB planes 12 bytes a pixel more.
    public func tileWorkingBytes(tiles: [PixelRegion], channels: Int) -> Int {
        let perPixel = max(1, channels) + 8 + (configuration.colour == .rgb ? 12 : 0)
        return tiles.prefix(Self.tileChunk).reduce(0) { $0 + $1.width * $1.height * perPixel }
    }

    /// One row from the tiles of `image` (regions in `image`'s coordinates, as
    /// ``tiles(width:height:)`` gives them, or shifted to a decoded rectangle): each tile's
    /// vector by the families (``tileChunk`` tiles per batch), aggregated by the tiling
    /// (``Tiling/aggregate(_:)``; the mean when the configuration has no tiling). One tile
    /// gives its vector unchanged — for the centre crop, ``extract(_:)``'s bit for bit.
    public func extract(_ image: Image, tiles: [PixelRegion]) -> [Float] {
        var accumulator = Tiling.Accumulator(count: 0)
        forEachBatch(of: image, tiles: tiles) { for v in $0 { accumulator.add(v) } }
        return accumulator.result(configuration.tiling?.aggregation ?? .mean)
    }

    /// Each tile's own vector, in tile order (``Tiling/Aggregation/tileRows``): the rows
    /// ``extract(_:tiles:)`` would average, computed ``tileChunk`` tiles per batch.
    public func extractTiles(_ image: Image, tiles: [PixelRegion]) -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(tiles.count)
        forEachBatch(of: image, tiles: tiles) { vectors += $0 }
        return vectors
    }

    /// The vectors of `tiles`, in order, ``tileChunk`` at a time (so at most that many tile
    /// copies exist at once); a tile covering the whole image is not copied.
    private func forEachBatch(of image: Image, tiles: [PixelRegion], _ body: ([[Float]]) -> Void) {
        precondition(!tiles.isEmpty, "no tiles")
        var start = 0
        while start < tiles.count {
            let chunk = tiles[start..<min(start + Self.tileChunk, tiles.count)]
            let inputs = chunk.map { tile in
                tile == PixelRegion(x: 0, y: 0, width: image.width, height: image.height)
                    ? FeatureInput(image: image) : FeatureInput(image: image.cropped(to: tile))
            }
            body(extract(batch: inputs))
            start += Self.tileChunk
        }
    }
}
