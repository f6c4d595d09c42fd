import Foundation
import TelltaleTestSupport
import XCTest
@testable import TelltaleDatasets

final class DatasetLoaderTests: XCTestCase {
    private func relative(_ dataset: Dataset, _ root: String) -> [String] {
        dataset.items.map { String($0.path.dropFirst(root.count + 1)) }
    }

    func testRealFakeAtRoot() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["real", "fake"], count: 3)
        let dataset = try DatasetLoader.load(dir.path)
        XCTAssertEqual(dataset.layout, .realFake)
        XCTAssertEqual(dataset.items.count, 6)
        XCTAssertEqual(dataset.count(of: .real), 3)
        XCTAssertEqual(dataset.count(of: .fake), 3)
        XCTAssertTrue(dataset.items.allSatisfy { $0.group == nil && $0.split == nil })
        // Sorted by path: fake/ sorts before real/, yet fake stays label 1.
        XCTAssertEqual(relative(dataset, dir.path).first, "fake/img0.png")
        XCTAssertEqual(dataset.items.first?.label, .fake)
        XCTAssertEqual(Label.fake.rawValue, 1)
        XCTAssertEqual(Label.real.rawValue, 0)
    }

    func testForenSynthsPerGenerator() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["test/progan/0_real", "test/progan/1_fake",
                            "test/biggan/0_real", "test/biggan/1_fake",
                            "test/cyclegan/apple/0_real", "test/cyclegan/apple/1_fake"])
        let dataset = try DatasetLoader.load(dir.path)
        XCTAssertEqual(dataset.layout, .forenSynths)
        XCTAssertEqual(dataset.items.count, 12)
        XCTAssertEqual(dataset.groups, ["biggan", "cyclegan/apple", "progan"])
        XCTAssertEqual(dataset.splits, ["test"])
        let progan = dataset.items.filter { $0.group == "progan" }
        XCTAssertEqual(progan.map(\.label), [.real, .real, .fake, .fake])
        XCTAssertTrue(progan[0].path.hasSuffix("test/progan/0_real/img0.png"))
    }

    func testGenImageGeneratorThenSplit() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["imagenet_ai_0419_sdv4/train/nature", "imagenet_ai_0419_sdv4/train/ai",
                            "imagenet_ai_0419_sdv4/val/nature", "imagenet_ai_0419_sdv4/val/ai",
                            "imagenet_midjourney/val/nature", "imagenet_midjourney/val/ai"])
        let dataset = try DatasetLoader.load(dir.path)
        XCTAssertEqual(dataset.layout, .genImage)
        XCTAssertEqual(dataset.groups, ["imagenet_ai_0419_sdv4", "imagenet_midjourney"])
        XCTAssertEqual(dataset.splits, ["train", "val"])
        let item = try XCTUnwrap(dataset.items.first { $0.path.hasSuffix("sdv4/train/ai/img1.png") })
        XCTAssertEqual(item.label, .fake)
        XCTAssertEqual(item.group, "imagenet_ai_0419_sdv4")
        XCTAssertEqual(item.split, "train")
        XCTAssertEqual(dataset.items(inSplit: "val").count, 8)
        XCTAssertEqual(dataset.summary(), [
            Dataset.Cell(group: "imagenet_ai_0419_sdv4", split: "train", real: 2, fake: 2, unlabelled: 0),
            Dataset.Cell(group: "imagenet_ai_0419_sdv4", split: "val", real: 2, fake: 2, unlabelled: 0),
            Dataset.Cell(group: "imagenet_midjourney", split: "val", real: 2, fake: 2, unlabelled: 0),
        ])
    }

    func testCIFAKESplitsAndNoGroup() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["train/REAL", "train/FAKE", "test/REAL", "test/FAKE"])
        let dataset = try DatasetLoader.load(dir.path)
        XCTAssertEqual(dataset.layout, .cifake)
        XCTAssertEqual(dataset.splits, ["test", "train"])
        XCTAssertEqual(dataset.groups, [])
        let item = try XCTUnwrap(dataset.items.first { $0.path.hasSuffix("train/REAL/img0.png") })
        XCTAssertEqual(item.label, .real)
        XCTAssertEqual(item.split, "train")
    }

    func testSplitInsideClassFolderAndNestedImages() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["real/train/a", "real/Validation", "fake/train", "fake/validation/b"])
        let dataset = try DatasetLoader.load(dir.path)
        XCTAssertEqual(dataset.items.count, 8)
        XCTAssertEqual(dataset.items(inSplit: "train").count, 4)
        XCTAssertEqual(dataset.items(inSplit: "val").count, 4)
    }

    func testImageRecognitionByExtensionAndSignature() throws {
        let dir = try TemporaryDirectory()
        try dir.write("real/a.JPG", bytes: [1, 2, 3])  // extension counts even without a signature
        try dir.write("real/b", bytes: TemporaryDirectory.jpegSignature)  // signature counts without an extension
        try dir.write("real/notes.txt", text: "not an image")
        try dir.write("real/.hidden.png")
        try dir.write("real/.cache/c.png")
        try dir.write("fake/x.jpeg", bytes: TemporaryDirectory.jpegSignature)
        let dataset = try DatasetLoader.load(dir.path)
        XCTAssertEqual(relative(dataset, dir.path), ["fake/x.jpeg", "real/a.JPG", "real/b"])
    }

    func testDeterministicSortIsByteWise() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["real", "fake"], count: 1)
        for name in ["B.png", "a.png", "Z.png", "_x.png", "é.png"] { try dir.write("real/" + name) }
        let dataset = try DatasetLoader.load(dir.path)
        let real = dataset.items.filter { $0.label == .real }.map { ($0.path as NSString).lastPathComponent }
        XCTAssertEqual(real, ["B.png", "Z.png", "_x.png", "a.png", "img0.png", "é.png"])
    }

    func testSymlinkCycleVisitedOnce() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["set/real", "set/fake"])
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/set/real/loop", withDestinationPath: dir.path + "/set/real")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/up", withDestinationPath: dir.path)
        let dataset = try DatasetLoader.load(dir.path)
        XCTAssertEqual(dataset.count(of: .fake), 2)
        XCTAssertEqual(dataset.count(of: .real), 2)
    }

    // MARK: errors

    func testMissingPath() {
        XCTAssertThrowsError(try DatasetLoader.load("/nonexistent/telltale/x")) { error in
            XCTAssertEqual(error as? DatasetError, .pathMissing("/nonexistent/telltale/x"))
            XCTAssertTrue("\(error)".contains("/nonexistent/telltale/x"))
        }
    }

    func testNoClassFolders() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["cats", "dogs/small"])
        XCTAssertThrowsError(try DatasetLoader.load(dir.path)) { error in
            XCTAssertEqual(error as? DatasetError, .noClassFolders(root: dir.path))
        }
    }

    func testOnlyOneClassNamesWhich() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["progan/0_real", "biggan/0_real", "biggan/1_fake"])
        XCTAssertThrowsError(try DatasetLoader.load(dir.path)) { error in
            XCTAssertEqual(error as? DatasetError,
                           .onlyOneClass(directory: dir.path + "/progan", found: "0_real", missing: "1_fake"))
            XCTAssertTrue("\(error)".contains("no 1_fake/"))
        }
    }

    func testOneClassIsAllowedWhenAskedFor() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["progan/0_real", "biggan/0_real", "biggan/1_fake"])
        let dataset = try DatasetLoader.load(dir.path, allowSingleClass: true)
        XCTAssertEqual(dataset.count(of: .real), 4)
        XCTAssertEqual(dataset.count(of: .fake), 2)
        XCTAssertEqual(dataset.groups, ["biggan", "progan"])
        let reals = try TemporaryDirectory()
        try reals.images(in: ["real"], count: 3)
        let only = try DatasetLoader.load(reals.path, allowSingleClass: true)
        XCTAssertEqual(only.items.map(\.label), [.real, .real, .real])
        XCTAssertThrowsError(try DatasetLoader.load(reals.path))
    }

    func testEmptyClassFolder() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["real"])
        try dir.write("fake/readme.txt", text: "nothing here")
        XCTAssertThrowsError(try DatasetLoader.load(dir.path)) { error in
            XCTAssertEqual(error as? DatasetError, .emptyClassFolder(dir.path + "/fake"))
        }
    }

    func testAmbiguousLayout() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["real", "fake", "0_real", "1_fake"])
        XCTAssertThrowsError(try DatasetLoader.load(dir.path)) { error in
            guard case .ambiguousLayout(let directory, let folders)? = error as? DatasetError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(directory, dir.path)
            XCTAssertEqual(Set(folders), ["real", "fake", "0_real", "1_fake"])
        }
    }

    func testClassFolderInsideClassFolder() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["real/x/fake", "fake"])
        XCTAssertThrowsError(try DatasetLoader.load(dir.path)) { error in
            XCTAssertEqual(error as? DatasetError, .classFolderInsideClassFolder(dir.path + "/real/x/fake"))
        }
    }

    func testMixedLayouts() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["progan/0_real", "progan/1_fake", "sdv4/nature", "sdv4/ai"])
        XCTAssertThrowsError(try DatasetLoader.load(dir.path)) { error in
            XCTAssertEqual(error as? DatasetError, .mixedLayouts(
                root: dir.path, layouts: ["0_real/1_fake", "nature/ai"],
                examples: [dir.path + "/progan", dir.path + "/sdv4"]))
        }
    }
}
