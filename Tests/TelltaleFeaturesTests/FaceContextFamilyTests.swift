import Foundation
import TelltaleFaces
import TelltaleImaging
import TelltaleSupport
import TelltaleTestSupport
import XCTest
@testable import TelltaleFeatures

/// `face-context`: the zones' geometry by hand, a synthetic swap's boundary found in the band,
/// the refusals without a face, finiteness and the row layout.
final class FaceContextFamilyTests: XCTestCase {
    private typealias P = FaceContextFamily.Point
    private let family = FaceContextFamily(parameters: .init())

    private func faceConfiguration(_ families: [String], noFace: FaceCrop.NoFace = .fail) -> FeatureConfiguration {
        var c = FeatureConfiguration(families: families)
        c.faces = FaceCrop(noFace: noFace)
        c.tiling = Tiling()
        return c
    }

    // MARK: geometry

    /// A 20-pixel square (with an interior and an edge point the hull drops), band 2: every zone counted by hand.
    func testZonesOfASquareByHand() {
        let points = [P(x: 10, y: 10), P(x: 30, y: 10), P(x: 20, y: 10), P(x: 20, y: 20), P(x: 30, y: 30), P(x: 10, y: 30)]
        let hull = FaceContextFamily.hull(points)
        XCTAssertEqual(Set(hull.map { "\($0.x),\($0.y)" }), ["10.0,10.0", "30.0,10.0", "30.0,30.0", "10.0,30.0"])
        XCTAssertEqual(FaceContextFamily.area(hull), 400)
        // max(2, 0.06 · 20) = 2; max(2, 0.2 · 20) = 4.
        XCTAssertEqual(family.bandWidth(hull: hull), 2)
        XCTAssertEqual(FaceContextFamily(parameters: .init(bandFraction: 0.2)).bandWidth(hull: hull), 4)

        let region = PixelRegion(x: 5, y: 5, width: 30, height: 30)
        let zones = FaceContextFamily.zones(hull: hull, band: 2, region: region)
        func zone(_ x: Int, _ y: Int) -> FaceContextFamily.Zone { .init(rawValue: Int(zones[(y - 5) * 30 + x - 5]))! }
        XCTAssertEqual(zone(20, 20), .inside)
        XCTAssertEqual(zone(12, 20), .inside)      // d = 2 = w
        XCTAssertEqual(zone(11, 20), .innerBand)   // d = 1
        XCTAssertEqual(zone(10, 20), .innerBand)   // on the outline
        XCTAssertEqual(zone(30, 30), .innerBand)   // a vertex
        XCTAssertEqual(zone(9, 20), .outerBand)    // d = 1
        XCTAssertEqual(zone(8, 20), .outside)      // d = 2
        XCTAssertEqual(zone(9, 9), .outerBand)     // d = √2 to the corner
        XCTAssertEqual(zone(8, 9), .outside)       // d = √5
        XCTAssertEqual(zone(31, 31), .outerBand)
        let counts = FaceContextFamily.Zone.allCases.map { z in zones.filter { Int($0) == z.rawValue }.count }
        // Inside: 21² points of [10, 30]², of which [12, 28]² (17²) are at least 2 from the outline;
        // outer band: 21 points at distance 1 along each side and the 4 diagonal corners (distance √2).
        XCTAssertEqual(counts, [289, 441 - 289, 4 * 21 + 4, 900 - 441 - 88])
    }

    /// Degenerate outlines: no inside, and zones by distance to the points alone.
    func testDegenerateHulls() {
        XCTAssertEqual(FaceContextFamily.hull([P(x: 3, y: 3), P(x: 3, y: 3), P(x: 3, y: 3)]).count, 1)
        let region = PixelRegion(x: 0, y: 0, width: 7, height: 7)
        let zones = FaceContextFamily.zones(hull: [P(x: 3, y: 3)], band: 2, region: region)
        XCTAssertEqual(zones.filter { $0 == UInt8(FaceContextFamily.Zone.outerBand.rawValue) }.count, 9)  // d² < 4: the 3 × 3 block
        XCTAssertFalse(zones.contains(UInt8(FaceContextFamily.Zone.inside.rawValue)))
        XCTAssertEqual(FaceContextFamily.zones(hull: [], band: 2, region: region),
                       [UInt8](repeating: UInt8(FaceContextFamily.Zone.outside.rawValue), count: 49))
    }

