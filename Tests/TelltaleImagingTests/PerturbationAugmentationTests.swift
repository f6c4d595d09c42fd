import Foundation
import XCTest
@testable import TelltaleImaging

final class PerturbationAugmentationTests: XCTestCase {
    func testDeterministicPerSeedAndIndex() throws {
        let image = try PerturbationFixtures.image("sd14_fake")
        let augmentation = Augmentation()
        for index in 0..<6 {
            let a = try augmentation.apply(to: image, seed: 42, index: index)
            let b = try augmentation.apply(to: image, seed: 42, index: index)
            XCTAssertEqual(a, b, "index \(index)")
        }
        // Order of processing does not matter: the draws depend only on (seed, index).
        let forward = (0..<20).map { augmentation.perturbations(seed: 7, index: $0) }
        let backward = (0..<20).reversed().map { augmentation.perturbations(seed: 7, index: $0) }.reversed()
        XCTAssertEqual(forward, Array(backward))
        XCTAssertNotEqual(forward, (0..<20).map { augmentation.perturbations(seed: 8, index: $0) })
    }

    func testKeyedByContentHashIsDeterministicAndDistinctFromIndex() throws {
        let augmentation = Augmentation()
        let keys = (0..<50).map { "sha256-\($0)" }
        XCTAssertEqual(keys.map { augmentation.perturbations(seed: 5, key: $0) },
                       keys.map { augmentation.perturbations(seed: 5, key: $0) })
        XCTAssertEqual(augmentation.perturbations(seed: 5, key: "12"), augmentation.perturbations(seed: 5, index: 12))
        let image = try PerturbationFixtures.image("ffhq_real_grey")
        XCTAssertEqual(try augmentation.apply(to: image, seed: 5, key: "abc"),
                       try image.perturbed(by: augmentation.perturbations(seed: 5, key: "abc")))
    }

    func testDrawsFollowTheConfiguredDistribution() {
        let augmentation = Augmentation()
        var blurs = 0, jpegs = 0
        let n = 2000
        for index in 0..<n {
            for p in augmentation.perturbations(seed: 1, index: index) {
                switch p {
                case .blur(let sigma):
                    blurs += 1
                    XCTAssertTrue((0...3).contains(sigma))
                case .jpeg(let quality):
                    jpegs += 1
                    XCTAssertTrue((30...100).contains(quality))
                case .resize:
                    XCTFail("augmentation never resizes")
                }
            }
        }
        // p = 0.5 each: 1000 ± 5 standard deviations (≈ 22 each).
        XCTAssertEqual(Double(blurs), 1000, accuracy: 112)
        XCTAssertEqual(Double(jpegs), 1000, accuracy: 112)
    }

    func testProbabilitiesZeroAndOne() throws {
        let image = try PerturbationFixtures.image("imagenet_real")
        let never = Augmentation(blurProbability: 0, jpegProbability: 0)
        XCTAssertEqual(try never.apply(to: image, seed: 3, index: 0), image)
        let always = Augmentation(blurProbability: 1, blurSigmaRange: 1...1, jpegProbability: 1, jpegQualityRange: 90...90)
        XCTAssertEqual(always.perturbations(seed: 3, index: 5), [.blur(sigma: 1), .jpeg(quality: 90)])
        XCTAssertEqual(try always.apply(to: image, seed: 3, index: 5),
                       try image.perturbed(by: [.blur(sigma: 1), .jpeg(quality: 90)]))
    }

    func testCodableRoundTrip() throws {
        let a = Augmentation(blurProbability: 0.1, blurSigmaRange: 0.5...2, jpegProbability: 0.9, jpegQualityRange: 60...95)
        XCTAssertEqual(try JSONDecoder().decode(Augmentation.self, from: JSONEncoder().encode(a)), a)
        XCTAssertEqual(try JSONDecoder().decode(Augmentation.self, from: Data("{}".utf8)), Augmentation())
        XCTAssertThrowsError(try JSONDecoder().decode(Augmentation.self, from: Data(#"{"jpegProbability": 2}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode(Augmentation.self, from: Data(#"{"jpegQualityRange": [0, 50]}"#.utf8)))
    }
}
