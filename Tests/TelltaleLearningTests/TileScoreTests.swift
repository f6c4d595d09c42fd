@testable import TelltaleLearning
import TelltaleSupport
import XCTest

/// Tile-level training (issue 12, 2(b)): the image-score rules, and folds that keep images whole.
final class TileScoreTests: XCTestCase {
    func testRulesByHand() throws {
        let z = [-1.0, 2, 0.5, 3]
        XCTAssertEqual(TileScore.meanLogit.combine(z), 1.125)
        XCTAssertEqual(TileScore.max.combine(z), 3)
        // Sorted −1, 0.5, 2, 3; position (n − 1)·Q as numpy: 1.5 → 1.25, 0.75 → 0.125, 3 → 3.
        XCTAssertEqual(TileScore.quantile(0.5).combine(z), 1.25)
        XCTAssertEqual(TileScore.quantile(0.25).combine(z), 0.125, accuracy: 1e-15)
        XCTAssertEqual(TileScore.quantile(1).combine(z), 3)
        XCTAssertEqual(TileScore.quantile(0).combine(z), -1)
        for rule in [TileScore.meanLogit, .max, .quantile(0.9)] {
            XCTAssertEqual(rule.combine([0.7]), 0.7, rule.name)  // one tile: its own log-odds
            XCTAssertEqual(try TileScore(name: rule.name), rule)
        }
        XCTAssertEqual(TileScore.quantile(0.9).name, "quantile:0.9")
        for bad in ["mean", "quantile:", "quantile:1.5", "quantile:-0.1", "quantile:nan", "MAX"] {
            XCTAssertThrowsError(try TileScore(name: bad), bad)
        }
        XCTAssertEqual(TileScore.sigmoid(0), 0.5)
    }

    /// 40 images of 1–6 tiles (labels constant within an image): no image's tiles in two folds,
    /// with or without groups — also when a group spans images and an image's tiles carry two groups.
    func testTileCVFoldsNeverSplitAnImage() throws {
        var labels: [Int] = [], keys: [String] = [], groups: [String] = []
        for image in 0 ..< 40 {
            for t in 0 ..< (image % 6) + 1 {
                labels.append(image % 2)
                keys.append("img\(image)")
                // Groups of three images; image 7's tiles disagree (two groups), joining groups 2 and 5.
                groups.append(image == 7 && t == 1 ? "g5" : "g\(image / 3)")
            }
        }
        let tiles = TileImages(keys: keys, rule: .meanLogit)
        XCTAssertEqual(tiles.image.first, 0)
        XCTAssertEqual(Set(tiles.image).count, 40)
        let cv = CrossValidation(folds: 4, seed: 3)
        for given in [nil, groups] {
            let folds = try cv.splitter.split(labels: labels, groups: CrossValidation.groups(given, tileImages: tiles))
            XCTAssertEqual(folds.flatMap(\.test).sorted(), Array(labels.indices))
            var foldOfImage: [Int: Int] = [:], foldOfGroup: [String: Int] = [:]
            for (f, fold) in folds.enumerated() {
                XCTAssertEqual(Set(fold.train.map { tiles.image[$0] }).intersection(fold.test.map { tiles.image[$0] }), [])
                for row in fold.test {
                    if let previous = foldOfImage[tiles.image[row]] { XCTAssertEqual(previous, f, "image \(tiles.image[row])") }
                    foldOfImage[tiles.image[row]] = f
                    guard given != nil else { continue }
                    if let previous = foldOfGroup[groups[row]] { XCTAssertEqual(previous, f, groups[row]) }
                    foldOfGroup[groups[row]] = f
                }
            }
            XCTAssertEqual(foldOfImage.count, 40)
        }
    }

    /// CV on tile rows is scored per image: as many out-of-fold scores as images, each the rule
    /// applied to the tiles' out-of-fold log-odds; the result says so.
    func testTileCVScoresImages() throws {
        var labels: [Int] = [], keys: [Int] = [], rows: [[Float]] = []
        var rng = SeededGenerator(seed: 9)
        for image in 0 ..< 30 {
            for _ in 0 ..< 1 + image % 4 {
                let y = image % 2
                labels.append(y)
                keys.append(image)
                rows.append([Float(y) + Float(Double.random(in: -1 ... 1, using: &rng)), Float(Double.random(in: 0 ... 1, using: &rng))])
            }
        }
        let x = try Matrix(rows: rows)
        let estimator = Estimator.logisticRegression(LogisticRegression(c: 1))
        for rule in [TileScore.meanLogit, .max, .quantile(0.5)] {
            let tiles = TileImages(keys: keys, rule: rule)
            let cv = CrossValidation(folds: 3, seed: 1)
            let result = try cv.evaluate([estimator], x: x, labels: labels, tileImages: tiles)
            XCTAssertNotNil(result.scoredOn)
            XCTAssertTrue(result.scoredOn!.contains(rule.name))
            let images = try cv.outOfFoldImageScores(estimator, x: x, labels: labels, tileImages: tiles)
            XCTAssertEqual(images.labels, (0 ..< 30).map { $0 % 2 })
            // By hand: the per-row out-of-fold log-odds on the same folds, combined per image.
            var z = [Double](repeating: 0, count: labels.count)
            for fold in try cv.splitter.split(labels: labels, groups: CrossValidation.groups(nil, tileImages: tiles)) {
                let m = try estimator.fit(x.selecting(rows: fold.train), labels: fold.train.map { labels[$0] }, seed: 1)
                for (r, v) in zip(fold.test, try m.decisionFunction(x.selecting(rows: fold.test))) { z[r] = v }
            }
            for image in 0 ..< 30 {
                let mine = labels.indices.filter { keys[$0] == image }.map { z[$0] }
                XCTAssertEqual(images.scores[image], TileScore.sigmoid(rule.combine(mine)), accuracy: 1e-12)
            }
        }
        // Without tiles, nothing changes: no scoredOn.
        XCTAssertNil(try CrossValidation(folds: 3, seed: 1).evaluate([estimator], x: x, labels: labels).scoredOn)
    }
}
