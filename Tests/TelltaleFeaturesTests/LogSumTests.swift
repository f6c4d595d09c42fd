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
}