    // MARK: values

    func testNamesAndLayout() {
        let names = family.featureNames
        XCTAssertEqual(names.count, 48)
        XCTAssertEqual(Set(names).count, 48)
        XCTAssertEqual(Array(names.prefix(6)), ["face-context.noise.in", "face-context.noise.band-in", "face-context.noise.band-out",
                                                "face-context.noise.out", "face-context.noise.in-vs-out",
                                                "face-context.noise.band-in-vs-band-out"])
        XCTAssertEqual(names.last, "face-context.cr.std.band-in-vs-band-out")
    }

    /// Constant images (colour and grey), empty zones, a face outside its region: finite, and
    /// the floors and zero contrasts the documentation states.
    func testFiniteOnConstantImagesAndEmptyZones() {
        let side = 40
        let zones = FaceContextFamily.zones(hull: FaceContextFamily.hull([P(x: 10, y: 10), P(x: 30, y: 10), P(x: 20, y: 30)]),
                                            band: 3, region: PixelRegion(x: 0, y: 0, width: side, height: side))
        for (channels, value) in [(3, UInt8(0)), (3, 255), (1, 128)] {
            let image = Image(width: side, height: side, channels: channels,
                              pixels: [UInt8](repeating: value, count: side * side * channels))
            let v = family.values(image, zones: zones)
            XCTAssertEqual(v.count, 48)
            XCTAssertTrue(v.allSatisfy(\.isFinite))
            let named = Dictionary(uniqueKeysWithValues: zip(family.featureNames, v))
            XCTAssertEqual(named["face-context.noise.in"]!, Float(log(0.01)), accuracy: 1e-6)
            XCTAssertEqual(named["face-context.hf2.band-out"]!, Float(log(1e-4)), accuracy: 1e-4)
            for (name, x) in named where name.hasSuffix("-vs-out") || name.hasSuffix("-vs-band-out") {
                XCTAssertEqual(x, 0, accuracy: 1e-5, name)
            }
        }
        // Every pixel in one zone: the three others take the whole region's statistics.
        let noise = SyntheticImages.noise(width: side, height: side, seed: 3)
        let one = family.values(noise, zones: [UInt8](repeating: 0, count: side * side))
        XCTAssertTrue(one.allSatisfy(\.isFinite))
        for k in 0..<FaceContextFamily.statistics.count {
            XCTAssertEqual(one[6 * k], one[6 * k + 3], accuracy: 1e-5)
            XCTAssertEqual(one[6 * k + 4], 0, accuracy: 1e-5)
        }
        // A face whose landmarks lie outside the region, and a tiny region.
        let far = Face(box: PixelRegion(x: 500, y: 500, width: 50, height: 50), confidence: 1,
                       landmarks: (0..<68).map { FacePoint(x: 500 + $0 % 9 * 5, y: 500 + $0 / 9 * 5) })
        XCTAssertTrue(family.extract(noise, face: far, region: PixelRegion(x: 0, y: 0, width: side, height: side)).allSatisfy(\.isFinite))
        XCTAssertTrue(family.extract(noise, face: far, region: PixelRegion(x: 3, y: 4, width: 1, height: 2)).allSatisfy(\.isFinite))
        // Deterministic.
        XCTAssertEqual(family.values(noise, zones: zones), family.values(noise, zones: zones))
    }

    // MARK: a synthetic swap

    /// The signed distance of `p` to a convex polygon's outline (positive inside), by brute force.
    private func signedDistance(_ x: Double, _ y: Double, _ hull: [P]) -> Double {
        var best = Double.infinity, inside = true
        for i in hull.indices {
            let a = hull[i], b = hull[(i + 1) % hull.count]
            let ex = b.x - a.x, ey = b.y - a.y, qx = x - a.x, qy = y - a.y
            if ex * qy - ey * qx < 0 { inside = false }
            let t = min(1, max(0, (qx * ex + qy * ey) / (ex * ex + ey * ey)))
            best = min(best, hypot(qx - t * ex, qy - t * ey))
        }
        return inside ? best : -best
    }

