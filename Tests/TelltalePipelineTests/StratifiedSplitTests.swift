import TelltaleDatasets
import TelltalePipeline
import XCTest

final class StratifiedSplitTests: XCTestCase {
    private func items() -> [LabelledImage] {
        let groups: [String] = ["gan", "diffusion"]
        return groups.flatMap { group -> [LabelledImage] in
            (0..<10).flatMap { i in
                [LabelledImage(path: "\(group)/real/\(i).png", label: .real, group: group),
                 LabelledImage(path: "\(group)/fake/\(i).png", label: .fake, group: group)]
            }
        }
    }

    func testEveryGeneratorAndClassIsInBothSetsInTheRatioAsked() {
        let split = StratifiedSplit.split(items(), test: 0.3, seed: 7)
        XCTAssertEqual(split.test.count, 4 * 3)
        XCTAssertEqual(split.train.count, 4 * 7)
        XCTAssertEqual(Set(split.train.map(\.path) + split.test.map(\.path)).count, 40, "disjoint, nothing lost")
        for group in ["gan", "diffusion"] {
            for label in [Label.real, .fake] {
                XCTAssertEqual(split.test.filter { $0.group == group && $0.label == label }.count, 3)
            }
        }
    }

    func testTheSameSeedGivesTheSameSplit() {
        let a = StratifiedSplit.split(items(), test: 0.3, seed: 7)
        XCTAssertEqual(a.test.map(\.path), StratifiedSplit.split(items(), test: 0.3, seed: 7).test.map(\.path))
        XCTAssertNotEqual(Set(a.test.map(\.path)), Set(StratifiedSplit.split(items(), test: 0.3, seed: 8).test.map(\.path)))
    }

    func testASingleImageCellStaysInTraining() {
        let split = StratifiedSplit.split([LabelledImage(path: "x.png", label: .real, group: "g")], test: 0.9, seed: 0)
        XCTAssertEqual(split.train.map(\.path), ["x.png"])
        XCTAssertTrue(split.test.isEmpty)
    }

    func testRelativePaths() {
        XCTAssertEqual(RelativePath.from("/data/splits", to: "/data/sample/gan/real/1.png"), "../sample/gan/real/1.png")
        XCTAssertEqual(RelativePath.from("/data", to: "/data/a.png"), "a.png")
    }
}
