import Foundation
import XCTest
import TelltaleImaging
@testable import TelltaleFeatures

final class SPAMFamilyTests: XCTestCase {
    func testMatchesReferenceImplementation() throws {
        for crop in ResidualFixtures.crops {
            let input = try ResidualFixtures.input(crop)
            for colour in ColourMode.allCases {
                let family = SPAMFamily(parameters: .init(), cropSize: 64, colour: colour)
                let values = family.extract(input)
                XCTAssertEqual(values.count, family.featureNames.count)
                ResidualFixtures.assertClose(values, try ResidualFixtures.golden(crop, "spam.\(colour.rawValue)"),
                                             tolerance: 1e-6, "\(crop) \(colour)")
            }
            let joint = SPAMFamily(parameters: .init(normalisation: .joint), cropSize: 64, colour: .luminance)
            ResidualFixtures.assertClose(joint.extract(input), try ResidualFixtures.golden(crop, "spam.joint.luminance"),
                                         tolerance: 1e-6, "\(crop) joint")
        }
    }

    func testDimensionIs686PerPlaneWithStableNames() {
        let family = SPAMFamily(parameters: .init(), cropSize: 64, colour: .luminance)
        XCTAssertEqual(family.featureNames.count, 686)
        XCTAssertEqual(family.featureNames[0], "spam.y.s.000")
        XCTAssertEqual(family.featureNames[1], "spam.y.s.100")
        XCTAssertEqual(family.featureNames[7], "spam.y.s.010")
        XCTAssertEqual(family.featureNames[343], "spam.y.d.000")
        XCTAssertEqual(SPAMFamily(parameters: .init(), cropSize: 64, colour: .rgb).featureNames.count, 3 * 686)
        XCTAssertEqual(SPAMFamily(parameters: .init(truncation: 4), cropSize: 64, colour: .luminance).featureNames.count, 2 * 729)
    }

    func testTransitionProbabilitiesSumToTheShareOfDirectionsWhereTheStateOccurs() throws {
        let family = SPAMFamily(parameters: .init(), cropSize: 64, colour: .luminance)
        let values = family.extract(try ResidualFixtures.input("sd14_fake"))
        var sawFull = false
        for state in 0..<(2 * 49) {
            let sum = Double(values[(state * 7)..<(state * 7 + 7)].reduce(0, +))
            // Each of the 4 averaged directions contributes 1/4 if the state occurs in it.
            XCTAssertEqual((sum * 4).rounded(), sum * 4, accuracy: 1e-5, "state \(state)")
            XCTAssertLessThanOrEqual(sum, 1 + 1e-6)
            if abs(sum - 1) < 1e-6 { sawFull = true }
        }
        XCTAssertTrue(sawFull)
        // The all-zero state (v = w = 0) occurs in every direction of a natural crop.
        let centre = (3 + 7 * 3) * 7
        XCTAssertEqual(values[centre..<(centre + 7)].reduce(0, +), 1, accuracy: 1e-6)
    }

    func testJointFrequenciesSumToOnePerGroup() throws {
        let family = SPAMFamily(parameters: .init(normalisation: .joint), cropSize: 64, colour: .luminance)
        let values = family.extract(try ResidualFixtures.input("imagenet_real"))
        XCTAssertEqual(values[0..<343].reduce(0, +), 1, accuracy: 1e-5)
        XCTAssertEqual(values[343...].reduce(0, +), 1, accuracy: 1e-5)
    }

    func testConstantImageIsAZeroDifferenceChain() {
        let family = SPAMFamily(parameters: .init(), cropSize: 16, colour: .luminance)
        let values = family.extract(ResidualFixtures.constant(side: 16, value: 200))
        let names = family.featureNames
        for (name, value) in zip(names, values) {
            XCTAssertEqual(value, name.hasSuffix(".333") ? 1 : 0, name)
        }
    }

    func testParametersDecodeWithMissingKeys() throws {
        let p = try JSONDecoder().decode(SPAMFamily.Parameters.self, from: Data("{}".utf8))
        XCTAssertEqual(p, SPAMFamily.Parameters())
    }
}
