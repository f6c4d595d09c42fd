import Foundation
import XCTest
@testable import TelltaleImaging

final class PerturbationTests: XCTestCase {
    func testParsesAndPrintsPerturbations() throws {
        XCTAssertEqual(Perturbation("jpeg:75"), .jpeg(quality: 75))
        XCTAssertEqual(Perturbation("blur:1.5"), .blur(sigma: 1.5))
        XCTAssertEqual(Perturbation("resize:0.5"), .resize(scale: 0.5))
        XCTAssertEqual(Perturbation(" JPEG : 90 "), .jpeg(quality: 90))
        for bad in ["jpeg:0", "jpeg:101", "jpeg:7.5", "blur:-1", "blur:nan", "resize:0", "resize:-2", "noise:3",
                    "jpeg", "", "blur:"] {
            XCTAssertNil(Perturbation(bad), bad)
        }
        for p in [Perturbation.jpeg(quality: 30), .blur(sigma: 2), .resize(scale: 0.25)] {
            XCTAssertEqual(Perturbation(p.description), p)
        }
        XCTAssertEqual(Perturbation.blur(sigma: 1.5).description, "blur:1.5")
    }

    func testLevelsOfOneKind() throws {
        XCTAssertEqual(try Perturbation.levels("jpeg:95,90,75"), [.jpeg(quality: 95), .jpeg(quality: 90), .jpeg(quality: 75)])
        XCTAssertEqual(try Perturbation.levels("blur:1,2"), [.blur(sigma: 1), .blur(sigma: 2)])
        XCTAssertThrowsError(try Perturbation.levels("jpeg")) {
            XCTAssertEqual("\($0)", "'jpeg' is not kind:levels")
        }
        XCTAssertThrowsError(try Perturbation.levels("jpeg:95,101")) {
            XCTAssertEqual("\($0)", "'jpeg:101' is not a perturbation (jpeg:1…100, blur:σ>0, resize:0<s<1)")
        }
    }

    func testCodableAsString() throws {
        let list: [Perturbation] = [.jpeg(quality: 75), .blur(sigma: 1.5), .resize(scale: 0.5)]
        let data = try JSONEncoder().encode(list)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["jpeg:75","blur:1.5","resize:0.5"]"#)
        XCTAssertEqual(try JSONDecoder().decode([Perturbation].self, from: data), list)
        XCTAssertThrowsError(try JSONDecoder().decode([Perturbation].self, from: Data(#"["jpeg:500"]"#.utf8)))
    }

    func testJPEGPerturbationChangesPixelsButKeepsSize() throws {
        for crop in PerturbationFixtures.crops {
            let image = try PerturbationFixtures.image(crop)
            let out = try image.perturbed(by: .jpeg(quality: 50))
            XCTAssertEqual(out.width, image.width)
            XCTAssertEqual(out.height, image.height)
            XCTAssertEqual(out.channels, image.channels)
            XCTAssertNotEqual(out.pixels, image.pixels)
            // Quality 50 stays close on average.
            let mad = zip(out.pixels, image.pixels).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(out.pixels.count)
            XCTAssertLessThan(mad, 8, crop)
        }
    }

    func testPerturbationListAppliesInOrder() throws {
        let image = try PerturbationFixtures.image("sd14_fake")
        let out = try image.perturbed(by: [.blur(sigma: 1), .resize(scale: 0.5)])
        XCTAssertEqual(out, image.blurred(sigma: 1).resized(scale: 0.5))
        XCTAssertEqual(try image.perturbed(by: []), image)
    }
}

/// The crops and reference outputs written by `scripts/fixtures/features_residual.py`.
enum PerturbationFixtures {
    static let crops = ["imagenet_real", "sd14_fake", "ffhq_real_grey"]

    static func url(_ name: String, _ ext: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/perturbation"),
                      "missing fixture \(name).\(ext)")
    }

    static func image(_ crop: String) throws -> Image {
        try ImageDecoder.decode(file: try url(crop, "png").path)
    }

    static func golden(_ crop: String, _ key: String) throws -> [UInt8] {
        let data = try Data(contentsOf: try url("golden", "json"))
        let root = try JSONDecoder().decode([String: [String: [String: [UInt8]]]].self, from: data)
        return try XCTUnwrap(root["crops"]?[crop]?[key], "no golden \(crop)/\(key)")
    }

    /// Largest absolute difference between two pixel arrays of the same length.
    static func maxDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard a.count == b.count else { return Int.max }
        return zip(a, b).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }
}
