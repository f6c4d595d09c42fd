import TelltaleTestSupport
import XCTest
@testable import TelltaleImaging

final class PerturbationBlurTests: XCTestCase {
    func testConstantImageStaysConstant() {
        let image = Image(width: 9, height: 7, channels: 3, pixels: [UInt8](repeating: 143, count: 9 * 7 * 3))
        for sigma in [0.3, 1, 3, 5] {  // σ = 5: kernel wider than the image (repeated mirroring)
            XCTAssertEqual(image.blurred(sigma: sigma), image, "σ = \(sigma)")
        }
    }

    /// Blurring only a region (and its 3σ margin) gives exactly the region of the
    /// whole blurred image: inside, at the edges (mirrored margins) and with a
    /// kernel wider than the image.
    func testRegionalBlurEqualsCropOfFullBlur() {
        let image = SyntheticImages.pattern(width: 61, height: 47, channels: 3, seed: 9)
        let regions = [PixelRegion(x: 20, y: 10, width: 16, height: 16), PixelRegion(x: 0, y: 0, width: 61, height: 47),
                       PixelRegion(x: 0, y: 30, width: 5, height: 17), PixelRegion(x: 55, y: 0, width: 6, height: 3),
                       .centreSquare(side: 32, inWidth: 61, height: 47)]
        for sigma in [0.0, 0.5, 1, 2.5, 20] {
            let full = image.blurred(sigma: sigma)
            for region in regions {
                XCTAssertEqual(image.blurred(sigma: sigma, within: region), full.cropped(to: region), "σ \(sigma) \(region)")
            }
        }
    }

    func testZeroAndTinySigmaAreIdentity() throws {
        let image = try PerturbationFixtures.image("sd14_fake")
        XCTAssertEqual(image.blurred(sigma: 0), image)
        // σ = 0.2: side taps weigh exp(−12.5) ≈ 4e-6, far below half a grey level.
        XCTAssertEqual(image.blurred(sigma: 0.2), image)
    }

    func testMatchesScipyReference() throws {
        for crop in PerturbationFixtures.crops {
            let image = try PerturbationFixtures.image(crop)
            for (sigma, key) in [(1.0, "blur1"), (2.5, "blur2.5")] {
                let out = image.blurred(sigma: sigma)
                let expected = try PerturbationFixtures.golden(crop, key)
                // Float vs double accumulation can flip a rounding at .5: at most one grey level.
                XCTAssertLessThanOrEqual(PerturbationFixtures.maxDifference(out.pixels, expected), 1, "\(crop) σ=\(sigma)")
                let exact = zip(out.pixels, expected).filter { $0 == $1 }.count
                XCTAssertGreaterThan(Double(exact) / Double(expected.count), 0.99, "\(crop) σ=\(sigma)")
            }
        }
    }

    func testBlurReducesHighFrequencyEnergy() throws {
        let image = try PerturbationFixtures.image("sd14_fake")
        func energy(_ im: Image) -> Double {
            var e = 0.0
            for y in 0..<im.height { for x in 1..<im.width {
                let d = Double(im[x, y, 0]) - Double(im[x - 1, y, 0]); e += d * d
            } }
            return e
        }
        XCTAssertLessThan(energy(image.blurred(sigma: 1.5)), 0.5 * energy(image))
    }
}
