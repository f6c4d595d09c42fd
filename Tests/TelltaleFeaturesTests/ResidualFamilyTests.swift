import Foundation
import XCTest
import TelltaleImaging
import TelltaleSupport
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

    func testHalfIntegerResidualsRoundAwayFromZeroExactly() throws {
        // Columns alternate A = (120, 130, 140) and B = (113, 135, 137): Y(B) − Y(A) is exactly
        // 0.5 (1000 Y differs by 500), which float32 BT.601 luminance gives as 0.49998. Rounded
        // half away from zero the d1h residuals are +1, −1, +1, … (symbols 3, 1, 3, …).
        let n = 8
        var pixels = [UInt8]()
        for _ in 0..<n { for x in 0..<n { pixels += x % 2 == 0 ? [120, 130, 140] : [113, 135, 137] } }
        let input = FeatureInput(image: Image(width: n, height: n, channels: 3, pixels: pixels))
        let family = ResidualFamily(parameters: .init(filters: ["d1h"], directions: [.horizontal]), cropSize: n,
                                    colour: .luminance)
        let values = family.extract(input)
        let byName = Dictionary(uniqueKeysWithValues: zip(family.featureNames, values))
        // Per row 7 symbols 3 1 3 1 3 1 3 give 5 tuples: 313 three times, 131 twice.
        XCTAssertEqual(try XCTUnwrap(byName["residual.y.d1h.h.313"]), 3 / 5, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(byName["residual.y.d1h.h.131"]), 2 / 5, accuracy: 1e-6)
    }

    func testFastNumeratorsEqualTheTapByTapSums() {
        var rng = SeededGenerator(seed: 99)
        for n in [1, 2, 3, 4, 5, 6, 9, 37] {
            let plane = (0..<(n * n)).map { _ in Int32(truncatingIfNeeded: rng.next() >> 33) % 255_001 }
            for filter in HighPassFilter.all {
                let (ow, oh) = filter.outputSize(width: n, height: n)
                var fast = [Int32](repeating: 0, count: n * n), reference = fast
                var scratch = [Int32](repeating: 0, count: 3 * n)
                plane.withUnsafeBufferPointer { p in
                    fast.withUnsafeMutableBufferPointer { f in
                        scratch.withUnsafeMutableBufferPointer { s in
                            let size = ResidualNumerators.compute(filter, p.baseAddress!, side: n, into: f.baseAddress!,
                                                                  scratch: s.baseAddress!)
                            XCTAssertTrue(size == (ow, oh), "\(filter.name) n=\(n)")
                        }
                    }
                    reference.withUnsafeMutableBufferPointer { ResidualNumerators.taps(filter, p.baseAddress!, side: n, into: $0.baseAddress!) }
                }
                XCTAssertEqual(fast.prefix(max(0, ow) * max(0, oh)), reference.prefix(max(0, ow) * max(0, oh)), "\(filter.name) n=\(n)")
            }
        }
    }

    func testFusedSymbolsEqualNumeratorsThenQuantisation() {
        var rng = SeededGenerator(seed: 98)
        for n in [1, 2, 3, 5, 6, 17, 21, 40] {
            // Luminance-like planes (1000 Y) with small steps, so every symbol occurs.
            let plane = (0..<(n * n)).map { _ in Int32(100_000 + rng.nextIndex(below: 6001)) }
            for filter in HighPassFilter.all {
                for (scale, q) in [(Int32(1000), Float(1)), (1, 0.5), (1000, 7)] {
                    let θ = ResidualFamily.thresholds(scale: scale, divisor: filter.divisor, quantisation: q, truncation: 2)
                    var fused = [UInt8](repeating: 9, count: n * n), reference = fused
                    var numerators = [Int32](repeating: 0, count: n * n), scratch = [Int32](repeating: 0, count: 3 * n)
                    var size: (width: Int, height: Int)?
                    plane.withUnsafeBufferPointer { p in
                        scratch.withUnsafeMutableBufferPointer { sc in
                            size = ResidualNumerators.symbols(filter, p.baseAddress!, side: n, thresholds: θ[0], θ[1],
                                                              into: &fused, scratch: sc.baseAddress!)
                            numerators.withUnsafeMutableBufferPointer { r in
                                let (ow, oh) = ResidualNumerators.compute(filter, p.baseAddress!, side: n, into: r.baseAddress!,
                                                                          scratch: sc.baseAddress!)
                                if ow > 0 && oh > 0 {
                                    ResidualFamily.quantise(r.baseAddress!, count: ow * oh, thresholds: θ, into: &reference)
                                }
                            }
                        }
                    }
                    let (ow, oh) = filter.outputSize(width: n, height: n)
                    XCTAssertTrue(size.map { $0 == (ow, oh) } ?? false, "\(filter.name) n=\(n)")
                    XCTAssertEqual(fused, reference, "\(filter.name) n=\(n) θ=\(θ)")
                }
            }
        }
    }

    func testQuantisationThresholdsAreExact() {
        // q = 1, luminance (s = 1000), kb (d = 4): round(N / 4000) ≥ 1 ⇔ N ≥ 2000, ≥ 2 ⇔ N ≥ 6000.
        XCTAssertEqual(ResidualFamily.thresholds(scale: 1000, divisor: 4, quantisation: 1, truncation: 2), [2000, 6000])
        // q = 1.5, RGB (s = 1), kv (d = 12): thresholds 9 and 27.
        XCTAssertEqual(ResidualFamily.thresholds(scale: 1, divisor: 12, quantisation: 1.5, truncation: 2), [9, 27])
        // q = 0.3 is not exact in binary: (0.5 · 0.3) = 0.15000000596… → ⌈⌉ = 1.
        XCTAssertEqual(ResidualFamily.thresholds(scale: 1, divisor: 1, quantisation: 0.3, truncation: 1), [1])
        let numerators: [Int32] = [-6001, -6000, -5999, -2000, -1999, 0, 1999, 2000, 5999, 6000, 1 << 30]
        var symbols = [UInt8](repeating: 9, count: numerators.count)
        numerators.withUnsafeBufferPointer { n in
            ResidualFamily.quantise(n.baseAddress!, count: n.count, thresholds: [2000, 6000], into: &symbols)
        }
        XCTAssertEqual(symbols, [0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4])
        // Long runs (the vectorised steps and their tail) give the symbols counted by hand.
        var rng = SeededGenerator.stream(seed: 5, "quantise")
        for thresholds: [Int32] in [[2000, 6000], [1, 2], [500], [3, 9, 27], [1, 2, 3, 4]] {
            let values = (0..<1003).map { k -> Int32 in
                k < 40 ? Int32(k - 20) * thresholds[0] / 2 : Int32(rng.nextIndex(below: 16_001)) - 8000
            } + [Int32.min + 1, Int32.max, thresholds[0], -thresholds[0], thresholds[0] - 1, 1 - thresholds[0]]
            var out = [UInt8](repeating: 99, count: values.count)
            values.withUnsafeBufferPointer { n in
                ResidualFamily.quantise(n.baseAddress!, count: n.count, thresholds: thresholds, into: &out)
            }
            let expected = values.map { v in
                UInt8(thresholds.count + thresholds.filter { v >= $0 }.count - thresholds.filter { v <= -$0 }.count)
            }
            XCTAssertEqual(out, expected, "\(thresholds)")
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

final class CoOccurrenceTests: XCTestCase {
    /// The histogram by definition: every d-tuple counted one at a time.
    private func naive(_ s: [UInt8], w: Int, h: Int, bins: Int, order: Int, direction: CoOccurrence.Direction) -> [Float] {
        var size = 1
        for _ in 0..<order { size *= bins }
        let (dx, dy) = direction == .horizontal ? (1, 0) : (0, 1)
        let ow = w - (order - 1) * dx, oh = h - (order - 1) * dy
        var counts = [Int](repeating: 0, count: size)
        guard ow > 0, oh > 0 else { return [Float](repeating: 0, count: size) }
        for y in 0..<oh {
            for x in 0..<ow {
                var code = 0, scale = 1
                for k in 0..<order {
                    code += scale * Int(s[(y + k * dy) * w + x + k * dx])
                    scale *= bins
                }
                counts[code] += 1
            }
        }
        return counts.map { Float($0) / Float(ow * oh) }
    }

    func testPairedAndSingleCountingEqualTheDefinition() {
        var rng = SeededGenerator(seed: 5)
        // (bins, order): 5³ and 3⁴ take the paired path (B^{d+1} ≤ 1024), 7³ and 5⁴ do not.
        for (bins, order) in [(5, 3), (3, 4), (5, 1), (3, 2), (7, 3), (5, 4)] {
            for (w, h) in [(1, 1), (2, 3), (3, 2), (7, 9), (10, 4), (33, 17)] {
                let s = (0..<(w * h)).map { _ -> UInt8 in
                    // Mostly the centre symbol, as in real residuals, so runs are exercised.
                    let r = rng.nextIndex(below: 3 * bins)
                    return UInt8(r < 2 * bins ? bins / 2 : r - 2 * bins)
                }
                for direction in CoOccurrence.Direction.allCases {
                    var size = 1
                    for _ in 0..<order { size *= bins }
                    var out = [Float](repeating: -1, count: size + 2)
                    s.withUnsafeBufferPointer { p in
                        out.withUnsafeMutableBufferPointer { o in
                            CoOccurrence.histogram(p, width: w, height: h, bins: bins, order: order, direction: direction,
                                                   into: o, offset: 1)
                        }
                    }
                    XCTAssertEqual(out[0], -1)
                    XCTAssertEqual(out[size + 1], -1)
                    XCTAssertEqual(Array(out[1...size]), naive(s, w: w, h: h, bins: bins, order: order, direction: direction),
                                   "B=\(bins) d=\(order) \(w)×\(h) \(direction)")
                }
            }
        }
    }
}
