import XCTest
import TelltaleImaging
import TelltaleTestSupport
@testable import TelltaleFeatures

final class ColourCorrelationFamilyTests: XCTestCase {
    func testMatchesNumpyReference() throws {
        let family = ColourCorrelationFamily(parameters: .init(), cropSize: 64, colour: .luminance)
        XCTAssertEqual(family.featureNames.count, 18)
        for crop in ResidualFixtures.crops {
            let values = family.extract(try ResidualFixtures.input(crop))
            ResidualFixtures.assertClose(values, try ResidualFixtures.golden(crop, "colour-correlation"),
                                         tolerance: 1e-5, crop)
        }
    }

    func testGreyAndConstantImagesCorrelatePerfectly() throws {
        let family = ColourCorrelationFamily(parameters: .init(), cropSize: 64, colour: .rgb)
        XCTAssertEqual(family.extract(try ResidualFixtures.input("ffhq_real_grey")), [Float](repeating: 1, count: 18))
        XCTAssertEqual(family.extract(ResidualFixtures.constant(side: 16, value: 9)), [Float](repeating: 1, count: 18))
    }

    func testPairwiseHelperAgreesWithSharedMoments() throws {
        let planes = try ResidualFixtures.input("sd14_fake").image.rgbPlanes()
        let residuals = planes.map { HighPassFilter.kb.apply($0, width: 64, height: 64).values }
        var shared = [Float]()
        ColourCorrelationFamily.appendCorrelations(residuals, count: residuals[0].count, to: &shared)
        let pairwise = [(0, 1), (0, 2), (1, 2)].map {
            ColourCorrelationFamily.correlation(residuals[$0.0], residuals[$0.1], count: residuals[0].count)
        }
        for (a, b) in zip(shared, pairwise) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        XCTAssertEqual(ColourCorrelationFamily.correlation(residuals[0], residuals[0], count: residuals[0].count), 1,
                       accuracy: 1e-6)
    }

    func testIndependentChannelsAndFlatChannel() {
        // R varies, G is flat, B = 255 − R: ρ(R, B) = −1, correlations with flat G are 0.
        let n = 16
        var pixels = [UInt8](repeating: 0, count: n * n * 3)
        let noise = SeededData.samples(n * n, bits: 8, seed: 12345)
        for i in 0..<(n * n) {
            let r = UInt8(noise[i])
            pixels[3 * i] = r
            pixels[3 * i + 1] = 50
            pixels[3 * i + 2] = 255 - r
        }
        let family = ColourCorrelationFamily(parameters: .init(filters: ["kb"]), cropSize: n, colour: .rgb)
        let values = family.extract(FeatureInput(image: Image(width: n, height: n, channels: 3, pixels: pixels)))
        XCTAssertEqual(family.featureNames, ["colour-correlation.kb.rg", "colour-correlation.kb.rb", "colour-correlation.kb.gb"])
        XCTAssertEqual(values[0], 0)
        XCTAssertEqual(values[1], -1, accuracy: 1e-6)
        XCTAssertEqual(values[2], 0)
    }
}
