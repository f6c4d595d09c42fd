import Foundation
import TelltaleTestSupport
import XCTest
@testable import TelltaleDatasets
import TelltaleImaging
import TelltaleSupport

final class ImageFilesTests: XCTestCase {
    func testListsFilesAndDirectoriesSortedAndDeduplicated() throws {
        let dir = try TemporaryDirectory()
        let b = try dir.write("in/b.png")
        let a = try dir.write("in/sub/a.jpg", bytes: TemporaryDirectory.jpegSignature)
        let sniffed = try dir.write("in/noext", bytes: TemporaryDirectory.pngSignature)
        try dir.write("in/skip.txt", text: "text")
        try dir.write("in/.hidden.png")
        let explicit = try dir.write("other/explicit.dat", text: "kept because named")
        let listed = try ImageFiles.list([dir.path + "/other/explicit.dat", dir.path + "/in", b])
        XCTAssertEqual(listed, [b, sniffed, a, explicit].sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    func testMissingInput() throws {
        XCTAssertThrowsError(try ImageFiles.list(["/nonexistent/telltale"])) { error in
            XCTAssertEqual(error as? DatasetError, .pathMissing("/nonexistent/telltale"))
        }
    }

    func testEmptyInputs() throws {
        XCTAssertEqual(try ImageFiles.list([]), [])
        let dir = try TemporaryDirectory()
        XCTAssertEqual(try ImageFiles.list([dir.path]), [])
    }
}

/// The walk every command shares: each directory once, names that are not UTF-8
/// kept, nothing that is not listed left unaccounted for, nothing opened that could block.
final class FileWalkTests: XCTestCase {
    /// Runs `body` on another thread and fails (instead of hanging) if it takes over `seconds`.
    func withinSeconds<T>(_ seconds: Double, _ body: @escaping @Sendable () throws -> T) throws -> T {
        nonisolated(unsafe) var result: Result<T, Error>?
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            result = Result { try body() }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success, let result else {
            XCTFail("did not finish within \(seconds) s (blocked on a FIFO?)")
            throw CancellationError()
        }
        return try result.get()
    }

    /// One file named in several spellings is one row (`inspect d ./d/x.jpg`).
    func testPathsGivenAreNormalisedLexically() throws {
        let dir = try TemporaryDirectory()
        try dir.write("d/x.jpg", bytes: TemporaryDirectory.jpegSignature)
        let root = dir.path + "/d"
        let files = try ImageFiles.walk([root, dir.path + "/./d//x.jpg", root + "/"]).files
        XCTAssertEqual(files, [root + "/x.jpg"])
        XCTAssertEqual(ImageFiles.lexicallyNormalised("./d//x.jpg"), "d/x.jpg")
        XCTAssertEqual(ImageFiles.lexicallyNormalised("./"), ".")
        XCTAssertEqual(ImageFiles.lexicallyNormalised("/a/./b/../c/"), "/a/b/../c")
        XCTAssertEqual(ImageFiles.lexicallyNormalised("//"), "/")
    }

    func testLinkToAParentFolderIsWalkedOnce() throws {
        let dir = try TemporaryDirectory()
        let a = try dir.write("root/a.png")
        let b = try dir.write("root/sub/b.png")
        try dir.symlink("root/sub/loop", to: "..")       // relative, to the parent
        try dir.symlink("root/again", to: dir.path + "/root/sub")  // a second way into sub
        let walk = try ImageFiles.walk([dir.path + "/root"])
        XCTAssertEqual(walk.files, [a, b], "each directory once, by (device, inode); real paths kept")
        // Two spellings of one folder on the command line: still once.
        XCTAssertEqual(try ImageFiles.walk([dir.path + "/root", dir.path + "/root/sub/loop"]).files, [a, b])
    }

    func testLinkedFolderOutsideTheTreeIsFollowed() throws {
        let dir = try TemporaryDirectory()
        let outside = try dir.write("elsewhere/x.jpg", bytes: TemporaryDirectory.jpegSignature)
        _ = outside
        try dir.makeDirectory("root")
        try dir.symlink("root/linked", to: dir.path + "/elsewhere")
        XCTAssertEqual(try ImageFiles.walk([dir.path + "/root"]).files, [dir.path + "/root/linked/x.jpg"])
    }

    func testNameThatIsNotUTF8IsKept() throws {
        let dir = try TemporaryDirectory()
        try dir.makeDirectory("in")
        let name: [UInt8] = Array("in/caf".utf8) + [0xE9] + Array(".png".utf8)  // Latin-1 "café.png"
        let path = try dir.writeRaw(name)
        let walk = try ImageFiles.walk([dir.path + "/in"])
        XCTAssertEqual(walk.files, [path])
        XCTAssertTrue(path.hasSuffix("caf\u{F7E9}.png"), path)
        XCTAssertEqual(FileSystemPath.bytes(path), Array(dir.path.utf8) + [0x2F] + name)
        XCTAssertEqual(FileSystemPath.display(path), dir.path + "/in/caf\\xe9.png")
        XCTAssertTrue(try ImageDecoder.readFile(path).starts(with: TemporaryDirectory.pngSignature), "readFile opens it by its bytes")
    }

    func testDanglingLinksFIFOsAndDevicesAreRowsWithoutBeingOpened() throws {
        let dir = try TemporaryDirectory()
        let image = try dir.write("in/a.png")
        try dir.symlink("in/dangling.png", to: "nowhere.png")
        try dir.symlink("in/self", to: "self")
        try dir.makeFIFO("in/pipe")
        try dir.makeFIFO("in/pipe.png")
        try dir.symlink("in/zero", to: "/dev/zero")
        let root = dir.path
        let walk = try withinSeconds(20) { try ImageFiles.walk([root + "/in"]) }
        let names = ["a.png", "dangling.png", "pipe", "pipe.png", "self", "zero"]
        XCTAssertEqual(walk.files, names.map { dir.path + "/in/" + $0 })
        XCTAssertEqual(walk.files.first, image)
        XCTAssertEqual(walk.report.notImageCount, 0)
        func reason(_ name: String) -> String {
            do {
                _ = try ImageDecoder.readFile(dir.path + "/in/" + name)
                return "read"
            } catch { return error.reasonDescription }
        }
        XCTAssertEqual(reason("dangling.png"), "cannot read the file: dangling symbolic link")
        XCTAssertEqual(reason("pipe"), "not a regular file (a FIFO)")
        XCTAssertEqual(reason("zero"), "not a regular file (a character device)")
        // Given as files, too.
        let given = try withinSeconds(20) { try ImageFiles.walk([root + "/in/pipe", root + "/in/dangling.png"]) }
        XCTAssertEqual(given.files.count, 2)
    }

    func testFilesThatAreNotImagesAreCountedByExtension() throws {
        let dir = try TemporaryDirectory()
        for k in 0..<2 { try dir.write("in/anim\(k).gif", text: "GIF89a") }
        try dir.write("in/sub/old.BMP", text: "BM")
        try dir.write("in/README", text: "notes")
        try dir.write("in/.DS_Store", text: "x")
        try dir.write("in/.cache/a.png")
        let webp = try dir.write("in/w.webp", text: "RIFF\0\0\0\0WEBPVP8 ")
        let tiff = try dir.write("in/t.TIF", text: "II*\0")
        let sniffedWebP = try dir.write("in/download", text: "RIFF\0\0\0\0WEBPVP8 ")
        let sniffedTIFF = try dir.write("in/scan.dat", bytes: [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8])
        let walk = try ImageFiles.walk([dir.path + "/in"])
        XCTAssertEqual(walk.files, [sniffedWebP, sniffedTIFF, tiff, webp])
        XCTAssertEqual(walk.report.notImages, [".gif": 2, ".bmp": 1, "(no extension)": 1])
        XCTAssertEqual(walk.report.hidden, 2)
        XCTAssertEqual(walk.report.lines, [
            "skipped 4 files that are not images: .gif ×2, (no extension) ×1, .bmp ×1",
            "skipped 2 hidden files or folders (names starting with '.')",
        ])
    }

    func testLabelledLayoutCountsWhatItLeavesOutAndTurnsLinksIntoRows() throws {
        let dir = try TemporaryDirectory()
        try dir.images(in: ["set/real", "set/fake"], count: 2)
        try dir.symlink("set/real/loop", to: "..")
        try dir.symlink("set/fake/cross", to: "../real")  // into the other class: not a second label
        try dir.symlink("set/fake/gone.png", to: "nowhere.png")
        try dir.write("set/fake/notes.txt", text: "x")
        try dir.write("set/README.md", text: "x")
        let dataset = try DatasetLoader.load(dir.path + "/set")
        XCTAssertEqual(dataset.items.map { String($0.path.dropFirst(dir.path.count + 5)) },
                       ["fake/gone.png", "fake/img0.png", "fake/img1.png", "real/img0.png", "real/img1.png"])
        XCTAssertEqual(dataset.count(of: .fake), 3)
        XCTAssertEqual(dataset.report.notImages, [".txt": 1])
        XCTAssertEqual(dataset.report.outsideClassFolders, 1)
    }

    /// Two names that differ in their bytes but are canonically equivalent Unicode
    /// (`café` precomposed, NFC, and with a combining accent, NFD — say one from
    /// Linux, one copied from a Mac) are two files. Swift's `String` equality is
    /// canonical equivalence, so a `Set<String>` kept only one of them: a file without a row.
    func testCanonicallyEquivalentNamesAreTwoFiles() throws {
        let dir = try TemporaryDirectory()
        try dir.makeDirectory("in/real")
        try dir.makeDirectory("in/fake")
        let nfc = try dir.writeRaw(Array("in/real/caf\u{E9}.png".utf8))
        let nfd = try dir.writeRaw(Array("in/real/cafe\u{301}.png".utf8))
        try dir.write("in/fake/x.png")
        XCTAssertNotEqual(Array(nfc.utf8), Array(nfd.utf8))
        let walk = try ImageFiles.walk([dir.path + "/in/real"])
        XCTAssertEqual(walk.files.map { Array($0.utf8) }, [nfd, nfc].map { Array($0.utf8) })
        XCTAssertEqual(ImageFiles.sortedUnique([nfc, nfd, nfc]).map { Array($0.utf8) }, [nfd, nfc].map { Array($0.utf8) })
        let dataset = try DatasetLoader.load(dir.path + "/in")
        XCTAssertEqual(dataset.count(of: .real), 2)
    }
}

final class FileSystemPathTests: XCTestCase {
    func testValidNamesAreUnchanged() {
        for name in ["plain.png", "café.png", "日本.jpg", "emoji 🙂.png", ""] {
            XCTAssertEqual(FileSystemPath.string(fromBytes: Array(name.utf8)), name)
            XCTAssertEqual(FileSystemPath.bytes(name), Array(name.utf8))
            XCTAssertEqual(FileSystemPath.display(name), name)
        }
    }

    func testEveryByteStringRoundTrips() {
        var generator = SeededGenerator(seed: 7)
        let special: [[UInt8]] = [[0xE9], [0xC3], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                  [0xEF, 0x9E, 0x80], [0xEF, 0x9F, 0xBF], [0xC0, 0xAF], [0xE2, 0x82]]
        var cases = special
        for _ in 0..<2000 {
            let length = Int.random(in: 1...12, using: &generator)
            cases.append((0..<length).map { _ in UInt8.random(in: 1...255, using: &generator) })
        }
        for bytes in cases {
            let string = FileSystemPath.string(fromBytes: bytes)
            XCTAssertEqual(FileSystemPath.bytes(string), bytes, "\(bytes)")
            XCTAssertEqual(Array(fileSystemPath(string).dropLast()).map { UInt8(bitPattern: $0) }, bytes)
        }
        // A real U+F7E9 in a valid name is escaped too, so it cannot be confused with byte E9.
        let literal = "x\u{F7E9}"
        let fromDisk = FileSystemPath.string(fromBytes: Array(literal.utf8))
        XCTAssertNotEqual(fromDisk, FileSystemPath.string(fromBytes: [0x78, 0xE9]))
        XCTAssertEqual(FileSystemPath.bytes(fromDisk), Array(literal.utf8))
        XCTAssertEqual(FileSystemPath.display(FileSystemPath.string(fromBytes: [0x61, 0xFF, 0x62])), "a\\xffb")
    }
}
