import Foundation
import XCTest
@testable import TelltaleEvaluation

/// A small grouped set whose per-group values are worked out by hand.
///
/// Reals: r1 (no group) 0.2, r2 (A) 0.6, r3 (B) 0.1, r4 (C) 0.3.
/// Fakes: f0 (no group) 0.8, a1 (A) 0.7, a2 (A) 0.4, b1 (B) 0.9.
final class GroupTableTests: XCTestCase {
    private let items: [(Int, String?, Double)] = [
        (0, nil, 0.2), (0, "A", 0.6), (0, "B", 0.1), (0, "C", 0.3),
        (1, nil, 0.8), (1, "A", 0.7), (1, "A", 0.4), (1, "B", 0.9),
    ]

    private func table(_ pooling: RealPoolingRule) throws -> GroupTable {
        let data = try LabelledScores(labels: items.map(\.0), scores: items.map(\.2))
        return try GroupTable(data, groups: items.map(\.1), threshold: 0.5, pooling: pooling)
    }

    func testAllRealsPooledIntoEveryGroup() throws {
        let t = try table(.allReals)
        XCTAssertEqual(t.rows.map(\.group), ["(ungrouped)", "A", "B"])
        XCTAssertEqual(t.realOnlyGroups, ["C"])
        for row in t.rows { XCTAssertEqual(row.summary.realCount, 4, row.group) }
        XCTAssertEqual(t.rows.map(\.summary.fakeCount), [1, 2, 1])

        // A: fakes 0.7, 0.4 vs reals 0.2, 0.6, 0.1, 0.3. At 0.5: TP 1 (0.7), FN 1, FP 1 (0.6), TN 3.
        let a = t.rows[1].summary
        XCTAssertEqual(a.atThreshold.confusion,
                       ConfusionMatrix(truePositives: 1, falsePositives: 1, trueNegatives: 3, falseNegatives: 1))
        XCTAssertEqual(a.atThreshold.accuracy, 4.0 / 6.0, accuracy: 1e-15)
        XCTAssertEqual(a.atThreshold.realAccuracy, 0.75)
        XCTAssertEqual(a.atThreshold.fakeAccuracy, 0.5)
        // AUC: 0.7 beats all 4 reals, 0.4 beats 3 of 4 → 7/8.
        XCTAssertEqual(try XCTUnwrap(a.rocAUC), 7.0 / 8.0, accuracy: 1e-15)
        // (ungrouped): 0.8 vs the reals; B: 0.9 vs the reals. Both AUC 1; accuracy 4/5.
        XCTAssertEqual(t.rows[0].summary.rocAUC, 1)
        XCTAssertEqual(t.rows[2].summary.rocAUC, 1)
        XCTAssertEqual(t.rows[2].summary.atThreshold.accuracy, 0.8, accuracy: 1e-15)

        XCTAssertEqual(t.mean.groups, 3)
        XCTAssertEqual(t.mean.accuracy, (0.8 + 4.0 / 6.0 + 0.8) / 3, accuracy: 1e-15)
        XCTAssertEqual(t.mean.realAccuracy, 0.75, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(t.mean.rocAUC), (1 + 7.0 / 8.0 + 1) / 3, accuracy: 1e-15)
    }

    func testSubsetsAreTheRowsSets() throws {
        let data = try LabelledScores(labels: items.map(\.0), scores: items.map(\.2))
        let pooled = try GroupTable.subsets(data, groups: items.map(\.1))
        XCTAssertEqual(pooled.map(\.group), ["(ungrouped)", "A", "B"])
        // Row A, items in their original order: the four reals then a1, a2.
        XCTAssertEqual(pooled[1].data.scores, [0.2, 0.6, 0.1, 0.3, 0.7, 0.4])
        XCTAssertEqual(pooled[1].data.labels, [0, 0, 0, 0, 1, 1])
        let own = try GroupTable.subsets(data, groups: items.map(\.1), pooling: .sameGroup)
        XCTAssertEqual(own[0].data.scores, [0.2, 0.8])  // the ungrouped real and the ungrouped fake
        XCTAssertEqual(own[2].data.scores, [0.1, 0.9])
    }

    func testSameGroupPoolingUsesOnlyTheGroupsReals() throws {
        let t = try table(.sameGroup)
        XCTAssertEqual(t.rows.map(\.group), ["(ungrouped)", "A", "B"])
        XCTAssertEqual(t.rows.map(\.summary.realCount), [1, 1, 1])
        // A: fakes 0.7, 0.4 vs real 0.6 → AUC ½.
        XCTAssertEqual(t.rows[1].summary.rocAUC, 0.5)
        XCTAssertEqual(try XCTUnwrap(t.mean.rocAUC), (1 + 0.5 + 1) / 3, accuracy: 1e-15)
    }

