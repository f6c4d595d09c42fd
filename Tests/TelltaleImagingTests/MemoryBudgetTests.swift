import Foundation
import TelltaleTestSupport
import XCTest
@testable import TelltaleImaging

/// The memory budget: what a header claims is checked against the file and the
/// budget before memory is committed, and crop decoding needs memory in
/// proportion to the crop where the format allows it.
final class MemoryBudgetTests: XCTestCase {
    func overBudget(_ reason: DecodeError.Reason) -> (needed: Int, budget: Int, what: String)? {
        if case .overBudget(let needed, let budget, let what) = reason { return (needed, budget, what) }
        return nil
    }

    /// A 69-byte PNG whose IHDR says 16384×16384 RGB: refused from the header,
    /// as data the file cannot hold, before the 768 MiB output is allocated —
    /// whatever the budget.
    func testTinyPNGClaimingAHugeImage() throws {
        var png = try ImageEncoder.png(SyntheticImages.pattern(width: 8, height: 8, channels: 3))
        png.replaceSubrange(16..<20, with: bigEndian32(16384))
        png.replaceSubrange(20..<24, with: bigEndian32(16384))
        png.replaceSubrange(29..<33, with: bigEndian32(pngCRC(png[12..<29])))
        for budget in [DecodeOptions.defaultMemoryBudget, 1 << 40] {
            XCTAssertThrowsError(try ImageDecoder.decode(png, options: DecodeOptions(memoryBudget: budget))) { error in
                guard case .truncated(let why) = (error as! DecodeError).reason else { return XCTFail("\(error)") }
                XCTAssertTrue(why.contains("cannot hold the compressed rows of a 16384×16384 PNG"), why)
            }
        }
    }

    /// A progressive JPEG keeps every DCT coefficient (128 bytes per block and
    /// component) even for a small crop; over the budget it is refused, saying so.
    /// The same image coded baseline needs only rows, and its crop decodes.
    func testProgressiveCoefficientsCountAgainstTheBudget() throws {
        let image = SyntheticImages.pattern(width: 512, height: 512, channels: 3)
        let progressive = try StrictDecodingTests.jpeg(image, subsample420: false, progressive: true)
        let baseline = try StrictDecodingTests.jpeg(image, subsample420: false)
        let budget = 1 << 20 + progressive.count  // 1 MiB + the file
        let options = DecodeOptions(crop: .centreSquare(side: 64), memoryBudget: budget)
        XCTAssertThrowsError(try ImageDecoder.decode(progressive, options: options)) { error in
            guard let over = self.overBudget((error as! DecodeError).reason) else { return XCTFail("\(error)") }
            XCTAssertEqual(over.budget, budget)
            // 4096 blocks × 3 components × 128 bytes of coefficients alone.
            XCTAssertGreaterThan(over.needed, 4096 * 3 * 128)
            XCTAssertTrue(over.what.contains("DCT coefficients of a progressive JPEG"), over.what)
            XCTAssertTrue((error as! DecodeError).reasonDescription.hasPrefix("too large: the DCT coefficients"))
        }
        let crop = try ImageDecoder.decode(baseline, options: DecodeOptions(crop: .centreSquare(side: 64), memoryBudget: 2 << 20))
        XCTAssertEqual(crop.width, 64)
        // With the default budget both decode, to the same pixels.
        XCTAssertEqual(try ImageDecoder.decode(progressive), try ImageDecoder.decode(baseline))
    }

    /// The file's bytes and the decoded pixels count too.
    func testFileAndOutputCountAgainstTheBudget() throws {
        let png = try ImageEncoder.png(SyntheticImages.pattern(width: 200, height: 100, channels: 3))
        XCTAssertThrowsError(try ImageDecoder.decode(png, options: DecodeOptions(memoryBudget: 50_000))) { error in
            guard let over = self.overBudget((error as! DecodeError).reason) else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(over.needed, png.count + 200 * 100 * 3)
            XCTAssertTrue(over.what.contains("decoded 200×100 pixels"), over.what)
        }
        // A 64² crop of it fits in much less.
        XCTAssertNoThrow(try ImageDecoder.decode(png, options: DecodeOptions(crop: .centreSquare(side: 64),
                                                                            memoryBudget: png.count + 64 * 64 * 3 + (1 << 20) + 8192)))
    }

    /// What the caller will do with the pixels afterwards (a perturbation's copies)
    /// is counted before they are allocated.
    func testWorkingCopiesCountAgainstTheBudget() throws {
        let png = try ImageEncoder.png(SyntheticImages.pattern(width: 1000, height: 1000, channels: 3))
        let budget = png.count + 1000 * 1000 * 3 + (1 << 20) + 128 * 1024
        XCTAssertNoThrow(try ImageDecoder.decode(png, options: DecodeOptions(memoryBudget: budget)))
        var options = DecodeOptions(memoryBudget: budget)
        options.workingCopies = Perturbation.jpeg(quality: 90).pixelCopies
        XCTAssertThrowsError(try ImageDecoder.decode(png, options: options)) { error in
            guard let over = self.overBudget((error as! DecodeError).reason) else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(over.needed, png.count + 3 * 1000 * 1000 * 3)
            XCTAssertTrue(over.what.contains("with 2 working copies"), over.what)
        }
        XCTAssertEqual(Perturbation.blur(sigma: 1).pixelCopies, 5)
        XCTAssertEqual(Perturbation.resize(scale: 0.5).pixelCopies, 0.25)
    }