    /// A real bundled FFHQ face with a "swapped" face pasted in: the face itself blurred (σ = 2,
    /// the detail a swap's renderer loses) and recoloured (Cr + 12, Cb − 6), blended by a soft
    /// mask ramping across the landmark hull's outline over half the band's width. The band
    /// holds the whole seam; the band's high-frequency and chroma contrasts move as expected;
    /// the unswapped face's do not.
    func testSyntheticSwapIsSeenInTheBand() throws {
        let detector = try FaceDetector()
        let path = try RepositoryFiles.files(in: "datasets/sample/stylegan2-ffhq/real")[0]
        let original = try ImageDecoder.decode(file: path)
        guard let face = try detector.faces(in: original).first else { return XCTFail("no face in \(path)") }
        guard let region = FaceCrop().judged([face], width: original.width, height: original.height).first?.region else {
            return XCTFail("no region")
        }
        let hull = FaceContextFamily.hull(face.landmarks.map { P(x: Double($0.x), y: Double($0.y)) })
        let w = family.bandWidth(hull: hull)
        XCTAssertGreaterThan(w, 4)

        // The swap: α = clamp(1/2 + d / (w/2)... ramped over |d| < w/4 on either side of the outline.
        let ramp = w / 4
        let patch = original.cropped(to: region)
        let blurred = [0, 1, 2].map { FaceContextFamily.gaussian(patch.plane($0), width: region.width, height: region.height, sigma: 2) }
        var pixels = original.pixels
        var seam: [(Int, Int)] = []
        for y in region.y..<(region.y + region.height) {
            for x in region.x..<(region.x + region.width) {
                let d = signedDistance(Double(x), Double(y), hull)
                let alpha = min(1, max(0, 0.5 + d / (2 * ramp)))
                guard alpha > 0 else { continue }
                if alpha < 1 { seam.append((x, y)) }
                let i = y * original.width + x, j = (y - region.y) * region.width + x - region.x
                let r = Double(blurred[0][j]), g = Double(blurred[1][j]), b = Double(blurred[2][j])
                // Recolour in YCbCr: Cr + 12, Cb − 6 (JFIF's inverse).
                let dr = 1.402 * 12, dg = -0.344136 * -6 - 0.714136 * 12, db = 1.772 * -6
                for (c, v) in [r + dr, g + dg, b + db].enumerated() {
                    let o = Double(original.pixels[i * 3 + c])
                    pixels[i * 3 + c] = UInt8(max(0, min(255, (alpha * v + (1 - alpha) * o).rounded())))
                }
            }
        }
        XCTAssertGreaterThan(seam.count, 100)
        let swapped = Image(width: original.width, height: original.height, channels: 3, pixels: pixels)

        // The band is where the seam was pasted: every seam pixel is in the inner or outer band.
        let zones = FaceContextFamily.zones(hull: hull, band: w, region: region)
        let bands: Set<UInt8> = [UInt8(FaceContextFamily.Zone.innerBand.rawValue), UInt8(FaceContextFamily.Zone.outerBand.rawValue)]
        for (x, y) in seam { XCTAssertTrue(bands.contains(zones[(y - region.y) * region.width + x - region.x]), "seam pixel \(x),\(y)") }

        func named(_ image: Image) -> [String: Float] {
            Dictionary(uniqueKeysWithValues: zip(family.featureNames, family.extract(image, face: face, region: region)))
        }
        let real = named(original), fake = named(swapped)
        // The inner band lost its finest detail against the outer band; the chroma jumps across the outline.
        XCTAssertLessThan(fake["face-context.hf1.band-in-vs-band-out"]!, real["face-context.hf1.band-in-vs-band-out"]! - 1)
        XCTAssertLessThan(fake["face-context.noise.band-in-vs-band-out"]!, real["face-context.noise.band-in-vs-band-out"]! - 0.3)
        XCTAssertGreaterThan(fake["face-context.cr.mean.band-in-vs-band-out"]!, real["face-context.cr.mean.band-in-vs-band-out"]! + 3)
        XCTAssertLessThan(fake["face-context.cb.mean.band-in-vs-band-out"]!, real["face-context.cb.mean.band-in-vs-band-out"]! - 1.5)
        // Outside the face, nothing changed.
        XCTAssertEqual(fake["face-context.hf1.out"]!, real["face-context.hf1.out"]!)
        XCTAssertEqual(fake["face-context.cr.mean.out"]!, real["face-context.cr.mean.out"]!)

        // Through the extractor (face-context alone: no tiles), the detector finding the face again.
        let extractor = try FeatureExtractor(configuration: faceConfiguration([FaceContextFamily.name]))
        XCTAssertEqual(extractor.featureNames, family.featureNames)
        let rows = try extractor.faceRows(swapped)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].vector.count, 48)
        let viaRows = Dictionary(uniqueKeysWithValues: zip(extractor.featureNames, rows[0].vector))
        XCTAssertGreaterThan(viaRows["face-context.cr.mean.band-in-vs-band-out"]!, real["face-context.cr.mean.band-in-vs-band-out"]! + 2)
        XCTAssertLessThan(viaRows["face-context.hf1.band-in-vs-band-out"]!, real["face-context.hf1.band-in-vs-band-out"]!)
    }

    // MARK: configuration

    func testRefusedWithoutAFaceCrop() throws {
        let name = FaceContextFamily.name
        XCTAssertThrowsError(try FeatureConfiguration(families: ["spectrum", name]).validate()) {
            guard case let .needsFaces(family, reason) = $0 as? FeatureError else { return XCTFail("\($0)") }
            XCTAssertEqual(family, name)
            XCTAssertTrue(reason.contains("--crop face"), reason)
        }
        XCTAssertThrowsError(try FeatureExtractor(configuration: FeatureConfiguration(families: [name])))
        for fallback in [FaceCrop.NoFace.centre, .whole] {
            XCTAssertThrowsError(try faceConfiguration([name], noFace: fallback).validate()) {
                guard case .needsFaces(name, _) = $0 as? FeatureError else { return XCTFail("\($0)") }
            }
        }
        XCTAssertNoThrow(try faceConfiguration([name]).validate())
        var bad = faceConfiguration([name])
        bad.faceContext = .init(bandFraction: 0)
        XCTAssertThrowsError(try bad.validate())
        bad.faceContext = .init(minimumBand: .nan)
        XCTAssertThrowsError(try bad.validate())
        // Parameters for an unselected family are not checked, and default-less configurations keep their hash.
        XCTAssertNil(FeatureConfiguration().faceContext)
        let json = String(decoding: try CanonicalJSON.encode(faceConfiguration([name]), pretty: false), as: UTF8.self)
        XCTAssertFalse(json.contains("faceContext"), json)
        var explicit = faceConfiguration([name])
        explicit.faceContext = .init(bandFraction: 0.1)
        let decoded = try JSONDecoder().decode(FeatureConfiguration.self, from: try CanonicalJSON.encode(explicit, pretty: false))
        XCTAssertEqual(decoded, explicit)
        XCTAssertEqual(try JSONDecoder().decode(FaceContextFamily.Parameters.self, from: Data("{}".utf8)), .init())
    }

    /// The row's layout: the tiles' aggregated names, their `.std`, then face-context's — and the vector matches.
    func testFeatureNamesFollowTheVectorLayout() throws {
        var c = faceConfiguration(["npr", FaceContextFamily.name, "colour-correlation"])
        c.cropSize = 64
        c.tiling = Tiling(area: .whole, maxTiles: 4, minTiles: 1, aggregation: .meanStd)
        let extractor = try FeatureExtractor(configuration: c)
        let tileNames = extractor.tileFeatureNames
        XCTAssertFalse(tileNames.contains { $0.hasPrefix("face-context") })
        XCTAssertEqual(extractor.featureNames, tileNames + tileNames.map { $0 + ".std" } + family.featureNames)
        let image = try ImageDecoder.decode(file: try RepositoryFiles.files(in: "datasets/sample/stylegan2-ffhq/real")[1])
        let rows = try extractor.faceRows(image)
        XCTAssertFalse(rows.isEmpty)
        for row in rows {
            XCTAssertEqual(row.vector.count, extractor.featureNames.count)
            let face = try XCTUnwrap(row.face)
            XCTAssertEqual(Array(row.vector.suffix(48)), family.extract(image, face: face, region: row.region))
            XCTAssertEqual(Array(row.vector.prefix(2 * tileNames.count)),
                           extractor.extract(image, tiles: try extractor.tiles(in: row.region)))
        }
    }
}
