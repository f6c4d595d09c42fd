import CTelltaleShim
import Foundation
import TelltaleTestSupport
@testable import TelltaleImaging

/// TIFF test files, written by libtiff through the shim (tt_tiff_encode), and the
/// directory surgery the bad-input tests need.
extension WebPTIFF {
    /// How a test TIFF is laid out (see tt_tiff_params).
    struct TIFFSpec: CustomStringConvertible {
        var width = 37
        var height = 29
        var samplesPerPixel = 3
        var bits = 8
        var photometric = 2
        var compression = 1
        var planar = 1
        var tile: Int? = nil
        var rowsPerStrip = 4
        var extraSamples = 0
        var sampleFormat = 0
        var predictor = 0
        var jpegQuality = 0
        var bigEndian = false
        var bigTIFF = false
        var extraPages = 0
        var colormap: [UInt16] = []

        var description: String {
            "\(width)×\(height) spp \(samplesPerPixel) \(bits)-bit photometric \(photometric) compression \(compression) "
                + "planar \(planar) \(tile.map { "tiles \($0)" } ?? "rps \(rowsPerStrip)") extra \(extraSamples)"
                + (bigEndian ? " MM" : "") + (bigTIFF ? " BigTIFF" : "") + (predictor > 0 ? " predictor \(predictor)" : "")
        }
    }

    /// A TIFF written by libtiff from `samples`, one value per sample, pixel-interleaved
    /// (`[y][x][s]`), whatever the planar configuration; packed here into TIFF's layout.
    static func tiff(_ spec: TIFFSpec, samples: [UInt32]) throws -> [UInt8] {
        precondition(samples.count == spec.width * spec.height * spec.samplesPerPixel)
        var layout: [UInt8] = []
        let planes = spec.planar == 2 ? spec.samplesPerPixel : 1
        let perRow = spec.planar == 2 ? 1 : spec.samplesPerPixel
        for plane in 0..<planes {
            for y in 0..<spec.height {
                var row: [UInt32] = []
                for x in 0..<spec.width {
                    for s in 0..<perRow {
                        row.append(samples[(y * spec.width + x) * spec.samplesPerPixel + (planes > 1 ? plane : s)])
                    }
                }
                layout += pack(row, bits: spec.bits)
            }
        }
        var params = tt_tiff_params()
        params.width = UInt32(spec.width)
        params.height = UInt32(spec.height)
        params.samples_per_pixel = Int32(spec.samplesPerPixel)
        params.bits_per_sample = Int32(spec.bits)
        params.photometric = Int32(spec.photometric)
        params.compression = Int32(spec.compression)
        params.planar = Int32(spec.planar)
        params.tile_width = UInt32(spec.tile ?? 0)
        params.tile_height = UInt32(spec.tile ?? 0)
        params.rows_per_strip = UInt32(spec.rowsPerStrip)
        params.extra_samples = Int32(spec.extraSamples)
        params.sample_format = Int32(spec.sampleFormat)
        params.predictor = Int32(spec.predictor)
        params.jpeg_quality = Int32(spec.jpegQuality)
        params.big_endian = spec.bigEndian ? 1 : 0
        params.bigtiff = spec.bigTIFF ? 1 : 0
        params.extra_pages = Int32(spec.extraPages)
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var err = tt_error()
        let status = layout.withUnsafeBufferPointer { l in
            spec.colormap.withUnsafeBufferPointer { map in
                params.colormap = map.baseAddress
                return tt_tiff_encode(l.baseAddress, &params, &out, &size, &err)
            }
        }
        defer { tt_free(out) }
        guard status == 0, let out else { throw EncodeFailure(message: "\(spec): \(ImageDecoder.message(err))") }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// Samples packed MSB first (sub-byte, the row padded to a byte) or as host-order UInt16.
    static func pack(_ values: [UInt32], bits: Int) -> [UInt8] {
        switch bits {
        case 8: return values.map { UInt8($0) }
        case 16: return values.flatMap { v in withUnsafeBytes(of: UInt16(v)) { Array($0) } }
        default:  // any other width, bit by bit (host order is not needed: only 8 and 16 are swapped)
            var out = [UInt8](repeating: 0, count: (values.count * bits + 7) / 8)
            for (i, v) in values.enumerated() {
                for k in 0..<bits where (v >> UInt32(bits - 1 - k)) & 1 == 1 {
                    let bit = i * bits + k
                    out[bit / 8] |= UInt8(0x80 >> (bit % 8))
                }
            }
            return out
        }
    }

    /// Deterministic sample values below 2^bits.
    static func randomSamples(_ count: Int, bits: Int, seed: UInt64 = 7) -> [UInt32] {
        SeededData.samples(count, bits: bits, seed: seed)
    }

    /// round(v·255/(2^b−1)): the reduction the decoder promises (exact for 1, 2, 4, 8 bits;
    /// for 16 bits the same as PNG's png_set_scale_16).
    static func to8(_ v: UInt32, bits: Int) -> UInt8 {
        let max = Double((1 << bits) - 1)
        return UInt8((Double(v) * 255 / max).rounded())
    }

    // MARK: TIFF surgery (classic little-endian TIFF only)

    static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func le32(_ b: [UInt8], _ i: Int) -> Int { le16(b, i) | le16(b, i + 2) << 16 }

    /// Where element `index` of `tag`'s value sits in the first IFD, and its size (2 or 4).
    static func location(_ b: [UInt8], tag: Int, index: Int = 0) -> (offset: Int, size: Int)? {
        precondition(b[0] == 0x49 && b[2] == 42, "classic little-endian TIFF only")
        let ifd = le32(b, 4)
        for e in 0..<le16(b, ifd) {
            let entry = ifd + 2 + 12 * e
            guard le16(b, entry) == tag else { continue }
            let type = le16(b, entry + 2), count = le32(b, entry + 4)
            let size = type == 3 ? 2 : 4
            guard index < count else { return nil }
            let base = count * size <= 4 ? entry + 8 : le32(b, entry + 8)
            return (base + index * size, size)
        }
        return nil
    }

    static func value(_ b: [UInt8], tag: Int, index: Int = 0) -> Int? {
        location(b, tag: tag, index: index).map { $0.size == 2 ? le16(b, $0.offset) : le32(b, $0.offset) }
    }

    static func patch(_ b: inout [UInt8], tag: Int, index: Int = 0, to value: Int) {
        guard let at = location(b, tag: tag, index: index) else { fatalError("no tag \(tag)") }
        for k in 0..<at.size { b[at.offset + k] = UInt8((value >> (8 * k)) & 0xFF) }
    }

    static let imageWidth = 256, imageLength = 257, stripOffsets = 273, rowsPerStrip = 278, stripByteCounts = 279
    static let tileWidth = 322, tileLength = 323, tileOffsets = 324, tileByteCounts = 325
}
