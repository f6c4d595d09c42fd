import CTIFF
import CTelltaleShim
import Foundation
import TelltaleTestSupport
import XCTest
@testable import TelltaleImaging

/// TIFF decoding through libtiff: every supported variant round-trips pixel-exact
/// (written by libtiff from known samples), crops equal crops of the full decode,
/// and bad or unsupported files are refused with the reason.
final class TIFFDecodingTests: XCTestCase {
    typealias Spec = WebPTIFF.TIFFSpec

    /// The image the decoder must return for `samples` (pixel-interleaved) under `spec`.
    static func expected(_ spec: Spec, _ samples: [UInt32]) -> Image {
        let grey = spec.photometric == 0 || spec.photometric == 1
        let channels = grey ? 1 : 3
        let max = UInt32((1 << spec.bits) - 1)
        var out: [UInt8] = []
        for p in 0..<(spec.width * spec.height) {
            let pixel = Array(samples[(p * spec.samplesPerPixel)..<((p + 1) * spec.samplesPerPixel)])
            if spec.photometric == 3 {
                let entries = 1 << spec.bits
                for k in 0..<3 { out.append(UInt8(spec.colormap[k * entries + Int(pixel[0])] >> 8)) }
            } else {
                for c in 0..<channels {
                    let v = spec.photometric == 0 ? max - pixel[c] : pixel[c]
                    out.append(WebPTIFF.to8(v, bits: spec.bits))
                }
            }
        }
        return Image(width: spec.width, height: spec.height, channels: channels, pixels: out)
    }

    static func palette(bits: Int) -> [UInt16] {
        let entries = 1 << bits
        return (0..<(3 * entries)).map { i in UInt16((i * 37 + i / entries * 11) % 256) * 257 }
    }

    /// The variants the decoder supports, each written by libtiff.
    static var variants: [Spec] {
        var specs: [Spec] = []
        // Grey, min-is-black and min-is-white, every bit depth.
        for bits in [1, 2, 4, 8, 16] {
            for photometric in [1, 0] {
                specs.append(Spec(samplesPerPixel: 1, bits: bits, photometric: photometric, compression: 1, rowsPerStrip: 3))
            }
        }
        // RGB 8 and 16, contiguous and separate, every common compression.
        for bits in [8, 16] {
            for compression in [1, 5, 8, 32773] {
                for planar in [1, 2] {
                    specs.append(Spec(bits: bits, compression: compression, planar: planar, rowsPerStrip: 5))
                }
            }
        }
        // Bilevel fax compressions, LZMA and Zstandard.
        for compression in [2, 3, 4] {
            specs.append(Spec(samplesPerPixel: 1, bits: 1, photometric: 0, compression: compression, rowsPerStrip: 6))
        }
        specs.append(Spec(bits: 8, compression: 34925))
        specs.append(Spec(bits: 16, compression: 50000, planar: 2))
        // LZW and Deflate with horizontal differencing.
        specs.append(Spec(bits: 8, compression: 5, predictor: 2))
        specs.append(Spec(bits: 16, compression: 8, predictor: 2))
        // Palette, every index depth.
        for bits in [1, 2, 4, 8] {
            specs.append(Spec(samplesPerPixel: 1, bits: bits, photometric: 3, compression: 5, colormap: palette(bits: bits)))
        }
        // Alpha (and an unspecified extra sample) dropped.
        specs.append(Spec(samplesPerPixel: 4, bits: 8, photometric: 2, compression: 8, extraSamples: 1))
        specs.append(Spec(samplesPerPixel: 4, bits: 16, photometric: 2, compression: 1, planar: 2, extraSamples: 1))
        specs.append(Spec(samplesPerPixel: 2, bits: 8, photometric: 1, compression: 32773, extraSamples: 1))
        specs.append(Spec(samplesPerPixel: 5, bits: 8, photometric: 2, compression: 5, extraSamples: 2))
        // Tiles: contiguous and separate, partial tiles at the right and bottom.
        specs.append(Spec(bits: 8, compression: 8, tile: 16))
        specs.append(Spec(bits: 16, compression: 5, planar: 2, tile: 16))
        specs.append(Spec(samplesPerPixel: 1, bits: 4, photometric: 0, compression: 32773, tile: 16))
        specs.append(Spec(samplesPerPixel: 1, bits: 8, photometric: 3, compression: 1, tile: 32, colormap: palette(bits: 8)))
        // Byte order, BigTIFF, several pages, one strip for the whole image.
        specs.append(Spec(bits: 16, compression: 1, bigEndian: true))
        specs.append(Spec(bits: 16, compression: 5, planar: 2, bigEndian: true, bigTIFF: true))
        specs.append(Spec(bits: 8, compression: 8, bigTIFF: true, extraPages: 2))
        specs.append(Spec(samplesPerPixel: 1, bits: 1, photometric: 1, compression: 5, rowsPerStrip: 1000))
        return specs
    }

