import XCTest
@testable import TelltaleImaging

final class PerturbationResizeTests: XCTestCase {
    func testDimensions() {
        let image = Image(width: 10, height: 7, channels: 1, pixels: [UInt8](repeating: 5, count: 70))
        let half = image.resized(scale: 0.5)
        XCTAssertEqual([half.width, half.height], [5, 4])  // 3.5 rounds away from zero
        let double = image.resized(scale: 2)
        XCTAssertEqual([double.width, double.height], [20, 14])
        let tiny = image.resized(scale: 0.01)
        XCTAssertEqual([tiny.width, tiny.height], [1, 1])
        XCTAssertEqual(image.resized(scale: 1), image)
        XCTAssertEqual(half.pixels, [UInt8](repeating: 5, count: 20))  // constant stays constant
    }

    func testMatchesNumpyBilinearReference() throws {
        for crop in PerturbationFixtures.crops {
            let image = try PerturbationFixtures.image(crop)
            for (scale, key) in [(0.5, "resize0.5"), (0.75, "resize0.75"), (1.5, "resize1.5")] {
                let out = image.resized(scale: scale)
                let expected = try PerturbationFixtures.golden(crop, key)
                XCTAssertEqual(out.pixels.count, expected.count, "\(crop) ×\(scale)")
                XCTAssertLessThanOrEqual(PerturbationFixtures.maxDifference(out.pixels, expected), 1, "\(crop) ×\(scale)")
            }
        }
    }

    func testHalvingAveragesTwoByTwoBlocks() {
        // At scale ½ with half-pixel centres each output pixel is the mean of a 2×2 block.
        let image = Image(width: 2, height: 2, channels: 1, pixels: [10, 20, 30, 41])
        XCTAssertEqual(image.resized(scale: 0.5).pixels, [25])  // 25.25
    }
}
