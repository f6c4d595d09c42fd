import XCTest
import TelltaleImaging

final class ImagePlanesTests: XCTestCase {
    func testLuminanceIsExactTimes1000AndCorrectlyRounded() {
        // (113, 135, 137) − (120, 130, 140): 1000 Y differs by exactly 500.
        let image = Image(width: 3, height: 1, channels: 3, pixels: [120, 130, 140, 113, 135, 137, 255, 255, 255])
        XCTAssertEqual(image.luminanceTimes1000(), [128_150, 128_650, 255_000])
        let y = image.luminance()
        XCTAssertEqual(y[1] - y[0], 0.5)  // 0.299 R + 0.587 G + 0.114 B in float32 gives 0.49998
        XCTAssertEqual(y[0], Float(128.15))
        XCTAssertEqual(y[2], 255)
        let grey = Image(width: 2, height: 1, channels: 1, pixels: [0, 77])
        XCTAssertEqual(grey.luminanceTimes1000(), [0, 77_000])
        XCTAssertEqual(grey.luminance(), [0, 77])
    }
}