    static func make(_ spec: Spec, seed: UInt64 = 7) throws -> (bytes: [UInt8], expected: Image) {
        let samples = WebPTIFF.randomSamples(spec.width * spec.height * spec.samplesPerPixel, bits: spec.bits, seed: seed)
        return (try WebPTIFF.tiff(spec, samples: samples), expected(spec, samples))
    }

    func testSniff() {
        XCTAssertEqual(ImageFormat.sniff([0x49, 0x49, 0x2A, 0x00]), .tiff)
        XCTAssertEqual(ImageFormat.sniff([0x4D, 0x4D, 0x00, 0x2A]), .tiff)
        XCTAssertEqual(ImageFormat.sniff([0x49, 0x49, 0x2B, 0x00]), .tiff)  // BigTIFF
        XCTAssertEqual(ImageFormat.sniff([0x4D, 0x4D, 0x00, 0x2B]), .tiff)
        XCTAssertNil(ImageFormat.sniff([0x49, 0x49, 0x2A]))
        XCTAssertNil(ImageFormat.sniff([0x4D, 0x4D, 0x2A, 0x00]))
        XCTAssertThrowsError(try ImageDecoder.decode([0x49, 0x49, 0x2A, 0x00], path: "x.tif")) { error in
            XCTAssertEqual((error as? DecodeError)?.kind, "truncated", "\(error)")
        }
        XCTAssertEqual(DecodeError(path: "x", reason: .unknownFormat).reasonDescription,
                       "not a PNG, JPEG, WebP or TIFF (unrecognised signature)")
    }