    func testAutoPoolingUsesOwnRealsWhenEveryGroupHasThem() throws {
        // Every row — (ungrouped), A, B — has a real of its own (C holds reals only): same-group.
        let t = try table(.auto)
        XCTAssertEqual(t.pooling, .sameGroup)
        XCTAssertEqual(t.poolingRule, .auto)
        XCTAssertEqual(t.groupsWithoutOwnReals, [])
        XCTAssertEqual(t.rows, try table(.sameGroup).rows)
        XCTAssertTrue(ReportWriter.groupTable(t).contains("each generator against its own reals; pooling auto"))
        // The default is auto.
        let data = try LabelledScores(labels: items.map(\.0), scores: items.map(\.2))
        XCTAssertEqual(try GroupTable(data, groups: items.map(\.1), threshold: 0.5).pooling, .sameGroup)
    }

    func testAutoPoolingPoolsAllRealsWhenAGroupHasNone() throws {
        // The reals carry no group, the fakes carry A and B: no row has reals of its own.
        let labels = [0, 0, 0, 1, 1, 1]
        let groups: [String?] = [nil, nil, "coco", "A", "A", "B"]
        let data = try LabelledScores(labels: labels, scores: [0.1, 0.2, 0.6, 0.7, 0.9, 0.4])
        let t = try GroupTable(data, groups: groups, threshold: 0.5, pooling: .auto)
        XCTAssertEqual(t.pooling, .allReals)
        XCTAssertEqual(t.groupsWithoutOwnReals, ["A", "B"])
        XCTAssertEqual(t.rows.map(\.summary.realCount), [3, 3])
        XCTAssertEqual(t.realOnlyGroups, ["coco"])
        XCTAssertTrue(ReportWriter.groupTable(t).contains("all real images pooled into every row; pooling auto: no reals of their own for A, B"))
        // One group without reals is enough: A has its own, B has none.
        let mixed = try GroupTable(data, groups: [nil, "A", "coco", "A", "A", "B"], threshold: 0.5, pooling: .auto)
        XCTAssertEqual(mixed.pooling, .allReals)
        XCTAssertEqual(mixed.groupsWithoutOwnReals, ["B"])
        // Asked for explicitly, each pooling is used whatever the data; same-group says which rows have no reals.
        let own = try GroupTable(data, groups: groups, threshold: 0.5, pooling: .sameGroup)
        XCTAssertEqual(own.pooling, .sameGroup)
        XCTAssertEqual(own.rows.map(\.summary.realCount), [0, 0])
        XCTAssertTrue(ReportWriter.groupTable(own).contains("pooling same-group; no reals at all for A, B"))
        XCTAssertTrue(ReportWriter.groupTable(try table(.allReals)).contains("all real images pooled into every row; pooling all-reals"))
    }

    func testPoolingSpellings() throws {
        for (text, rule) in [("auto", RealPoolingRule.auto), ("same-group", .sameGroup), ("sameGroup", .sameGroup),
                             ("all-reals", .allReals), ("allReals", .allReals)] {
            XCTAssertEqual(RealPoolingRule(spelling: text), rule, text)
            XCTAssertEqual(try JSONDecoder().decode(RealPoolingRule.self, from: Data("\"\(text)\"".utf8)), rule, text)
        }
        XCTAssertNil(RealPoolingRule(spelling: "pooled"))
        XCTAssertThrowsError(try JSONDecoder().decode(RealPoolingRule.self, from: Data("\"pooled\"".utf8)))
        XCTAssertEqual(RealPoolingRule.default, .auto)
        XCTAssertEqual(RealPoolingRule.allCases.map(\.spelling), ["auto", "same-group", "all-reals"])
    }

    func testGroupWithoutRealsHasUndefinedRankingMetricsAndTheMeanSkipsThem() throws {
        // sameGroup: group D has fakes only → AUC nil; the mean AUC averages the defined rows.
        let data = try LabelledScores(labels: [0, 1, 1], scores: [0.2, 0.9, 0.7])
        let t = try GroupTable(data, groups: ["A", "A", "D"], threshold: 0.5, pooling: .sameGroup)
        XCTAssertEqual(t.rows.map(\.group), ["A", "D"])
        XCTAssertNil(t.rows[1].summary.rocAUC)
        XCTAssertNotNil(t.rows[1].summary.undefinedReason)
        XCTAssertEqual(t.mean.rocAUC, 1)
        XCTAssertThrowsError(try GroupTable(data, groups: ["A"], threshold: 0.5))
    }
}
