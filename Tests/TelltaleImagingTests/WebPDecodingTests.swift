import CWebP
import Foundation
import TelltaleSupport
import TelltaleTestSupport
import XCTest
@testable import TelltaleImaging

/// WebP decoding through libwebp: lossless round trips, lossy against libwebp's own
/// full decode, crops, facts, and bad input (truncated, animated, huge headers).
final class WebPDecodingTests: XCTestCase {
    static let width = 203, height = 157

    /// RGB or RGBA test pixels; alpha is never 0, so that lossless encoding keeps the
    /// colour under it (libwebp's simple API may change colour under alpha 0).
    static func pixels(channels: Int) -> [UInt8] {
        let rgb = SyntheticImages.pattern(width: width, height: height, channels: 3).pixels
        guard channels == 4 else { return rgb }
        var out: [UInt8] = []
        for i in 0..<(width * height) {
            out += rgb[(3 * i)..<(3 * i + 3)]
            out.append(UInt8(1 + (i * 7) % 255))
        }
        return out
    }

    static func rgb(of rgba: [UInt8]) -> [UInt8] {
        stride(from: 0, to: rgba.count, by: 4).flatMap { rgba[$0..<($0 + 3)] }
    }

    /// libwebp's own full RGB decode (WebPDecodeRGB), the reference for lossy files.
    static func libwebpDecode(_ bytes: [UInt8]) throws -> Image {
        var w: Int32 = 0, h: Int32 = 0
        let decoded = bytes.withUnsafeBufferPointer { WebPDecodeRGB($0.baseAddress, $0.count, &w, &h) }
        let pointer = try XCTUnwrap(decoded)
        defer { WebPFree(pointer) }
        return Image(width: Int(w), height: Int(h), channels: 3,
                     pixels: Array(UnsafeBufferPointer(start: pointer, count: Int(w) * Int(h) * 3)))
    }

    func testLosslessRoundTripIsExact() throws {
        for channels in [3, 4] {
            let source = Self.pixels(channels: channels)
            let bytes = try WebPTIFF.webp(source, width: Self.width, height: Self.height, channels: channels, quality: nil)
            let image = try ImageDecoder.decode(bytes)
            XCTAssertEqual(image.channels, 3)
            XCTAssertEqual(image.width, Self.width)
            XCTAssertEqual(image.height, Self.height)
            // Alpha is dropped, not composited: the colour samples come back as they were.
            XCTAssertEqual(image.pixels, channels == 4 ? Self.rgb(of: source) : source, "channels \(channels)")
        }
    }

    func testLossyEqualsLibwebpFullDecode() throws {
        for channels in [3, 4] {
            let bytes = try WebPTIFF.webp(Self.pixels(channels: channels), width: Self.width, height: Self.height,
                                          channels: channels, quality: 80)
            let reference = try Self.libwebpDecode(bytes)
            XCTAssertEqual(try ImageDecoder.decode(bytes), reference, "channels \(channels)")
        }
    }