    func testEveryVariantRoundTripsExactly() throws {
        for spec in Self.variants {
            let (bytes, expected) = try Self.make(spec)
            let image = try ImageDecoder.decode(bytes, path: "\(spec)")
            XCTAssertEqual(image, expected, "\(spec)")
            // Crops: inside, at every edge, across strip and tile boundaries.
            for r in [PixelRegion(x: 3, y: 5, width: 30, height: 20), PixelRegion(x: 0, y: 0, width: 1, height: 1),
                      PixelRegion(x: 36, y: 28, width: 1, height: 1), PixelRegion(x: 15, y: 15, width: 2, height: 2),
                      PixelRegion(x: 17, y: 0, width: 20, height: 29)] {
                let crop = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .region(r)))
                XCTAssertEqual(crop, expected.cropped(to: r), "\(spec) \(r)")
            }
        }
    }

    /// 16-bit samples are reduced exactly as PNG's are (png_set_scale_16).
    func testSixteenBitMatchesPNG() throws {
        let width = 64, height = 32
        var samples = WebPTIFF.randomSamples(width * height * 3, bits: 16, seed: 3)
        samples[0...5] = [0, 127, 128, 32767, 32768, 65535]
        samples[6...11] = [385, 386, 65407, 65408, 257, 258]
        let tiff = try WebPTIFF.tiff(Spec(width: width, height: height, bits: 16, compression: 8), samples: samples)
        let rows = samples.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let png = try Fixtures.png(rows: rows, rowBytes: width * 6, width: width, height: height, bitDepth: 16, colourType: 2)
        XCTAssertEqual(try ImageDecoder.decode(tiff), try ImageDecoder.decode(png))
    }

    /// libtiff's own RGBA reader (TIFFReadRGBAImageOriented, through a temporary
    /// file): a reference for JPEG-in-TIFF, where it also converts with JPEGCOLORMODE_RGB.
    static func libtiffRGBA(_ bytes: [UInt8]) throws -> Image {
        let directory = try TemporaryDirectory()
        let path = try directory.write("reference.tif", bytes: bytes)
        let tif = try XCTUnwrap(TIFFOpen(path, "r"))
        defer { TIFFClose(tif); withExtendedLifetime(directory) {} }
        let facts = try ImageDecoder.facts(of: bytes)  // (TIFFGetField is variadic: not callable from Swift)
        let w = UInt32(facts.width), h = UInt32(facts.height)
        var raster = [UInt32](repeating: 0, count: Int(w) * Int(h))
        XCTAssertEqual(TIFFReadRGBAImageOriented(tif, w, h, &raster, Int32(ORIENTATION_TOPLEFT), 1), 1)
        // TIFFGetR/G/B: the low three bytes of each ABGR word.
        let pixels = raster.flatMap { [UInt8($0 & 0xFF), UInt8(($0 >> 8) & 0xFF), UInt8(($0 >> 16) & 0xFF)] }
        return Image(width: Int(w), height: Int(h), channels: 3, pixels: pixels)
    }

    func testJPEGInTIFF() throws {
        let width = 72, height = 50
        let source = SyntheticImages.pattern(width: width, height: height, channels: 3)
        let samples = source.pixels.map(UInt32.init)
        for tile in [nil, 16] {
            let spec = Spec(width: width, height: height, photometric: 6, compression: 7, tile: tile,
                            rowsPerStrip: 16, jpegQuality: 90)
            let bytes = try WebPTIFF.tiff(spec, samples: samples)
            let facts = try ImageDecoder.facts(of: bytes)
            XCTAssertEqual(facts.colourType, "ycbcr")
            XCTAssertEqual(facts.compression, "jpeg")
            XCTAssertEqual(facts.chromaSubsampling, "4:2:0")
            let image = try ImageDecoder.decode(bytes)
            XCTAssertEqual(image, try Self.libtiffRGBA(bytes), "\(spec)")
            let meanError = zip(image.pixels, source.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / image.pixels.count
            XCTAssertLessThan(meanError, 16, "\(spec)")  // q90 4:2:0 on a noisy, strongly coloured pattern
            for r in [PixelRegion(x: 5, y: 17, width: 40, height: 20), PixelRegion(x: 33, y: 31, width: 39, height: 19)] {
                XCTAssertEqual(try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .region(r))), image.cropped(to: r))
            }
        }
        // Greyscale JPEG.
        let grey = SyntheticImages.pattern(width: width, height: height, channels: 1)
        let spec = Spec(width: width, height: height, samplesPerPixel: 1, photometric: 1, compression: 7, rowsPerStrip: 8)
        let bytes = try WebPTIFF.tiff(spec, samples: grey.pixels.map(UInt32.init))
        let image = try ImageDecoder.decode(bytes)
        XCTAssertEqual(image.channels, 1)
        let maxError = zip(image.pixels, grey.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        XCTAssertLessThan(maxError, 40)
    }

    func testFacts() throws {
        let (bytes, _) = try Self.make(Spec(bits: 16, compression: 5, planar: 2, tile: 16, extraSamples: 0, bigTIFF: true,
                                            extraPages: 2))
        let facts = try ImageDecoder.facts(of: bytes)
        XCTAssertEqual(facts.format, .tiff)
        XCTAssertEqual([facts.width, facts.height, facts.channels, facts.storedChannels, facts.bitDepth], [37, 29, 3, 3, 16])
        XCTAssertEqual(facts.colourType, "rgb")
        XCTAssertEqual(facts.compression, "lzw")
        XCTAssertEqual(facts.photometric, "rgb")
        XCTAssertEqual(facts.planar, "separate")
        XCTAssertEqual(facts.sampleFormat, "uint")
        XCTAssertEqual(facts.tiled, true)
        XCTAssertEqual(facts.blockSize, "16×16")
        XCTAssertEqual(facts.pages, 3)
        XCTAssertEqual(facts.bigTIFF, true)
        XCTAssertEqual(facts.alpha, false)
        XCTAssertNil(facts.frames)
        XCTAssertNil(facts.chromaSubsampling)

        let cases: [(Spec, String, String, Int)] = [
            (Spec(samplesPerPixel: 1, bits: 1, photometric: 0, compression: 1), "grey", "min-is-white", 1),
            (Spec(samplesPerPixel: 2, bits: 8, photometric: 1, compression: 8, extraSamples: 1), "grey+alpha", "min-is-black", 1),
            (Spec(samplesPerPixel: 4, bits: 8, photometric: 2, compression: 32773, extraSamples: 1), "rgba", "rgb", 3),
            (Spec(samplesPerPixel: 1, bits: 4, photometric: 3, compression: 5, colormap: Self.palette(bits: 4)), "palette", "palette", 3),
            (Spec(samplesPerPixel: 4, bits: 8, photometric: 5, compression: 1), "cmyk", "separated", 3),
        ]
        for (spec, colour, photometric, channels) in cases {
            let f = try ImageDecoder.facts(of: try Self.make(spec).bytes)
            XCTAssertEqual(f.colourType, colour, "\(spec)")
            XCTAssertEqual(f.photometric, photometric, "\(spec)")
            XCTAssertEqual(f.channels, channels, "\(spec)")
            XCTAssertEqual(f.pages, 1)
            XCTAssertEqual(f.tiled, false)
            XCTAssertEqual(f.blockSize, "37×4")
        }
        XCTAssertEqual(try ImageDecoder.facts(of: try Self.make(Spec(compression: 32773)).bytes).compression, "packbits")
        XCTAssertEqual(try ImageDecoder.facts(of: try Self.make(Spec(compression: 8)).bytes).compression, "deflate")
        XCTAssertEqual(try ImageDecoder.facts(of: try Self.make(Spec(compression: 1)).bytes).compression, "none")
    }

    func testUnsupportedVariantsAreRefusedWithTheReason() throws {
        let cases: [(Spec, String)] = [
            (Spec(samplesPerPixel: 4, bits: 8, photometric: 5, compression: 1), "CMYK (separated) TIFF"),
            (Spec(samplesPerPixel: 3, bits: 8, photometric: 8, compression: 1), "CIE L*a*b* TIFF"),
            (Spec(samplesPerPixel: 1, bits: 32, photometric: 1, compression: 1, sampleFormat: 3), "TIFF with floating-point samples"),
            (Spec(samplesPerPixel: 1, bits: 16, photometric: 1, compression: 1, sampleFormat: 2), "TIFF with signed-integer samples"),
            (Spec(samplesPerPixel: 1, bits: 12, photometric: 1, compression: 1), "12-bit TIFF samples"),
            (Spec(samplesPerPixel: 3, bits: 32, photometric: 2, compression: 1), "32-bit TIFF samples"),
        ]
        for (spec, reason) in cases {
            let bytes = try WebPTIFF.tiff(spec, samples: [UInt32](repeating: 1, count: spec.width * spec.height * spec.samplesPerPixel))
            XCTAssertThrowsError(try ImageDecoder.decode(bytes, path: "x.tif")) { error in
                XCTAssertEqual((error as? DecodeError)?.reason, .unsupported(reason), "\(spec)")
            }
        }
    }

    /// Files cut anywhere are refused — never decoded as if complete.
    func testCutFilesAreNeverDecoded() throws {
        for spec in [Spec(bits: 8, compression: 5), Spec(bits: 16, compression: 1, planar: 2),
                     Spec(bits: 8, compression: 8, tile: 16), Spec(width: 64, height: 48, photometric: 6, compression: 7, rowsPerStrip: 16),
                     // The ColorMap is written last: a cut inside it left a palette image that
                     // libtiff read as grey, and decoded.
                     Spec(samplesPerPixel: 1, bits: 8, photometric: 3, compression: 1, colormap: Self.palette(bits: 8))] {
            let (bytes, _) = try Self.make(spec)
            for cut in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 50)) + [bytes.count - 1] {
                XCTAssertThrowsError(try ImageDecoder.decode(Array(bytes.prefix(cut)))) { error in
                    let kind = (error as? DecodeError)?.kind
                    XCTAssertTrue(["truncated", "corrupt", "unknown-format"].contains(kind), "\(spec) cut \(cut): \(error)")
                }
            }
        }
    }

    /// The pixel data itself ends early (libtiff writes the directory last, so these
    /// change the directory): strips past the end of the file, and compressed strips
    /// whose data stops before their rows do (LZW, Deflate, PackBits, JPEG).
    func testStripDataEndingEarlyIsTruncated() throws {
        // A strip said to run past the end of the file.
        var (bytes, _) = try Self.make(Spec(bits: 8, compression: 5))
        let last = 28 / 4
        let offset = try XCTUnwrap(WebPTIFF.value(bytes, tag: WebPTIFF.stripOffsets, index: last))
        WebPTIFF.patch(&bytes, tag: WebPTIFF.stripByteCounts, index: last, to: bytes.count - offset + 1)
        XCTAssertThrowsError(try ImageDecoder.decode(bytes)) { error in
            guard case .truncated(let why)? = (error as? DecodeError)?.reason else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("strip 7") && why.contains("past the end"), why)
        }
        // A crop above that strip does not decode it, but the cut is seen all the same.
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .region(PixelRegion(x: 0, y: 0, width: 37, height: 20))))) { error in
            XCTAssertEqual((error as? DecodeError)?.kind, "truncated", "\(error)")
        }

        for spec in [Spec(bits: 8, compression: 5), Spec(bits: 16, compression: 8), Spec(bits: 8, compression: 32773),
                     Spec(width: 64, height: 48, photometric: 6, compression: 7, rowsPerStrip: 16),
                     Spec(bits: 8, compression: 1)] {
            var (bytes, _) = try Self.make(spec)
            let count = try XCTUnwrap(WebPTIFF.value(bytes, tag: WebPTIFF.stripByteCounts, index: 1))
            WebPTIFF.patch(&bytes, tag: WebPTIFF.stripByteCounts, index: 1, to: count / 2)
            XCTAssertThrowsError(try ImageDecoder.decode(bytes), "\(spec)") { error in
                XCTAssertEqual((error as? DecodeError)?.kind, "truncated", "\(spec): \(error)")
            }
        }
        // Tiles too. A whole Deflate tile is inflated by libdeflate, which reports a
        // cut stream as bad data: an error all the same, but "corrupt".
        for (compression, kinds) in [(5, ["truncated"]), (8, ["truncated", "corrupt"])] {
            var tiled = try Self.make(Spec(bits: 8, compression: compression, tile: 16)).bytes
            let count = try XCTUnwrap(WebPTIFF.value(tiled, tag: WebPTIFF.tileByteCounts, index: 1))
            WebPTIFF.patch(&tiled, tag: WebPTIFF.tileByteCounts, index: 1, to: count / 3)
            XCTAssertThrowsError(try ImageDecoder.decode(tiled)) { error in
                XCTAssertTrue(kinds.contains((error as? DecodeError)?.kind ?? ""), "compression \(compression): \(error)")
            }
        }
    }

    /// What a header claims is checked against the file where the compression bounds
    /// it (uncompressed 1:1, PackBits 64:1, Deflate 1032:1) and against the budget
    /// otherwise — from the header, before anything is allocated, whatever the budget.
    func testHeaderClaimsBoundedByFileAndBudget() throws {
        var (bytes, _) = try Self.make(Spec(bits: 8, compression: 1, rowsPerStrip: 1000))
        WebPTIFF.patch(&bytes, tag: WebPTIFF.imageWidth, to: 15000)
        WebPTIFF.patch(&bytes, tag: WebPTIFF.imageLength, to: 15000)
        for options in [DecodeOptions(crop: .centreSquare(side: 256)), DecodeOptions(), DecodeOptions(memoryBudget: 1 << 40)] {
            XCTAssertThrowsError(try ImageDecoder.decode(bytes, options: options)) { error in
                guard case .truncated(let why)? = (error as? DecodeError)?.reason else { return XCTFail("\(error)") }
                XCTAssertTrue(why.contains("uncompressed 15000×15000 TIFF needs 675000000 bytes"), why)
            }
        }

        // One 16384×16384 tile (805 MB decoded) for a 256² crop: LZW has no bound on
        // its ratio, so the budget refuses it; Deflate cannot expand a few bytes that far.
        for compression in [5, 8, 32773] {
            var tiled = try Self.make(Spec(width: 16, height: 16, bits: 8, compression: compression, tile: 16)).bytes
            for tag in [WebPTIFF.imageWidth, WebPTIFF.imageLength, WebPTIFF.tileWidth, WebPTIFF.tileLength] {
                WebPTIFF.patch(&tiled, tag: tag, to: 16384)
            }
            XCTAssertThrowsError(try ImageDecoder.decode(tiled, options: DecodeOptions(crop: .centreSquare(side: 256)))) { error in
                switch (error as? DecodeError)?.reason {
                case .overBudget(let needed, _, let what)? where compression == 5:
                    XCTAssertGreaterThanOrEqual(needed, 16384 * 16384 * 3)
                    XCTAssertTrue(what.contains("one 16384×16384 tile of a TIFF"), what)
                case .truncated(let why)? where compression != 5:
                    XCTAssertTrue(why.contains("tile 0") && why.contains("cannot hold its 805306368 decoded bytes"), why)
                default:
                    XCTFail("compression \(compression): \(error)")
                }
            }
        }

        // A budget smaller than one row of strips.
        let (wide, _) = try Self.make(Spec(width: 3000, height: 4, bits: 16, compression: 8))
        XCTAssertThrowsError(try ImageDecoder.decode(wide, options: DecodeOptions(crop: .region(PixelRegion(x: 0, y: 0, width: 4, height: 4)),
                                                                              memoryBudget: wide.count + 48 + 200_000))) { error in
            guard case .overBudget(let needed, _, let what)? = (error as? DecodeError)?.reason else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(needed, 3000 * 6)
            XCTAssertTrue(what.contains("one 3000-pixel row of a TIFF"), what)
        }
    }

    /// A little-endian RGB TIFF with one JPEG-compressed strip holding `jpeg` whole.
    static func jpegStripTIFF(_ jpeg: [UInt8], width: Int, height: Int) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16) }
        let entries: [(tag: Int, type: Int, value: Int)] = [  // count 1 each; type 3 SHORT, 4 LONG
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 7), (262, 3, 2),
            (273, 4, 8 + 2 + 9 * 12 + 4), (277, 3, 3), (278, 4, height), (279, 4, jpeg.count),
        ]
        var out: [UInt8] = [0x49, 0x49, 42, 0] + u32(8) + u16(entries.count)
        for e in entries { out += u16(e.tag) + u16(e.type) + u32(1) + (e.type == 3 ? u16(e.value) + [0, 0] : u32(e.value)) }
        return out + u32(0) + jpeg
    }

    /// A JPEG-compressed strip may hold a multi-scan (non-interleaved) JPEG, for which
    /// libjpeg keeps every DCT coefficient of the strip — 128 bytes per 8×8 block and
    /// component — whatever the crop. That is counted against the budget, as for a
    /// plain JPEG file; it used to be decoded under a budget far smaller than it.
    func testMultiScanJPEGStripIsCountedAgainstTheBudget() throws {
        let side = 1024
        let image = SyntheticImages.pattern(width: side, height: side, channels: 3)
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var err = tt_error()
        let status = image.pixels.withUnsafeBufferPointer { p in  // progressive 2: one scan per component
            tt_jpeg_encode_coded(p.baseAddress, UInt32(side), UInt32(side), 3, 90, 0, 2, 0, 0, &out, &size, &err)
        }
        defer { tt_free(out) }
        XCTAssertEqual(status, 0)
        let jpeg = Array(UnsafeBufferPointer(start: out, count: size))
        XCTAssertTrue(try ImageDecoder.facts(of: jpeg).channels == 3)
        let tiff = Self.jpegStripTIFF(jpeg, width: side, height: side)
        let crop = DecodeOptions(crop: .centreSquare(side: 64))
        XCTAssertEqual(try ImageDecoder.decode(tiff, options: crop).width, 64)
        // Coefficients: 3 × 128² blocks × 128 bytes = 6 MiB; the rest (a row, libjpeg's
        // rows, the 64² output) well under 2 MiB.
        var small = crop
        small.memoryBudget = tiff.count + (2 << 20)
        XCTAssertThrowsError(try ImageDecoder.decode(jpeg, options: small), "the same JPEG as a file")
        XCTAssertThrowsError(try ImageDecoder.decode(tiff, options: small)) { error in
            guard case .overBudget(let needed, _, let what)? = (error as? DecodeError)?.reason else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(needed, 3 * 128 * 128 * 128)
            XCTAssertTrue(what.contains("multi-scan JPEG"), what)
        }
    }

    /// Error handlers are per handle: decodes on several threads at once each get
    /// their own messages.
    func testConcurrentDecodesKeepTheirOwnErrors() throws {
        let (good, expected) = try Self.make(Spec(bits: 16, compression: 5))
        var cut = good
        let count = try XCTUnwrap(WebPTIFF.value(cut, tag: WebPTIFF.stripByteCounts, index: 3))
        WebPTIFF.patch(&cut, tag: WebPTIFF.stripByteCounts, index: 3, to: count / 2)
        let bad = cut
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            if i % 2 == 0 {
                if (try? ImageDecoder.decode(good)) != expected { failures.update { $0 += 1 } }
            } else {
                do {
                    _ = try ImageDecoder.decode(bad)
                    failures.update { $0 += 1 }
                } catch {
                    if (error as? DecodeError)?.kind != "truncated" { failures.update { $0 += 1 } }
                }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

/// A value shared between threads behind a lock.
final class Locked<T>: @unchecked Sendable {
    private var stored: T
    private let lock = NSLock()
    init(_ value: T) { stored = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
    func update(_ body: (inout T) -> Void) { lock.lock(); body(&stored); lock.unlock() }
}
