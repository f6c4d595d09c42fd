import TelltaleTestSupport
import XCTest
import TelltaleSupport
@testable import TelltaleImaging

/// Mutates valid PNG and JPEG files thousands of times (fixed seed) and asserts
/// that every decode either succeeds or throws a DecodeError: no crash, no trap.
/// (Run the suite under valgrind or ASan to check for leaks and memory errors.)
final class FuzzTests: XCTestCase {
    func fuzz(_ seedBytes: [UInt8], iterations: Int, seed: UInt64) -> (ok: Int, failed: Int) {
        var rng = SeededGenerator(seed: seed)
        var ok = 0, failed = 0
        for _ in 0..<iterations {
            var bytes = seedBytes
            let mutations = 1 + rng.nextIndex(below: 8)
            for _ in 0..<mutations {
                switch rng.nextIndex(below: 5) {
                case 0:  // flip a bit
                    let i = rng.nextIndex(below: bytes.count)
                    bytes[i] ^= UInt8(1 << rng.nextIndex(below: 8))
                case 1:  // random byte
                    bytes[rng.nextIndex(below: bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
                case 2:  // truncate
                    bytes = Array(bytes.prefix(1 + rng.nextIndex(below: bytes.count)))
                case 3:  // duplicate a span
                    let i = rng.nextIndex(below: bytes.count), n = min(1 + rng.nextIndex(below: 32), bytes.count - i)
                    bytes.insert(contentsOf: bytes[i..<(i + n)], at: rng.nextIndex(below: bytes.count))
                default:  // interesting values in the header region
                    let i = rng.nextIndex(below: min(bytes.count, 64))
                    bytes[i] = [0x00, 0xFF, 0x7F, 0x80, 0x01][rng.nextIndex(below: 5)]
                }
                if bytes.isEmpty { break }
            }
            let options = DecodeOptions(crop: rng.nextIndex(below: 2) == 0 ? .none : .centreSquare(side: 16),
                                        maxPixels: 1 << 22)
            do {
                _ = try ImageDecoder.facts(of: bytes, path: "fuzz")
                _ = try ImageDecoder.decode(bytes, path: "fuzz", options: options)
                ok += 1
            } catch {
                XCTAssertEqual(error.path, "fuzz")
                failed += 1
            }
        }
        return (ok, failed)
    }

    func testFuzzPNG() throws {
        for (i, (channels, interlaced)) in [(3, false), (1, false), (3, true)].enumerated() {
            let image = SyntheticImages.pattern(width: 24, height: 20, channels: channels)
            let bytes: [UInt8]
            if interlaced {
                bytes = try Fixtures.png(rows: image.pixels, rowBytes: 24 * channels, width: 24, height: 20,
                                         bitDepth: 8, colourType: channels == 3 ? 2 : 0, interlace: true)
            } else {
                bytes = try ImageEncoder.png(image)
            }
            let result = fuzz(bytes, iterations: 1500, seed: UInt64(100 + i))
            XCTAssertEqual(result.ok + result.failed, 1500)
            XCTAssertGreaterThan(result.failed, 0)
        }
    }

    func testFuzzJPEG() throws {
        var sources = [try ImageEncoder.jpeg(SyntheticImages.pattern(width: 40, height: 24, channels: 3), quality: 80)]
        sources.append(Fixtures.bytes("q85_420_progressive.jpg"))
        sources.append(Fixtures.bytes("q80_grey.jpg"))
        for (i, bytes) in sources.enumerated() {
            let result = fuzz(bytes, iterations: 1500, seed: UInt64(200 + i))
            XCTAssertEqual(result.ok + result.failed, 1500)
            XCTAssertGreaterThan(result.failed, 0)
        }
    }
}
