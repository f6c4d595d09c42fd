import Foundation
import TelltaleSupport
import XCTest
@testable import TelltaleFeatures

final class LogSumTests: XCTestCase {
    func testSumsOfLogarithmsMatchTheDirectSumAcrossRenormalisations() {
        var rng = SeededGenerator(seed: 3)
        // Counts around the block (4 × 64) and renormalisation (256) boundaries; values
        // spread over many binades, tiny and huge.
        for count in [1, 3, 4, 5, 255, 256, 257, 1000, 4099] {
            let values = (0..<count).map { _ in Float(exp((rng.nextUnit() - 0.5) * 120)) }
            let expected = values.reduce(0.0) { $0 + log(Double($1)) }
            var blocked = LogSum(), single = LogSum(), doubled = LogSum()
            values.withUnsafeBufferPointer { blocked.add($0.baseAddress!, count: count) }
            for v in values {
                single.add(v)
                doubled.add(Double(v), weight: 2)
            }
            let tolerance = 1e-12 * max(1, abs(expected))
            XCTAssertEqual(blocked.value, expected, accuracy: tolerance, "\(count) values, blocks")
            XCTAssertEqual(single.value, expected, accuracy: tolerance, "\(count) values, one by one")
            XCTAssertEqual(doubled.value, 2 * expected, accuracy: 2 * tolerance, "\(count) values, weight 2")
        }
        XCTAssertEqual(LogSum().value, 0)
    }

    /// The documented order of operations, written out plainly: per call, blocks of up to 64
    /// groups of four, products `p0 … p3` of the groups' first … fourth mantissas folded as
    /// `(p0 p1)(p2 p3)`, renormalised before and after; single floats for the tail. The
    /// blocked sum must give the same bits, so that its implementation can be restructured
    /// without changing any feature.
    func testBlockedSumIsTheDocumentedProductOrderBitForBit() {
        func split(_ x: Double) -> (Int, Double) {
            let bits = x.bitPattern
            return (Int(bits >> 52) - 1023, Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000))
        }
        func mantissa(_ x: Float) -> Double {
            Double(Float(bitPattern: x.bitPattern & 0x007F_FFFF | 0x3F80_0000))
        }
        func reference(_ rows: [[Float]]) -> Double {
            var exponent = 0, product = 1.0, factors = 0
            func renormalise() {
                let (e, m) = split(product)
                exponent += e
                product = m
                factors = 0
            }
            for values in rows {
                let groups = values.count / 4
                var g = 0
                while g < groups {
                    let end = min(groups, g + 64)
                    var p0 = 1.0, p1 = 1.0, p2 = 1.0, p3 = 1.0
                    while g < end {
                        for k in 0..<4 { exponent += Int(values[4 * g + k].bitPattern >> 23) - 127 }
                        p0 *= mantissa(values[4 * g])
                        p1 *= mantissa(values[4 * g + 1])
                        p2 *= mantissa(values[4 * g + 2])
                        p3 *= mantissa(values[4 * g + 3])
                        g += 1
                    }
                    renormalise()
                    product *= (p0 * p1) * (p2 * p3)
                    renormalise()
                }
                for v in values[(4 * groups)...] {
                    exponent += Int(v.bitPattern >> 23) - 127
                    product *= mantissa(v)
                    factors += 1
                    if factors == 256 { renormalise() }
                }
            }
            return Double(exponent) * 0.693_147_180_559_945_309_417_232_121_458 + log(product)
        }
        var rng = SeededGenerator(seed: 11)
        for (rowCount, width) in [(1, 1), (3, 7), (16, 16), (5, 256), (2, 1000), (40, 3), (9, 259)] {
            let rows = (0..<rowCount).map { _ in (0..<width).map { _ in Float(exp((rng.nextUnit() - 0.5) * 80)) } }
            var sum = LogSum()
            for row in rows { row.withUnsafeBufferPointer { sum.add($0.baseAddress!, count: width) } }
            XCTAssertEqual(sum.value.bitPattern, reference(rows).bitPattern, "\(rowCount) rows of \(width)")
        }
    }

    /// Two sums fed alternately, lane by lane, equal the one-by-one calls bit for bit, across
    /// renormalisations and with the two sums out of step (a head start on the first).
    func testAlternatePairsEqualOneByOneCallsBitForBit() {
        var rng = SeededGenerator(seed: 12)
        for (head, pairs) in [(0, 0), (0, 1), (1, 255), (2, 256), (1, 700), (0, 1300)] {
            for weight in 1...2 {
                let values = (0..<(head + 2 * pairs)).map { _ in exp((rng.nextUnit() - 0.5) * 200) }
                var a = LogSum(), b = LogSum(), expectedA = LogSum(), expectedB = LogSum()
                for v in values[..<head] {
                    a.add(v, weight: weight)
                    expectedA.add(v, weight: weight)
                }
                for j in 0..<pairs {
                    expectedA.add(values[head + 2 * j], weight: weight)
                    expectedB.add(values[head + 2 * j + 1], weight: weight)
                }
                LogSum.addAlternately(&a, &b, pairs: pairs, weight: weight) { j in
                    SIMD2(values[head + 2 * j], values[head + 2 * j + 1])
                }
                XCTAssertEqual(a.value.bitPattern, expectedA.value.bitPattern, "head \(head), \(pairs) pairs, weight \(weight)")
                XCTAssertEqual(b.value.bitPattern, expectedB.value.bitPattern, "head \(head), \(pairs) pairs, weight \(weight)")
            }
        }
    }
}
