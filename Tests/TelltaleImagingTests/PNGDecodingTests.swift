import TelltaleSupport
import TelltaleTestSupport
import XCTest
@testable import TelltaleImaging

/// Every PNG colour type and bit depth, written through libpng, decoded and
/// compared pixel by pixel with what was written.
final class PNGDecodingTests: XCTestCase {
    struct Case {
        let colourType: Int
        let bitDepth: Int
        var samplesPerPixel: Int {
            switch colourType {
            case 0, 3: return 1
            case 4: return 2
            case 2: return 3
            default: return 4
            }
        }
    }

    static let cases: [Case] = [
        Case(colourType: 0, bitDepth: 1), Case(colourType: 0, bitDepth: 2), Case(colourType: 0, bitDepth: 4),
        Case(colourType: 0, bitDepth: 8), Case(colourType: 0, bitDepth: 16),
        Case(colourType: 3, bitDepth: 1), Case(colourType: 3, bitDepth: 2), Case(colourType: 3, bitDepth: 4),
        Case(colourType: 3, bitDepth: 8),
        Case(colourType: 4, bitDepth: 8), Case(colourType: 4, bitDepth: 16),
        Case(colourType: 2, bitDepth: 8), Case(colourType: 2, bitDepth: 16),
        Case(colourType: 6, bitDepth: 8), Case(colourType: 6, bitDepth: 16),
    ]

    /// 16-bit samples reduce to round(v · 255 / 65535) (libpng's png_set_scale_16).
    static func reduce16(_ v: Int) -> UInt8 { UInt8((Double(v) * 255 / 65535).rounded()) }

    /// Sub-byte grey expands by replication of the bit pattern: v · 255 / (2^b − 1).
    static func expandGrey(_ v: Int, bits: Int) -> UInt8 { UInt8(v * 255 / ((1 << bits) - 1)) }

    func testEveryColourTypeAndBitDepth() throws {
        let width = 13, height = 7
        for interlace in [false, true] {
            for c in Self.cases {
                var rng = SeededGenerator(seed: UInt64(c.colourType * 100 + c.bitDepth))
                func draw(_ bound: Int) -> Int { rng.nextIndex(below: bound) }
                let maxSample = c.colourType == 3 ? (1 << c.bitDepth) : (1 << c.bitDepth)
                let paletteSize = c.colourType == 3 ? min(1 << c.bitDepth, 256) : 0
                let palette = (0..<(paletteSize * 3)).map { _ in UInt8(draw(256)) }
                let trns: [UInt8] = c.colourType == 3 ? [0, 128] : []
                // Samples, then rows packed in PNG's layout.
                var samples = [[Int]](repeating: [], count: height)
                var rows = [UInt8]()
                let bitsPerRow = width * c.samplesPerPixel * c.bitDepth
                let rowBytes = (bitsPerRow + 7) / 8
                for y in 0..<height {
                    let rowSamples = (0..<(width * c.samplesPerPixel)).map { _ in draw(c.colourType == 3 ? paletteSize : maxSample) }
                    samples[y] = rowSamples
                    var packed = [UInt8](repeating: 0, count: rowBytes)
                    for (i, s) in rowSamples.enumerated() {
                        switch c.bitDepth {
                        case 16:
                            packed[2 * i] = UInt8(s >> 8)
                            packed[2 * i + 1] = UInt8(s & 0xFF)
                        case 8: packed[i] = UInt8(s)
                        default:
                            let bit = i * c.bitDepth
                            packed[bit / 8] |= UInt8(s << (8 - c.bitDepth - bit % 8))
                        }
                    }
                    rows += packed
                }
                let bytes = try Fixtures.png(rows: rows, rowBytes: rowBytes, width: width, height: height,
                                             bitDepth: c.bitDepth, colourType: c.colourType, interlace: interlace,
                                             palette: palette, trns: trns)
                let label = "colour type \(c.colourType), \(c.bitDepth)-bit, interlace \(interlace)"
                let facts = try ImageDecoder.facts(of: bytes)
                XCTAssertEqual(facts.format, .png, label)
                XCTAssertEqual(facts.bitDepth, c.bitDepth, label)
                XCTAssertEqual(facts.interlaced, interlace, label)
                XCTAssertEqual(facts.hasTransparency, c.colourType == 3, label)
                let image = try ImageDecoder.decode(bytes)
                let outChannels = (c.colourType & 2) != 0 ? 3 : 1
                XCTAssertEqual(image.channels, outChannels, label)
                XCTAssertEqual(image.width, width)
                XCTAssertEqual(image.height, height)
                // Expected pixels.
                var expected = [UInt8]()
                for y in 0..<height {
                    for x in 0..<width {
                        let s = Array(samples[y][(x * c.samplesPerPixel)..<((x + 1) * c.samplesPerPixel)])
                        func value(_ v: Int) -> UInt8 {
                            c.bitDepth == 16 ? Self.reduce16(v) : (c.bitDepth < 8 ? Self.expandGrey(v, bits: c.bitDepth) : UInt8(v))
                        }
                        switch c.colourType {
                        case 0, 4: expected.append(value(s[0]))  // alpha dropped
                        case 2, 6: expected += [value(s[0]), value(s[1]), value(s[2])]
                        default: expected += Array(palette[(3 * s[0])..<(3 * s[0] + 3)])  // tRNS dropped
                        }
                    }
                }
                XCTAssertEqual(image.pixels, expected, label)
                // Region decode equals the same crop of the full decode.
                let region = PixelRegion(x: 3, y: 2, width: 7, height: 4)
                let crop = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .region(region)))
                XCTAssertEqual(crop, image.cropped(to: region), label)
            }
        }
    }

    func testEightBitRoundTripThroughEncoder() throws {
        for channels in [1, 3] {
            let image = SyntheticImages.pattern(width: 37, height: 23, channels: channels)
            let decoded = try ImageDecoder.decode(try ImageEncoder.png(image))
            XCTAssertEqual(decoded, image)
        }
    }

    func testCentreSquareCropOfPNG() throws {
        let image = SyntheticImages.pattern(width: 40, height: 30, channels: 3)
        let bytes = try ImageEncoder.png(image)
        let crop = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 16)))
        XCTAssertEqual(crop, image.cropped(to: PixelRegion(x: 12, y: 7, width: 16, height: 16)))
        // Larger than the image: the largest centred square.
        let big = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 256)))
        XCTAssertEqual(big, image.cropped(to: PixelRegion(x: 5, y: 0, width: 30, height: 30)))
    }

    func testFormatIsChosenByContentNotExtension() throws {
        let bytes = try ImageEncoder.png(SyntheticImages.pattern(width: 8, height: 8, channels: 1))
        let path = try temporaryFile(bytes, name: "misnamed.jpg")
        XCTAssertEqual(try ImageDecoder.facts(ofFile: path).format, .png)
        XCTAssertEqual(try ImageDecoder.decode(file: path).width, 8)
    }
}
