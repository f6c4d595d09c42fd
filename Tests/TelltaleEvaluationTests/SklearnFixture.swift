import Foundation
import XCTest
@testable import TelltaleEvaluation

/// The reference values written by scripts/fixtures/evaluation_sklearn.py.
struct SklearnFixture: Decodable {
    struct Confusion: Decodable { let tn, fp, fn, tp: Int }
    struct Threshold: Decodable {
        let threshold: Double
        let confusion: Confusion
        let precision, recall, f1, accuracy, realAccuracy, fakeAccuracy, balancedAccuracy, fpr: Double
        let zeroDivision: [String]
    }
    struct Curve: Decodable {
        let fpr: [Double]
        let tpr: [Double]
        let thresholds: [Double?]
    }
    struct PRCurve: Decodable {
        let precision, recall, thresholds: [Double]
    }
    struct FPRSelection: Decodable {
        let target, threshold, fpr, recall: Double
    }
    struct PrecisionSelection: Decodable {
        let target: Double
        let threshold: Double?
        let precision: Double?
        let recall: Double?
    }
    struct Case: Decodable {
        let name: String
        let labels: [Int]
        let scores: [Double]
        let thresholdMetrics: [Threshold]
        let rocAuc: Double?
        let averagePrecision: Double?
        let rocCurve: Curve?
        let rocCurveFull: Curve?
        let prCurve: PRCurve?
        let eerDeepfakebench: Double?
        let eerInterpolated: Double?
        let eerThreshold: Double?
        let fprSelection: [FPRSelection]?
        let precisionSelection: [PrecisionSelection]?
        let sklearnWarnings: [String]?

        var data: LabelledScores { get throws { try LabelledScores(labels: labels, scores: scores) } }
    }

    let sklearnVersion: String
    let cases: [Case]

    static func load() throws -> SklearnFixture {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "evaluation_sklearn", withExtension: "json",
                                                  subdirectory: "Fixtures"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(SklearnFixture.self, from: Data(contentsOf: url))
    }

    func named(_ name: String) throws -> Case {
        try XCTUnwrap(cases.first { $0.name == name }, "no fixture case \(name)")
    }
}

/// Asserts two arrays are equal element-wise within `accuracy`.
func assertClose(_ a: [Double], _ b: [Double], accuracy: Double = 1e-12, _ message: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "\(message): lengths", file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() where !(x == y || abs(x - y) <= accuracy) {
        XCTFail("\(message)[\(i)]: \(x) vs \(y)", file: file, line: line)
        return
    }
}
