import XCTest
import TelltaleImaging
@testable import TelltaleFeatures

final class NPRFamilyTests: XCTestCase {
    func testMatchesNumpyReference() throws {
        for crop in ResidualFixtures.crops {
            let input = try ResidualFixtures.input(crop)
            for colour in ColourMode.allCases {
                let family = NPRFamily(parameters: .init(), cropSize: 64, colour: colour)
                let values = family.extract(input)
                XCTAssertEqual(values.count, family.featureNames.count)
                let expected = try ResidualFixtures.golden(crop, "npr.\(colour.rawValue)")
                // Relative 1e-5 (statistics accumulate in double, reported as Float).
                let scaled = zip(values, expected).map { Float(Double($0) / max(1, abs($1))) }
                ResidualFixtures.assertClose(scaled, expected.map { $0 / max(1, abs($0)) },
                                             tolerance: 1e-5, "\(crop) \(colour)")
            }
        }
    }

    func testNearestNeighbourUpsampledImageHasZeroResidual() {
        // Every 2×2 block constant: exactly what up_nn produces.
        let n = 16
        var pixels = [UInt8](repeating: 0, count: n * n)
        for y in 0..<n { for x in 0..<n { pixels[y * n + x] = UInt8((x / 2 * 37 + y / 2 * 11) % 256) } }
        let family = NPRFamily(parameters: .init(), cropSize: n, colour: .luminance)
        let values = family.extract(FeatureInput(image: Image(width: n, height: n, channels: 1, pixels: pixels)))
        let names = family.featureNames
        for (name, value) in zip(names, values) {
            // Everything in the central histogram bin [−0.5, 0.5).
            XCTAssertEqual(value, name == "npr.y.hist05" ? 1 : 0, name)
        }
    }

    func testPhaseEnergiesOnAStripePattern() {
        // Odd columns are 10 brighter: only phases (0,1) and (1,1) see the step.
        let n = 8
        let pixels = (0..<(n * n)).map { UInt8($0 % 2 == 1 ? 110 : 100) }
        let family = NPRFamily(parameters: .init(), cropSize: n, colour: .luminance)
        let v = Dictionary(uniqueKeysWithValues: zip(family.featureNames, family.extract(
            FeatureInput(image: Image(width: n, height: n, channels: 1, pixels: pixels)))))
        XCTAssertEqual(v["npr.y.rms01"]!, 10, accuracy: 1e-5)
        XCTAssertEqual(v["npr.y.rms10"]!, 0)
        XCTAssertEqual(v["npr.y.rms11"]!, 10, accuracy: 1e-5)
        XCTAssertEqual(v["npr.y.meanabs"]!, 20.0 / 3, accuracy: 1e-5)
        XCTAssertEqual(v["npr.y.hist09"]!, 2.0 / 3, accuracy: 1e-6)  // 10 ∈ [8, 16), the 10th bin
        XCTAssertEqual(v["npr.y.hist05"]!, 1.0 / 3, accuracy: 1e-6)  // 0 ∈ [−0.5, 0.5)
    }

    func testNamesAreStable() {
        let names = NPRFamily(parameters: .init(), cropSize: 64, colour: .rgb).featureNames
        XCTAssertEqual(names.count, 3 * 17)
        XCTAssertEqual(Array(names.prefix(7)), ["npr.r.meanabs", "npr.r.std", "npr.r.kurtosis", "npr.r.rms01",
                                                "npr.r.rms10", "npr.r.rms11", "npr.r.hist00"])
        XCTAssertEqual(names.last, "npr.b.hist10")
    }
}
