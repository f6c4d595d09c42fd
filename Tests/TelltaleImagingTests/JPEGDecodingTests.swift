import TelltaleTestSupport
import XCTest
@testable import TelltaleImaging

/// JPEG decoding against pixels decoded independently by Pillow
/// (scripts/fixtures/imaging_jpeg.py), region decoding, facts and the quality estimate.
final class JPEGDecodingTests: XCTestCase {
    struct Fixture: Decodable {
        let name: String
        let width: Int
        let height: Int
        let quality: Int
        let channels: Int
        let subsampling: String?
        let progressive: Bool
    }

    struct Meta: Decodable { let fixtures: [Fixture] }

    static let fixtures: [Fixture] = {
        let data = try! Data(contentsOf: Fixtures.url("jpeg_fixtures.json"))
        return try! JSONDecoder().decode(Meta.self, from: data).fixtures
    }()

    func testMatchesPillowDecode() throws {
        XCTAssertEqual(Self.fixtures.count, 7)
        for f in Self.fixtures {
            let image = try ImageDecoder.decode(Fixtures.bytes("\(f.name).jpg"), path: f.name)
            XCTAssertEqual(image.width, f.width, f.name)
            XCTAssertEqual(image.height, f.height, f.name)
            XCTAssertEqual(image.channels, f.channels, f.name)
            let reference = Fixtures.bytes("\(f.name).rgb")
            XCTAssertEqual(reference.count, image.pixels.count, f.name)
            // Both are libjpeg-turbo with the accurate integer IDCT and fancy
            // upsampling: the pixels must agree to within one level (SIMD and C
            // paths are bit-exact in libjpeg-turbo; the tolerance covers versions).
            let maxDiff = zip(reference, image.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
            XCTAssertLessThanOrEqual(maxDiff, 1, "\(f.name): max |Δ| = \(maxDiff)")
        }
    }

    func testFacts() throws {
        for f in Self.fixtures {
            let facts = try ImageDecoder.facts(of: Fixtures.bytes("\(f.name).jpg"))
            XCTAssertEqual(facts.format, .jpeg)
            XCTAssertEqual(facts.width, f.width)
            XCTAssertEqual(facts.height, f.height)
            XCTAssertEqual(facts.progressive, f.progressive, f.name)
            XCTAssertEqual(facts.chromaSubsampling, f.subsampling, f.name)
            XCTAssertEqual(facts.colourType, f.channels == 1 ? "grey" : "ycbcr")
            XCTAssertEqual(facts.bitDepth, 8)
        }
    }

    func testQualityEstimateWithinTwo() throws {
        for f in Self.fixtures {
            let facts = try ImageDecoder.facts(of: Fixtures.bytes("\(f.name).jpg"))
            let q = try XCTUnwrap(facts.estimatedQuality)
            XCTAssertLessThanOrEqual(abs(q - f.quality), 2, "\(f.name): estimated \(q), written at \(f.quality)")
            XCTAssertEqual(facts.qualityIsExact, true, f.name)
        }
        // Also through libjpeg-turbo's own encoder, at every quality the issue names.
        let image = SyntheticImages.pattern(width: 32, height: 32, channels: 3)
        for q in [50, 75, 90, 95] {
            let facts = try ImageDecoder.facts(of: try ImageEncoder.jpeg(image, quality: q))
            XCTAssertEqual(facts.estimatedQuality, q)
        }
    }

    func testQualityScalingMatchesLibjpeg() {
        // Spot values of jpeg_quality_scaling + jpeg_add_quant_table (baseline).
        XCTAssertEqual(JPEGQuality.luminanceTable(quality: 50), JPEGQuality.standardLuminanceTable)
        XCTAssertEqual(JPEGQuality.luminanceTable(quality: 75)[0], 8)
        XCTAssertEqual(JPEGQuality.luminanceTable(quality: 100), [Int](repeating: 1, count: 64))
        XCTAssertEqual(JPEGQuality.luminanceTable(quality: 1).max(), 255)
        // A non-IJG table is estimated, not exact.
        var table = JPEGQuality.luminanceTable(quality: 80)
        table[5] += 3
        let estimate = JPEGQuality.estimate(luminanceTable: table)
        XCTAssertEqual(estimate.quality, 80)
        XCTAssertFalse(estimate.exact)
    }

    func testRegionDecodeEqualsCropOfFullDecode() throws {
        var sources: [(String, [UInt8])] = Self.fixtures.map { ($0.name, Fixtures.bytes("\($0.name).jpg")) }
        let big = SyntheticImages.pattern(width: 203, height: 151, channels: 3, seed: 9)
        sources.append(("encoded 4:2:0", try ImageEncoder.jpeg(big, quality: 87, subsampling: .s420)))
        sources.append(("encoded 4:4:4", try ImageEncoder.jpeg(big, quality: 87, subsampling: .s444)))
        for (name, bytes) in sources {
            let full = try ImageDecoder.decode(bytes)
            let regions = [
                PixelRegion(x: 0, y: 0, width: 5, height: 3),
                PixelRegion(x: full.width / 3, y: full.height / 4, width: full.width / 2, height: full.height / 2),
                PixelRegion(x: 17, y: 19, width: min(31, full.width - 17), height: min(23, full.height - 19)),
                PixelRegion(x: full.width - 9, y: full.height - 7, width: 9, height: 7),
                PixelRegion(x: 0, y: 0, width: full.width, height: full.height),
            ]
            for region in regions {
                let crop = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .region(region)))
                XCTAssertEqual(crop, full.cropped(to: region), "\(name) \(region)")
            }
            let centre = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 24)))
            XCTAssertEqual(centre, full.cropped(to: .centreSquare(side: 24, inWidth: full.width, height: full.height)), name)
        }
    }

    func testEncodeDecodeRoundTripIsClose() throws {
        let image = SyntheticImages.pattern(width: 48, height: 40, channels: 1)
        let decoded = try ImageDecoder.decode(try ImageEncoder.jpeg(image, quality: 100))
        XCTAssertEqual(decoded.channels, 1)
        let maxDiff = zip(image.pixels, decoded.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        XCTAssertLessThanOrEqual(maxDiff, 8)
    }
}
