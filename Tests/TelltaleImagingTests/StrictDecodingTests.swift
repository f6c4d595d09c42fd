import CTelltaleShim
import Foundation
import TelltaleTestSupport
import XCTest
@testable import TelltaleImaging

/// Strict decoding: data that ends before the image does is an error, never a
/// silently completed image — for Huffman and arithmetic coding, baseline and
/// progressive, with or without an EOI marker appended after the cut.
final class StrictDecodingTests: XCTestCase {
    /// A JPEG of `image` with the coding chosen (libjpeg-turbo through the shim).
    static func jpeg(_ image: Image, quality: Int = 90, subsample420: Bool = true, progressive: Bool = false,
                     arithmetic: Bool = false, restartRows: Int = 0) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var err = tt_error()
        let status = image.pixels.withUnsafeBufferPointer { p in
            tt_jpeg_encode_coded(p.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.channels),
                                 Int32(quality), subsample420 ? 1 : 0, progressive ? 1 : 0, arithmetic ? 1 : 0,
                                 Int32(restartRows), &out, &size, &err)
        }
        defer { tt_free(out) }
        guard status == 0, let out else { throw DecodeError(path: "<test jpeg>", reason: .corrupt(ImageDecoder.message(err))) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    static let eoi: [UInt8] = [0xFF, 0xD9]

    func isTruncated(_ reason: DecodeError.Reason) -> Bool {
        if case .truncated = reason { return true }
        return false
    }

    /// The variants decode, and arithmetic and Huffman coding of the same
    /// coefficients give the same pixels (the coding is lossless).
    func testEveryCodingDecodesToTheSamePixels() throws {
        let image = SyntheticImages.pattern(width: 160, height: 120, channels: 3)
        let reference = try ImageDecoder.decode(try Self.jpeg(image))
        for (progressive, arithmetic, restart) in [(false, true, 0), (true, false, 0), (true, true, 0), (false, true, 2)] {
            let bytes = try Self.jpeg(image, progressive: progressive, arithmetic: arithmetic, restartRows: restart)
            let facts = try ImageDecoder.facts(of: bytes)
            XCTAssertEqual(facts.arithmetic, arithmetic)
            XCTAssertEqual(facts.progressive, progressive)
            XCTAssertEqual(try ImageDecoder.decode(bytes), reference, "progressive \(progressive) arithmetic \(arithmetic)")
            let crop = try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 64)))
            XCTAssertEqual(crop, reference.cropped(to: .centreSquare(side: 64, inWidth: 160, height: 120)))
        }
    }

    /// The case: an arithmetic-coded JPEG cut at 30 % with an EOI appended
    /// decoded "successfully" from zero bits. Every coding, cut at 10–90 %, with and
    /// without the EOI, full decode and centre crop: 0 accepted.
    func testTruncatedJPEGsAreNeverAccepted() throws {
        let image = SyntheticImages.pattern(width: 256, height: 256, channels: 3, seed: 7)
        for (progressive, arithmetic) in [(false, false), (false, true), (true, false), (true, true)] {
            let bytes = try Self.jpeg(image, progressive: progressive, arithmetic: arithmetic)
            for percent in stride(from: 10, through: 90, by: 10) {
                let cut = Array(bytes.prefix(bytes.count * percent / 100))
                for candidate in [cut, cut + Self.eoi] {
                    for crop in [DecodeOptions.Crop.none, .centreSquare(side: 128)] {
                        XCTAssertThrowsError(try ImageDecoder.decode(candidate, options: DecodeOptions(crop: crop)),
                                             "progressive \(progressive) arithmetic \(arithmetic) cut \(percent) % crop \(crop) eoi \(candidate.count > cut.count)") { error in
                            let reason = (error as! DecodeError).reason
                            XCTAssertTrue(self.isTruncated(reason) || reason.isCorrupt, "\(reason)")
                        }
                    }
                }
            }
        }
    }

    /// A cut below the crop: refused by default (the rest of the file is checked);
    /// with `checkWholeFile: false` the crop, whose pixels are all real, is returned.
    func testCutBelowTheCropAndCheckWholeFile() throws {
        let image = SyntheticImages.pattern(width: 256, height: 256, channels: 3, seed: 2)
        let png = try ImageEncoder.png(image)
        for bytes in [try Self.jpeg(image), try Self.jpeg(image, arithmetic: true), png] {
            let cut = Array(bytes.prefix(bytes.count * 9 / 10))
            for candidate in bytes.count == png.count ? [cut] : [cut, cut + Self.eoi] {
                XCTAssertThrowsError(try ImageDecoder.decode(candidate, options: DecodeOptions(crop: .centreSquare(side: 64))))
                let crop = try ImageDecoder.decode(candidate, options: DecodeOptions(crop: .centreSquare(side: 64),
                                                                                      checkWholeFile: false))
                XCTAssertEqual(crop, try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 64))))
            }
        }
    }

    /// A cut inside the last iMCU row of a sequential arithmetic scan (EOI appended)
    /// is seen too: at most two MCUs may be decoded after the data meets the marker,
    /// so a cut that leaves three or more MCUs without data is refused (here, the
    /// cuts keep 80–97 % of the bytes of images of 25 to 256 MCUs). And no genuine
    /// file is refused: every size, grey and colour.
    func testArithmeticCutInTheLastRowIsTruncated() throws {
        let cases: [(Int, Int, Int, UInt64, [Int])] = [(256, 256, 3, 4, [95, 97]), (64, 64, 1, 5, [90, 95]),
                                                      (120, 88, 3, 6, [90]), (8, 200, 1, 7, [75, 80])]
        for (width, height, channels, seed, percents) in cases {
            let image = SyntheticImages.pattern(width: width, height: height, channels: channels, seed: seed)
            let bytes = try Self.jpeg(image, arithmetic: true)
            XCTAssertNoThrow(try ImageDecoder.decode(bytes), "\(width)×\(height)")
            for percent in percents {
                let cut = Array(bytes.prefix(bytes.count * percent / 100)) + Self.eoi
                XCTAssertThrowsError(try ImageDecoder.decode(cut), "\(width)×\(height) cut \(percent) %")
            }
        }
    }

    /// The arithmetic cut is named for what it is.
    func testArithmeticCutSaysWhereTheDataEnds() throws {
        let bytes = try Self.jpeg(SyntheticImages.pattern(width: 256, height: 256, channels: 3, seed: 3), arithmetic: true)
        let cut = Array(bytes.prefix(bytes.count * 3 / 10)) + Self.eoi
        XCTAssertThrowsError(try ImageDecoder.decode(cut)) { error in
            guard case .truncated(let why) = (error as! DecodeError).reason else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("arithmetic-coded data of scan 1 ends before the scan does"), why)
        }
        // Lenient decoding (libjpeg's own behaviour) still completes it, which is what strict mode prevents.
        XCTAssertNoThrow(try ImageDecoder.decode(cut, options: DecodeOptions(strictJPEG: false)))
    }

    /// A progressive file whose later scans are missing (cut at a scan boundary and
    /// closed with EOI) is complete in libjpeg's eyes; strict decoding sees the
    /// coefficients that never arrived.
    func testProgressiveFileMissingScansIsTruncated() throws {
        let bytes = try Self.jpeg(SyntheticImages.pattern(width: 128, height: 128, channels: 3, seed: 5), progressive: true)
        // Start-of-scan markers (FF DA); cut just before the last one.
        let sos = (2..<bytes.count - 1).filter { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA }
        XCTAssertGreaterThan(sos.count, 3)
        let cut = Array(bytes.prefix(sos.last!)) + Self.eoi
        XCTAssertThrowsError(try ImageDecoder.decode(cut)) { error in
            guard case .truncated(let why) = (error as! DecodeError).reason else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("progressive data ends early"), why)
        }
    }

    /// A Huffman JPEG header claiming far more blocks than its bytes could code.
    func testHuffmanFileTooSmallForItsHeaderIsTruncated() throws {
        var bytes = try Self.jpeg(SyntheticImages.pattern(width: 64, height: 64, channels: 3))
        // SOF0: FF C0, length (2), precision (1), height (2), width (2).
        let sof = try XCTUnwrap((2..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes.replaceSubrange((sof + 5)..<(sof + 9), with: [0xEA, 0x60, 0x10, 0x00])  // 60000 high, 4096 wide
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, options: DecodeOptions(crop: .centreSquare(side: 256)))) { error in
            guard case .truncated(let why) = (error as! DecodeError).reason else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("cannot hold the Huffman-coded data of a 4096×60000 JPEG"), why)
        }
    }

    /// PNG: image data that ends before the last row is truncation (with IEND
    /// still present after the cut IDAT), and the reason is not said twice.
    func testPNGWithShortImageDataIsTruncated() throws {
        let png = try ImageEncoder.png(SyntheticImages.pattern(width: 64, height: 64, channels: 3))
        let idat = try XCTUnwrap((8..<png.count - 4).first { png[$0..<($0 + 4)].elementsEqual(Array("IDAT".utf8)) })
        let length = Int(png[idat - 4]) << 24 | Int(png[idat - 3]) << 16 | Int(png[idat - 2]) << 8 | Int(png[idat - 1])
        // Keep the first half of the compressed data in a well-formed IDAT, then IEND.
        let kept = Array(png[(idat + 4)..<(idat + 4 + length / 2)])
        var short = Array(png[0..<(idat - 4)]) + bigEndian32(UInt32(kept.count)) + Array("IDAT".utf8) + kept
        short += bigEndian32(pngCRC(ArraySlice(Array("IDAT".utf8) + kept)))
        short += Array(png[(png.count - 12)...])
        XCTAssertThrowsError(try ImageDecoder.decode(short)) { error in
            let e = error as! DecodeError
            XCTAssertTrue(self.isTruncated(e.reason), "\(e.reason)")
            XCTAssertFalse(e.reasonDescription.contains("truncated: truncated"), e.reasonDescription)
        }
        XCTAssertThrowsError(try ImageDecoder.decode(Array(png.prefix(png.count / 2)))) { error in
            XCTAssertEqual((error as! DecodeError).reasonDescription.components(separatedBy: "truncated").count, 2)
        }
    }
}

extension DecodeError.Reason {
    var isCorrupt: Bool {
        if case .corrupt = self { return true }
        return false
    }
}