    /// Adam7: the crop is assembled from the seven passes one row at a time, so a
    /// crop of an interlaced image decodes in a budget far below the whole image,
    /// and equals the same crop of a full decode.
    func testInterlacedPNGCropIsProportionalToTheCrop() throws {
        let image = SyntheticImages.pattern(width: 1200, height: 900, channels: 3, seed: 11)
        let interlaced = try Fixtures.png(rows: image.pixels, rowBytes: 1200 * 3, width: 1200, height: 900, bitDepth: 8,
                                          colourType: 2, interlace: true)
        XCTAssertTrue(try ImageDecoder.facts(of: interlaced).interlaced)
        XCTAssertEqual(try ImageDecoder.decode(interlaced), image)
        let budget = interlaced.count + 256 * 256 * 3 + (1 << 20) + 64 * 1024
        // Not enough for the whole image, which a full-image buffer would need.
        XCTAssertThrowsError(try ImageDecoder.decode(interlaced, options: DecodeOptions(memoryBudget: budget)))
        for region in [PixelRegion(x: 472, y: 322, width: 256, height: 256), PixelRegion(x: 1, y: 3, width: 5, height: 7),
                       PixelRegion(x: 1195, y: 893, width: 5, height: 7)] {
            let crop = try ImageDecoder.decode(interlaced, options: DecodeOptions(crop: .region(region), memoryBudget: budget))
            XCTAssertEqual(crop, image.cropped(to: region), "\(region)")
        }
    }

    /// Peak resident memory of this process so far (VmHWM), in bytes.
    static func peakResident() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kib * 1024
    }

    /// A text chunk's length field is not believed: libpng would allocate the
    /// 2 GiB a 60-byte file's tEXt claims before reading it. Ancillary chunks are
    /// stepped over instead; a PNG with many of them still decodes.
    func testPNGChunkClaimingGigabytesIsNotAllocated() throws {
        let valid = try ImageEncoder.png(SyntheticImages.pattern(width: 8, height: 8, channels: 3))
        let ihdrEnd = 8 + 25
        let before = Self.peakResident()
        for name in ["tEXt", "zTXt", "iTXt", "sPLT", "iCCP"] {
            let liar = Array(valid[0..<ihdrEnd]) + bigEndian32(0x7FFF_FFFF) + Array(name.utf8) + [UInt8](repeating: 65, count: 30)
            XCTAssertThrowsError(try ImageDecoder.facts(of: liar), name)
            XCTAssertThrowsError(try ImageDecoder.decode(liar), name)
        }
        XCTAssertLessThan(Self.peakResident() - before, 64 << 20)
        // Many honest text chunks between IHDR and IDAT: skipped, and the pixels are right.
        var text: [UInt8] = []
        for i in 0..<200 {
            let data = Array("Comment\0chunk \(i)".utf8)
            text += bigEndian32(UInt32(data.count)) + Array("tEXt".utf8) + data + bigEndian32(pngCRC(ArraySlice(Array("tEXt".utf8) + data)))
        }
        let annotated = Array(valid[0..<ihdrEnd]) + text + Array(valid[ihdrEnd...])
        XCTAssertEqual(try ImageDecoder.decode(annotated), try ImageDecoder.decode(valid))
    }

    // MARK: - Reading files

    /// Only regular files are read: a FIFO would block for ever and /dev/zero
    /// never ends. Both are refused at once, through a symbolic link too.
    func testSpecialFilesAreNotRead() throws {
        let dir = try makeTemporaryDirectory(prefix: "telltale-special").path
        XCTAssertEqual(mkfifo(dir + "/f.jpg", 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/z.jpg", withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: dir + "/gone.jpg", withDestinationPath: dir + "/missing.jpg")
        let cases: [(String, DecodeError.Reason)] = [
            ("f.jpg", .notRegularFile("a FIFO")), ("z.jpg", .notRegularFile("a character device")),
            ("gone.jpg", .unreadable("dangling symbolic link")), ("", .notRegularFile("a directory")),
        ]
        for (name, reason) in cases {
            let path = name.isEmpty ? dir : dir + "/" + name
            XCTAssertThrowsError(try ImageDecoder.readFile(path)) { error in
                XCTAssertEqual((error as! DecodeError).reason, reason, name)
                XCTAssertEqual((error as! DecodeError).path, path)
            }
        }
        XCTAssertEqual(DecodeError(path: "x", reason: .notRegularFile("a FIFO")).reasonDescription, "not a regular file (a FIFO)")
    }

    /// A file larger than the budget is refused before its bytes are read.
    func testFileLargerThanTheBudgetIsNotRead() throws {
        let path = try temporaryFile([UInt8](repeating: 7, count: 10_000))
        XCTAssertEqual(try ImageDecoder.readFile(path, budget: 10_000).count, 10_000)
        XCTAssertThrowsError(try ImageDecoder.readFile(path, budget: 9_999)) { error in
            guard let over = self.overBudget((error as! DecodeError).reason) else { return XCTFail("\(error)") }
            XCTAssertEqual(over.needed, 10_000)
            XCTAssertEqual(over.budget, 9_999)
        }
    }

    func testByteCounts() {
        XCTAssertEqual(ByteCount.format(512), "512 bytes")
        XCTAssertEqual(ByteCount.format(256 << 20), "256 MiB")
        XCTAssertEqual(ByteCount.format(1536), "1.5 KiB")
        XCTAssertEqual(ByteCount.format(1_700_000_000), "1.58 GiB")
        XCTAssertEqual(ByteCount.parse("256M"), 256 << 20)
        XCTAssertEqual(ByteCount.parse("1GiB"), 1 << 30)
        XCTAssertEqual(ByteCount.parse("1.5k"), 1536)
        XCTAssertEqual(ByteCount.parse("1000"), 1000)
        XCTAssertNil(ByteCount.parse("-5M"))
        XCTAssertNil(ByteCount.parse("lots"))
    }
}
