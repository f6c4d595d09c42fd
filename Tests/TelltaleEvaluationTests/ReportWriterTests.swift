import Foundation
import XCTest
@testable import TelltaleEvaluation
import TelltaleSupport

final class ReportWriterTests: XCTestCase {
    func testReportHoldsEverySection() throws {
        let r = try ReportTestData.report()
        XCTAssertEqual(r.summary.count, 7)
        XCTAssertEqual(r.decodeFailures.count, 1)
        XCTAssertEqual(r.groups?.rows.map(\.group), ["ProGAN", "SD|1.4"])
        XCTAssertEqual(r.groups?.rows.map(\.summary.realCount), [3, 3])
        XCTAssertEqual(r.robustness?.rows.count, 2)
        XCTAssertNotNil(r.curves)
        XCTAssertNotNil(r.summary.intervals)
        XCTAssertEqual(r.items.count, 7)
    }

    func testJSONIsDeterministicAndRoundTrips() throws {
        let a = try ReportWriter.json(try ReportTestData.report())
        let b = try ReportWriter.json(try ReportTestData.report())
        XCTAssertEqual(a, b)
        let decoded = try JSONDecoder().decode(EvaluationReport.self, from: a)
        XCTAssertEqual(decoded, try ReportTestData.report())
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: a) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["title", "threshold", "bootstrap", "summary", "curves", "reliability", "decodeFailures",
                                          "groups", "robustness", "crossGenerator", "items"])
        let summary = try XCTUnwrap(object["summary"] as? [String: Any])
        for key in ["tprAtFPR", "oracleAccuracy", "brierScore", "expectedCalibrationError"] {
            XCTAssertNotNil(summary[key], key)
        }
        for key in ["singleClass", "calibrationUndefinedReason", "undefinedReason"] {
            XCTAssertNil(summary[key], "an absent optional is not written: \(key)")
        }
        let text = try XCTUnwrap(String(data: a, encoding: .utf8))
        XCTAssertTrue(text.contains("\"reason\" : \"zero-byte file\""))
        XCTAssertFalse(text.lowercased().contains("time"), "no timings in the report")
        // The +∞ first ROC threshold is encoded as null.
        let curves = try XCTUnwrap(object["curves"] as? [String: Any])
        let roc = try XCTUnwrap(curves["roc"] as? [String: Any])
        XCTAssertTrue((roc["thresholds"] as? [Any])?.first is NSNull)
    }

    func testMarkdownTables() throws {
        let md = ReportWriter.markdown(try ReportTestData.report())
        XCTAssertTrue(md.hasPrefix("# Spectrum + logistic regression on a toy set\n"))
        for heading in ["## Summary (%)", "## Per generator", "## Robustness (%)",
                        "## Cross-generator (ROC AUC / AP, %)", "### Leave one generator out (%)",
                        "## Decode failures (1)"] {
            XCTAssertTrue(md.contains(heading), heading)
        }
        XCTAssertTrue(md.contains("decode failures: 1"))
        XCTAssertTrue(md.contains("| **Mean** (2) |"))
        XCTAssertTrue(md.contains("| SD\\|1.4 |"), "pipes in cells are escaped")
        XCTAssertTrue(md.contains("95 % percentile bootstrap, 200 resamples stratified by class, seed 3"))
        // Every table row has as many cells as its header.
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var columns: Int?
        for line in lines {
            guard line.hasPrefix("|") else { columns = nil; continue }
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            if let columns { XCTAssertEqual(cells, columns, line) } else { columns = cells }
        }
        // Summary row of the AUC with its interval: "| ROC AUC | 83.3 | [l, u] |".
        let s = try ReportTestData.report().summary
        let auc = NumberFormat.percent(s.rocAUC)
        XCTAssertTrue(md.contains("| ROC AUC | \(auc) | ["), md)
        // The oracle accuracy beside the accuracy at the threshold, the TPR at low FPRs, calibration.
        let oracle = try XCTUnwrap(s.oracleAccuracy)
        XCTAssertTrue(md.contains("| Accuracy at the oracle threshold (\(NumberFormat.fixed(oracle.threshold, 4))) | "
            + "\(NumberFormat.percent(oracle.accuracy)) |"), md)
        XCTAssertTrue(md.contains("| TPR at 1 % FPR | "), md)
        XCTAssertTrue(md.contains("| TPR at 5 % FPR | "), md)
        XCTAssertTrue(md.contains("Calibration: Brier score \(NumberFormat.fixed(try XCTUnwrap(s.brierScore), 4)); "
            + "expected calibration error"), md)
        XCTAssertTrue(md.contains("(10 equal-width bins)"), md)
        XCTAssertTrue(md.contains("| Oracle acc |"), md)
    }

    func testScoresCSV() throws {
        let csv = ReportWriter.scoresCSV(ReportTestData.items, threshold: 0.5)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, ReportTestData.items.count + 2)  // header + rows + final empty
        XCTAssertEqual(lines[0], "path,label,group,score,decision")
        XCTAssertEqual(lines[1], "real/a.png,0,,0.2,real")
        XCTAssertEqual(lines[2], "\"real/b, with comma.jpg\",0,,0.6,fake")
        XCTAssertEqual(lines[4], "fake/progan/1.png,1,ProGAN,0.9,fake")
        XCTAssertEqual(lines[7], "\"fake/sd/\"\"2\"\".png\",1,SD|1.4,0.3,real")
        XCTAssertEqual(lines.last, "")
        XCTAssertEqual(ReportWriter.failuresCSV([InputFailure(path: "x.png", reason: "bad, header")]),
                       "path,reason\nx.png,\"bad, header\"\n")
    }

    func testReportWithOneClassStillWrites() throws {
        let items = [ScoredItem(path: "a", label: 0, score: 0.3), ScoredItem(path: "b", label: 0, score: 0.7)]
        let r = try EvaluationReport(title: "reals only", items: items)
        XCTAssertNil(r.curves)
        XCTAssertNil(r.groups)
        XCTAssertNil(r.summary.intervals)
        let md = ReportWriter.markdown(r)
        XCTAssertTrue(md.contains("| ROC AUC | n/a |"))
        XCTAssertTrue(md.contains("all 2 items are real"))
        XCTAssertTrue(md.contains("Zero division (reported as 0): recall, fakeAccuracy, balancedAccuracy."))
        XCTAssertNoThrow(try ReportWriter.json(r))
        // What a real-only set measures: the false-positive rate, with its intervals.
        let rate = try XCTUnwrap(r.summary.singleClass)
        XCTAssertEqual(rate.metric, .falsePositiveRate)
        XCTAssertEqual(rate.rate, 0.5)
        XCTAssertNotNil(rate.bootstrap)
        XCTAssertTrue(md.contains("Real images only (2): this set measures the false-positive rate"), md)
        XCTAssertTrue(md.contains("False-positive rate at the threshold: 50.0 % (1 of 2 reals called fake); 95 % intervals: bootstrap ["), md)
        XCTAssertTrue(md.contains("| False-positive rate | 50.0 | ["), md)
        XCTAssertNotNil(r.reliability)
    }

    func testARealOnlySetWithGroupsHasNoEmptyGeneratorTable() throws {
        let items = [ScoredItem(path: "a", label: 0, group: "canon", score: 0.3),
                     ScoredItem(path: "b", label: 0, group: "nikon", score: 0.7)]
        let md = ReportWriter.markdown(try EvaluationReport(title: "reals only", items: items))
        XCTAssertTrue(md.contains("No fake images, so no per-generator rows (groups with real images only: canon, nikon)."), md)
        XCTAssertFalse(md.contains("**Mean**"), md)
    }

    func testScoresThatAreNotProbabilitiesHaveNoCalibrationMetrics() throws {
        let items = [ScoredItem(path: "a", label: 0, score: -2.5), ScoredItem(path: "b", label: 1, score: 3.1),
                     ScoredItem(path: "c", label: 1, score: 0.4)]
        let r = try EvaluationReport(title: "log-likelihood ratios", items: items, threshold: 0)
        XCTAssertNil(r.reliability)
        XCTAssertNil(r.summary.brierScore)
        let md = ReportWriter.markdown(r)
        XCTAssertTrue(md.contains("The Brier score and the expected calibration error need probabilities in [0, 1]; "
            + "these scores range over [-2.5, 3.1]."), md)
        XCTAssertTrue(md.contains("| TPR at 1 % FPR | 100.0 |"), md)
    }

    func testFlatMetricsFlagZeroDivisionAndLeaveUndefinedOut() throws {
        // A real-only set: recall has no fake to divide by; ROC AUC is undefined.
        let summary = MetricSummary(try LabelledScores(labels: [0, 0, 0, 0], scores: [0.1, 0.7, 0.2, 0.3]), threshold: 0.5)
        let flat = ReportWriter.flatMetrics(summary)
        let recall = try XCTUnwrap(flat.first { $0.name == "recall" })
        XCTAssertTrue(recall.zeroDivision)
        XCTAssertEqual(recall.value, 0)
        XCTAssertFalse(try XCTUnwrap(flat.first { $0.name == "real_accuracy" }).zeroDivision)
        XCTAssertEqual(try XCTUnwrap(flat.first { $0.name == "false_positive_rate" }).value, 0.25)
        XCTAssertNil(flat.first { $0.name == "roc_auc" })
        XCTAssertNotNil(flat.first { $0.name == "false_positive_rate_wilson" }, "the single-class rate with its Wilson interval")
    }
}
