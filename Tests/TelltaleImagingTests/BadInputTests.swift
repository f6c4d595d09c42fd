import TelltaleTestSupport
import XCTest
@testable import TelltaleImaging

/// Each kind of bad input gives the right typed error, naming the file.
final class BadInputTests: XCTestCase {
    func validPNG() throws -> [UInt8] { try ImageEncoder.png(SyntheticImages.pattern(width: 32, height: 24, channels: 3)) }
    func validJPEG() throws -> [UInt8] { try ImageEncoder.jpeg(SyntheticImages.pattern(width: 32, height: 24, channels: 3), quality: 90) }

    func assertReason(_ bytes: [UInt8], path: String = "bad.img", options: DecodeOptions = DecodeOptions(),
                      file: StaticString = #filePath, line: UInt = #line,
                      _ check: (DecodeError.Reason) -> Bool) {
        do {
            _ = try ImageDecoder.decode(bytes, path: path, options: options)
            XCTFail("decoded bad input", file: file, line: line)
        } catch {
            XCTAssertEqual(error.path, path, file: file, line: line)
            XCTAssertTrue(check(error.reason), "unexpected reason \(error.reason)", file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("\(path): "), file: file, line: line)
        }
    }

    func testEmpty() {
        assertReason([]) { $0 == .empty }
    }

    func testWrongSignature() {
        assertReason(Array("GIF89a not an image".utf8)) { $0 == .unknownFormat }
        assertReason([0x89, 0x50, 0x4E]) { $0 == .unknownFormat }
    }

    func testMissingFileAndDirectory() {
        XCTAssertThrowsError(try ImageDecoder.decode(file: "/nonexistent/x.png")) { error in
            let e = error as! DecodeError
            XCTAssertEqual(e.path, "/nonexistent/x.png")
            XCTAssertEqual(e.kind, "unreadable")
        }
        XCTAssertThrowsError(try ImageDecoder.decode(file: NSTemporaryDirectory())) { error in
            XCTAssertEqual((error as! DecodeError).reason, .notRegularFile("a directory"))
        }
    }

    func testTruncatedPNG() throws {
        let png = try validPNG()
        for cut in [9, 30, png.count / 2, png.count - 13] {
            assertReason(Array(png.prefix(cut))) {
                if case .truncated = $0 { return true }
                if case .corrupt = $0 { return true }  // a cut inside a zlib stream may read as a zlib error
                return false
            }
        }
        // Cut in the middle of the image data: truncation, specifically.
        assertReason(Array(png.prefix(png.count / 2))) { if case .truncated = $0 { return true }; return false }
    }

    func testTruncatedJPEG() throws {
        let jpeg = try validJPEG()
        assertReason(Array(jpeg.prefix(jpeg.count / 2))) { if case .truncated = $0 { return true }; return false }
        assertReason(Array(jpeg.prefix(40))) {
            if case .truncated = $0 { return true }
            if case .corrupt = $0 { return true }
            return false
        }
    }

    func testPNGCRCError() throws {
        var png = try validPNG()
        png[20] ^= 0x01  // inside IHDR's data: its CRC no longer matches
        assertReason(png) { if case .corrupt(let why) = $0 { return why.contains("CRC") }; return false }
    }

    func testPNGZlibError() throws {
        var png = try validPNG()
        // Find IDAT, scramble its data and forge a valid CRC so that zlib, not the CRC check, fails.
        let idat = try XCTUnwrap((8..<png.count - 4).first { png[$0..<($0 + 4)].elementsEqual(Array("IDAT".utf8)) })
        let length = Int(png[idat - 4]) << 24 | Int(png[idat - 3]) << 16 | Int(png[idat - 2]) << 8 | Int(png[idat - 1])
        for i in (idat + 4)..<(idat + 4 + min(length, 12)) { png[i] = 0xFF }
        let crc = pngCRC(png[idat..<(idat + 4 + length)])
        png.replaceSubrange((idat + 4 + length)..<(idat + 8 + length), with: bigEndian32(crc))
        assertReason(png) { if case .corrupt = $0 { return true }; return false }
    }

    /// An IHDR claiming 100000 × 100000 pixels is refused before any allocation.
    func testAbsurdDimensionsRefusedBeforeAllocation() throws {
        var png = try validPNG()
        png.replaceSubrange(16..<20, with: bigEndian32(100_000))
        png.replaceSubrange(20..<24, with: bigEndian32(100_000))
        png.replaceSubrange(29..<33, with: bigEndian32(pngCRC(png[12..<29])))
        assertReason(png) { $0 == .tooLarge(width: 100_000, height: 100_000, limit: DecodeOptions.defaultMaxPixels) }
        // The limit is configurable.
        assertReason(try validPNG(), options: DecodeOptions(maxPixels: 100)) {
            $0 == .tooLarge(width: 32, height: 24, limit: 100)
        }
        assertReason(try validJPEG(), options: DecodeOptions(maxPixels: 100)) {
            $0 == .tooLarge(width: 32, height: 24, limit: 100)
        }
    }

    func testCMYKJPEGRefused() {
        assertReason(Fixtures.bytes("cmyk.jpg")) { if case .unsupported(let why) = $0 { return why.contains("CMYK") }; return false }
    }

    func testCorruptJPEGEntropyData() throws {
        var jpeg = try validJPEG()
        // Overwrite the middle of the scan with a marker-like pattern and garbage.
        let mid = jpeg.count * 2 / 3
        for i in mid..<(mid + 8) { jpeg[i] = i % 2 == 0 ? 0xFF : 0xD3 }
        assertReason(jpeg) {
            if case .corrupt = $0 { return true }
            if case .truncated = $0 { return true }
            return false
        }
    }

    func testBadRegion() throws {
        assertReason(try validPNG(), options: DecodeOptions(crop: .region(PixelRegion(x: 30, y: 0, width: 5, height: 5)))) {
            if case .badRegion = $0 { return true }; return false
        }
        assertReason(try validJPEG(), options: DecodeOptions(crop: .centreSquare(side: 0))) {
            if case .badRegion = $0 { return true }; return false
        }
    }

    func testHeaderOnlyFactsOfTruncatedFileStillReadable() throws {
        let jpeg = try ImageEncoder.jpeg(SyntheticImages.pattern(width: 160, height: 120, channels: 3), quality: 90)
        // The header alone is enough for facts, not for pixels.
        let headerOnly = Array(jpeg.prefix(jpeg.count / 2))
        XCTAssertEqual(try ImageDecoder.facts(of: headerOnly).width, 160)
        XCTAssertThrowsError(try ImageDecoder.decode(headerOnly))
    }
}