    /// libwebp crops at even offsets and treats a crop's edges as the image's when it
    /// upsamples chroma; the decoder's margin makes every crop equal the same crop of
    /// the full decode — odd and even offsets, at the edges and inside.
    func testCropsEqualCropsOfTheFullDecode() throws {
        for quality in [80, nil] {
            let bytes = try WebPTIFF.webp(Self.pixels(channels: 3), width: Self.width, height: Self.height,
                                          channels: 3, quality: quality)
            let full = try Self.libwebpDecode(bytes)
            var regions: [PixelRegion] = [
                PixelRegion(x: 0, y: 0, width: 1, height: 1),
                PixelRegion(x: Self.width - 1, y: Self.height - 1, width: 1, height: 1),
                PixelRegion(x: 1, y: 1, width: Self.width - 1, height: Self.height - 1),
                PixelRegion(x: 0, y: 0, width: Self.width - 3, height: Self.height - 2),
            ]
            for x in [1, 2, 3, 16, 17, 33] {
                for y in [1, 2, 5, 15, 16, 31] {
                    regions.append(PixelRegion(x: x, y: y, width: 1 + (x * 7 + y) % 90, height: 1 + (y * 5 + x) % 70))
                }
            }
            for r in regions {
                let crop = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .region(r)))
                XCTAssertEqual(crop, full.cropped(to: r), "\(quality.map { "q\($0)" } ?? "lossless") \(r)")
            }
            let centre = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 64)))
            XCTAssertEqual(centre, full.cropped(to: .centreSquare(side: 64, inWidth: Self.width, height: Self.height)))
        }
    }

    func testFacts() throws {
        let lossy = try ImageDecoder.facts(of: WebPTIFF.webp(Self.pixels(channels: 3), width: Self.width,
                                                             height: Self.height, channels: 3, quality: 75))
        XCTAssertEqual(lossy.format, .webp)
        XCTAssertEqual([lossy.width, lossy.height, lossy.channels, lossy.storedChannels, lossy.bitDepth],
                       [Self.width, Self.height, 3, 3, 8])
        XCTAssertEqual(lossy.colourType, "ycbcr")
        XCTAssertEqual(lossy.compression, "lossy")
        XCTAssertEqual(lossy.chromaSubsampling, "4:2:0")
        XCTAssertEqual(lossy.alpha, false)
        XCTAssertEqual(lossy.animated, false)
        XCTAssertEqual(lossy.frames, 1)
        XCTAssertNil(lossy.pages)
        XCTAssertNil(lossy.estimatedQuality)

        let lossyAlpha = try ImageDecoder.facts(of: WebPTIFF.webp(Self.pixels(channels: 4), width: Self.width,
                                                                  height: Self.height, channels: 4, quality: 75))
        XCTAssertEqual(lossyAlpha.colourType, "ycbcr+alpha")
        XCTAssertEqual(lossyAlpha.storedChannels, 4)
        XCTAssertEqual(lossyAlpha.alpha, true)

        let lossless = try ImageDecoder.facts(of: WebPTIFF.webp(Self.pixels(channels: 4), width: Self.width,
                                                                height: Self.height, channels: 4, quality: nil))
        XCTAssertEqual(lossless.colourType, "rgba")
        XCTAssertEqual(lossless.compression, "lossless")
        XCTAssertNil(lossless.chromaSubsampling)
        XCTAssertEqual(lossless.alpha, true)
    }

    func testAnimatedWebPIsRefused() throws {
        let frame = try WebPTIFF.webp(SyntheticImages.pattern(width: 16, height: 8, channels: 3).pixels, width: 16, height: 8,
                                      channels: 3, quality: nil)
        let animation = WebPTIFF.animatedWebP(frames: [frame, frame, frame], width: 16, height: 8)
        let facts = try ImageDecoder.facts(of: animation)
        XCTAssertEqual(facts.format, .webp)
        XCTAssertEqual(facts.animated, true)
        XCTAssertEqual(facts.frames, 3)
        XCTAssertEqual(facts.compression, "mixed")
        XCTAssertEqual([facts.width, facts.height], [16, 8])
        XCTAssertThrowsError(try ImageDecoder.decode(animation, path: "a.webp")) { error in
            XCTAssertEqual((error as? DecodeError)?.reason, .unsupported("animated WebP (3 frames)"))
        }
    }

    func testTruncatedWebPIsNeverDecoded() throws {
        for quality in [80, nil] {
            let bytes = try WebPTIFF.webp(Self.pixels(channels: 4), width: Self.width, height: Self.height,
                                          channels: 4, quality: quality)
            let cuts = [12, 20, 30, 40, bytes.count / 3, bytes.count / 2, bytes.count - 100, bytes.count - 1]
            for cut in cuts {
                XCTAssertThrowsError(try ImageDecoder.decode(Array(bytes.prefix(cut)), path: "cut.webp")) { error in
                    XCTAssertEqual((error as? DecodeError)?.kind, "truncated", "cut at \(cut): \(error)")
                }
                // A crop of the top-left corner too: the rows below it are never reached,
                // and the file is still refused.
                XCTAssertThrowsError(try ImageDecoder.decode(
                    Array(bytes.prefix(cut)), options: DecodeOptions(crop: .region(PixelRegion(x: 0, y: 0, width: 8, height: 8))))
                ) { error in
                    XCTAssertEqual((error as? DecodeError)?.kind, "truncated", "cut at \(cut), crop: \(error)")
                }
            }
        }
    }

    func testCorruptBitstream() throws {
        var bytes = try WebPTIFF.webp(Self.pixels(channels: 3), width: Self.width, height: Self.height,
                                      channels: 3, quality: nil)
        bytes[20] ^= 0xFF  // the VP8L signature byte
        XCTAssertThrowsError(try ImageDecoder.decode(bytes)) { error in
            XCTAssertEqual((error as? DecodeError)?.kind, "corrupt", "\(error)")
        }
    }

    /// A VP8L header claiming 16384×16384: lossless decoding would need the whole 1 GiB
    /// ARGB image, which is refused before anything is allocated, even for a small crop.
    func testHugeLosslessHeaderIsOverBudget() throws {
        let bytes = WebPTIFF.losslessHeader(width: 16384, height: 16384)
        let facts = try ImageDecoder.facts(of: bytes)
        XCTAssertEqual([facts.width, facts.height], [16384, 16384])
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 256)))) { error in
            guard case .overBudget(let needed, let budget, let what)? = (error as? DecodeError)?.reason else {
                return XCTFail("\(error)")
            }
            XCTAssertGreaterThanOrEqual(needed, 4 * 16384 * 16384)
            XCTAssertEqual(budget, DecodeOptions.defaultMemoryBudget)
            XCTAssertTrue(what.contains("ARGB") && what.contains("lossless WebP"), what)
        }
        // Whole: the output alone is over the budget, refused in Swift before the shim.
        XCTAssertThrowsError(try ImageDecoder.decode(bytes)) { error in
            XCTAssertEqual((error as? DecodeError)?.kind, "over-budget")
        }
    }

    /// A small budget refuses what a large one decodes, naming the lossless ARGB image.
    func testLosslessBudget() throws {
        let bytes = try WebPTIFF.webp(Self.pixels(channels: 3), width: Self.width, height: Self.height,
                                      channels: 3, quality: nil)
        let crop = DecodeOptions.Crop.region(PixelRegion(x: 10, y: 10, width: 16, height: 16))
        XCTAssertNoThrow(try ImageDecoder.decode(bytes, options: DecodeOptions(crop: crop, memoryBudget: 4 << 20)))
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, options: DecodeOptions(crop: crop, memoryBudget: 512 << 10))) { error in
            guard case .overBudget(let needed, _, _)? = (error as? DecodeError)?.reason else { return XCTFail("\(error)") }
            XCTAssertGreaterThan(needed, 4 * Self.width * Self.height)
        }
    }

    func testSniff() {
        let webp = WebPTIFF.riff([])
        XCTAssertEqual(ImageFormat.sniff(webp), .webp)
        XCTAssertNil(ImageFormat.sniff(webp.prefix(11)))
        XCTAssertNil(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)))
    }

    /// The new facts are optional and absent from the JSON of PNG and JPEG facts.
    func testPNGAndJPEGFactsJSONUnchanged() throws {
        let image = SyntheticImages.pattern(width: 16, height: 16, channels: 3)
        for bytes in [try ImageEncoder.png(image), try ImageEncoder.jpeg(image, quality: 90)] {
            let json = String(decoding: try CanonicalJSON.encode(try ImageDecoder.facts(of: bytes)), as: UTF8.self)
            for key in ["compression", "alpha", "animated", "frames", "photometric", "planar", "sampleFormat",
                        "tiled", "blockSize", "pages", "bigTIFF"] {
                XCTAssertFalse(json.contains("\"\(key)\""), "\(key) in \(json)")
            }
        }
        let webp = try WebPTIFF.webp(image.pixels, width: 16, height: 16, channels: 3, quality: nil)
        let json = String(decoding: try CanonicalJSON.encode(try ImageDecoder.facts(of: webp)), as: UTF8.self)
        XCTAssertTrue(json.contains("\"compression\" : \"lossless\""), json)
    }
}
