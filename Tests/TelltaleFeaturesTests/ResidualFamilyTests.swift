import Foundation
import XCTest
import TelltaleImaging
@testable import TelltaleFeatures

final class ResidualFamilyTests: XCTestCase {
    func testMatchesNumpyReferenceOnLuminanceAndRGB() throws {
        for crop in ResidualFixtures.crops {
            let input = try ResidualFixtures.input(crop)
            for colour in ColourMode.allCases {
                let family = ResidualFamily(parameters: .init(), cropSize: 64, colour: colour)
                let values = family.extract(input)
                XCTAssertEqual(values.count, family.featureNames.count)
                // Frequencies with denominators ≤ 64²: 1e-6 is far below one count (≈ 2.5e-4).
                ResidualFixtures.assertClose(values, try ResidualFixtures.golden(crop, "residual.\(colour.rawValue)"),
                                             tolerance: 1e-6, "\(crop) \(colour)")
            }
        }
    }

    func testNonDefaultQuantisationTruncationAndOrder() throws {
        let parameters = ResidualFamily.Parameters(quantisation: 1.5, truncation: 1, order: 2)
        let family = ResidualFamily(parameters: parameters, cropSize: 64, colour: .luminance)
        XCTAssertEqual(family.featureNames.count, 6 * 2 * 9)
        for crop in ResidualFixtures.crops {
            ResidualFixtures.assertClose(family.extract(try ResidualFixtures.input(crop)),
                                         try ResidualFixtures.golden(crop, "residual.q1.5.T1.order2.luminance"),
                                         tolerance: 1e-6, crop)
        }
    }

    func testConstantImagePutsAllMassInTheCentreBin() {
        let family = ResidualFamily(parameters: .init(), cropSize: 32, colour: .rgb)
        let values = family.extract(ResidualFixtures.constant(side: 32, value: 117))
        let names = family.featureNames
        XCTAssertEqual(values.count, 3 * 6 * 2 * 125)
        for (name, value) in zip(names, values) {
            XCTAssertEqual(value, name.hasSuffix(".222") ? 1 : 0, name)
        }
    }

    func testHistogramsSumToOneAndNamesAreStable() throws {
        let family = ResidualFamily(parameters: .init(), cropSize: 64, colour: .luminance)
        let values = family.extract(try ResidualFixtures.input("sd14_fake"))
        for h in 0..<12 {
            let sum = values[(h * 125)..<((h + 1) * 125)].reduce(0, +)
            XCTAssertEqual(sum, 1, accuracy: 1e-4)
        }
        XCTAssertEqual(family.featureNames.first, "residual.y.d1h.h.000")
        XCTAssertEqual(family.featureNames[125], "residual.y.d1h.v.000")
        XCTAssertEqual(family.featureNames.last, "residual.y.kv.v.444")
        XCTAssertEqual(Set(family.featureNames).count, family.featureNames.count)
    }

    func testTooSmallCropGivesZerosForKernelsThatDoNotFit() {
        let family = ResidualFamily(parameters: .init(filters: ["d1h", "kv"]), cropSize: 4, colour: .luminance)
        let values = family.extract(ResidualFixtures.constant(side: 4, value: 3, channels: 1))
        XCTAssertEqual(values.count, 2 * 2 * 125)
        XCTAssertEqual(values[0..<250].reduce(0, +), 2, accuracy: 1e-6)  // d1h fits
        XCTAssertEqual(values[250...].reduce(0, +), 0)  // 5×5 kernel does not
    }

    func testFilterResidualsOnARamp() {
        // X[y, x] = 3x + 5y: first differences are constant, higher-order ones vanish.
        let n = 8
        let plane = (0..<(n * n)).map { Float(3 * ($0 % n) + 5 * ($0 / n)) }
        XCTAssertEqual(Set(HighPassFilter.firstOrderHorizontal.apply(plane, width: n, height: n).values), [3])
        XCTAssertEqual(Set(HighPassFilter.firstOrderVertical.apply(plane, width: n, height: n).values), [5])
        for f in [HighPassFilter.secondOrderHorizontal, .secondOrderVertical, .kb, .kv] {
            let r = f.apply(plane, width: n, height: n)
            XCTAssertEqual(r.values.count, (n - f.width + 1) * (n - f.height + 1))
            XCTAssertEqual(Set(r.values), [0], f.name)
        }
    }

    func testParametersDecodeWithMissingKeys() throws {
        let p = try JSONDecoder().decode(ResidualFamily.Parameters.self, from: Data(#"{"truncation": 3}"#.utf8))
        XCTAssertEqual(p.truncation, 3)
        XCTAssertEqual(p.filters, ResidualFamily.Parameters().filters)
        let round = try JSONDecoder().decode(ResidualFamily.Parameters.self, from: JSONEncoder().encode(p))
        XCTAssertEqual(round, p)
    }
}

final class ResidualParameterValidationTests: XCTestCase {
    func testDefaultsValidate() throws {
        try ResidualFamily.Parameters().validate()
        try SPAMFamily.Parameters().validate()
        try NPRFamily.Parameters().validate()
        try ColourCorrelationFamily.Parameters().validate()
    }

    func testBadParametersAreReported() {
        XCTAssertThrowsError(try ResidualFamily.Parameters(filters: ["kb", "srm"]).validate()) { error in
            XCTAssertTrue(String(describing: error).contains("srm"))
        }
        XCTAssertThrowsError(try ResidualFamily.Parameters(quantisation: 0).validate())
        XCTAssertThrowsError(try ResidualFamily.Parameters(order: 5).validate())
        XCTAssertThrowsError(try SPAMFamily.Parameters(truncation: 0).validate())
        XCTAssertThrowsError(try NPRFamily.Parameters(histogramEdges: [1, 0]).validate())
        XCTAssertThrowsError(try ColourCorrelationFamily.Parameters(filters: []).validate())
    }
}
