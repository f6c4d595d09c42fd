import Foundation
import XCTest
import TelltaleImaging
import TelltaleTestSupport
@testable import TelltaleFeatures

/// Fixtures of the noise-residual families: three small crops (two RGB 64×64, one
/// grey 61×61) and golden vectors from `scripts/fixtures/features_residual.py`.
enum ResidualFixtures {
    static let crops = ["imagenet_real", "sd14_fake", "ffhq_real_grey"]

    static func url(_ name: String, _ ext: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/residual"),
                      "missing fixture \(name).\(ext)")
    }

    static func input(_ crop: String) throws -> FeatureInput {
        FeatureInput(image: try ImageDecoder.decode(file: try url(crop, "png").path))
    }

    /// `golden[crop][key]`.
    static func golden(_ crop: String, _ key: String) throws -> [Double] {
        let data = try Data(contentsOf: try url("golden", "json"))
        let root = try JSONDecoder().decode([String: [String: [String: [Double]]]].self, from: data)
        return try XCTUnwrap(root["crops"]?[crop]?[key], "no golden \(crop)/\(key)")
    }

    static func constant(side: Int, value: UInt8, channels: Int = 3) -> FeatureInput {
        FeatureInput(image: Image(width: side, height: side, channels: channels,
                                  pixels: [UInt8](repeating: value, count: side * side * channels)))
    }

    /// Asserts elementwise `|a − b| ≤ tolerance`, reporting the worst index.
    static func assertClose(_ actual: [Float], _ expected: [Double], tolerance: Double,
                            _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "\(message): length", file: file, line: line)
        var worst = 0.0, at = -1
        for (k, (a, e)) in zip(actual, expected).enumerated() where abs(Double(a) - e) > worst {
            worst = abs(Double(a) - e)
            at = k
        }
        XCTAssertLessThanOrEqual(worst, tolerance,
                                 "\(message): worst |Δ| \(worst) at \(at) (\(at >= 0 ? actual[at] : 0) vs \(at >= 0 ? expected[at] : 0))",
                                 file: file, line: line)
    }
}

final class ResidualFixturesTests: XCTestCase {
    func testTinyCropsGiveFiniteVectorsOfTheNamedLength() {
        for side in 1...6 {
            let pixels = SeededData.samples(side * side * 3, bits: 8, seed: UInt64(side)).map { UInt8($0) }
            let input = FeatureInput(image: Image(width: side, height: side, channels: 3, pixels: pixels))
            for colour in ColourMode.allCases {
                let families: [any FeatureFamily] = [
                    ResidualFamily(parameters: .init(), cropSize: side, colour: colour),
                    SPAMFamily(parameters: .init(), cropSize: side, colour: colour),
                    NPRFamily(parameters: .init(), cropSize: side, colour: colour),
                    ColourCorrelationFamily(parameters: .init(), cropSize: side, colour: colour),
                ]
                for family in families {
                    let values = family.extract(input)
                    XCTAssertEqual(values.count, family.featureNames.count, "\(type(of: family).name) side \(side)")
                    XCTAssertTrue(values.allSatisfy(\.isFinite), "\(type(of: family).name) side \(side)")
                }
            }
        }
    }

    func testFixtureCropsDecode() throws {
        XCTAssertEqual(try ResidualFixtures.input("imagenet_real").image.channels, 3)
        XCTAssertEqual(try ResidualFixtures.input("ffhq_real_grey").image.channels, 1)
        XCTAssertEqual(try ResidualFixtures.input("ffhq_real_grey").side, 61)
    }
}
