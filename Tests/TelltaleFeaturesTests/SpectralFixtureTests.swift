import Foundation
import XCTest
@testable import TelltaleFeatures

/// Each spectral family against float64 reference vectors computed by an independent
/// numpy/scipy implementation (`scripts/fixtures/features_spectral.py`) on three real
/// crops (64×64 Stable Diffusion PNG, 64×64 FFHQ JPEG, 45×37 ImageNet JPEG), decoded
/// here by the pipeline's decoder and there by Pillow.
///
/// Tolerance: the transforms run in single precision, so values agree to
/// `1e-3 · max(1, |reference|)` (log-domain features of order 1–300), except where
/// `ln(|D| + 1e-12)` magnifies a near-zero DCT coefficient that float32 cannot resolve
/// (absolute error ~1e-5 on |D| of ~1e-3): the pooled DCT allows 2 % of its values
/// `1e-2 · max(1, |reference|)` and the full (unpooled) DCT 0.5 % of its values `0.1 · …`.
final class SpectralFixtureTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable {
            struct Parameters: Decodable {
                var bins: Int?
                var normalise: Bool?
                var grid: Int?
            }
            var image: String
            var family: String
            var colour: String
            var cropSize: Int
            var parameters: Parameters
            var values: [Double]
        }
        struct NonSquare: Decodable {
            var image: String
            var rows: Int
            var cols: Int
            var bins: Int
            var rings: [Double]
            var values: [Double]
        }
        var cases: [Case]
        var nonSquareSpectrum: NonSquare
    }

    private func loadFixture() throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: TestImages.fixtureURL("features_spectral.json")))
    }

    private func configuration(for c: Fixture.Case) throws -> FeatureConfiguration {
        var config = FeatureConfiguration(families: [c.family], cropSize: c.cropSize, smallImages: .largestSquare,
                                          colour: try XCTUnwrap(ColourMode(rawValue: c.colour)))
        switch c.family {
        case SpectrumFamily.name:
            config.spectrum = .init(bins: try XCTUnwrap(c.parameters.bins), normalise: try XCTUnwrap(c.parameters.normalise))
        case DCTFamily.name:
            config.dct = .init(grid: c.parameters.grid)
        case ResidualSpectrumFamily.name:
            config.residualSpectrum = .init(bins: try XCTUnwrap(c.parameters.bins), grid: try XCTUnwrap(c.parameters.grid))
        default:
            XCTFail("unexpected family \(c.family)")
        }
        return config
    }

    private func assertClose(_ actual: [Float], _ expected: [Double], strict: Double, loose: Double,
                             looseFraction: Double, _ label: String) {
        XCTAssertEqual(actual.count, expected.count, label)
        var outliers = 0
        for (a, e) in zip(actual, expected) {
            XCTAssertTrue(a.isFinite, label)
            let err = abs(Double(a) - e) / max(1, abs(e))
            if err > strict { outliers += 1 }
            XCTAssertLessThanOrEqual(err, loose, "\(label): \(a) vs \(e)")
        }
        XCTAssertLessThanOrEqual(Double(outliers), looseFraction * Double(expected.count),
                                 "\(label): \(outliers) of \(expected.count) values beyond \(strict)")
    }

    func testFamiliesMatchReferenceVectors() throws {
        let fixture = try loadFixture()
        XCTAssertEqual(fixture.cases.count, 24)
        for c in fixture.cases {
            let extractor = try FeatureExtractor(configuration: configuration(for: c))
            let values = try extractor.extract(TestImages.fixture(c.image))
            XCTAssertEqual(values.count, extractor.featureNames.count)
            let label = "\(c.family) \(c.colour) S=\(c.cropSize) on \(c.image)"
            switch (c.family, c.parameters.grid) {
            case (DCTFamily.name, nil):
                assertClose(values, c.values, strict: 1e-3, loose: 0.1, looseFraction: 0.005, label)
            case (DCTFamily.name, _):
                assertClose(values, c.values, strict: 1e-3, loose: 1e-2, looseFraction: 0.02, label)
            default:
                assertClose(values, c.values, strict: 1e-3, loose: 1e-3, looseFraction: 0, label)
            }
        }
    }

    func testSpectrumOfNonSquarePlaneMatchesReference() throws {
        let ns = try loadFixture().nonSquareSpectrum
        let image = try TestImages.fixture(ns.image)
        XCTAssertEqual(image.height, ns.rows)
        XCTAssertEqual(image.width, ns.cols)
        let plane = image.luminance()
        let family = SpectrumFamily(parameters: .init(bins: ns.bins), cropSize: 64, colour: .luminance)
        assertClose(family.profile(plane: plane, rows: ns.rows, cols: ns.cols), ns.values,
                    strict: 1e-3, loose: 1e-3, looseFraction: 0, "non-square spectrum")
        // The ring profile itself (before interpolation): ⌊√(18² + 22²)⌋ + 1 = 29 rings.
        let f = Transform2D.centredDFT([plane], rows: ns.rows, cols: ns.cols)[0]
        let logMagnitude = (0..<f.real.count).map { i -> Float in
            let re = f.real[i] + 1e-8
            return 20 * log((re * re + f.imaginary[i] * f.imaginary[i]).squareRoot())
        }
        let rings = AzimuthalAverage.profile(logMagnitude, rows: ns.rows, cols: ns.cols)
        assertClose(rings, ns.rings, strict: 1e-3, loose: 1e-3, looseFraction: 0, "rings")
    }
}
