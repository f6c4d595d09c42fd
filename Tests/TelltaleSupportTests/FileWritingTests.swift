import Foundation
import XCTest
import TelltaleSupport
import TelltaleTestSupport

/// Write errors name the file and the operating system's reason; output files are
/// locked before their existence decides anything.
final class FileWritingTests: XCTestCase {
    func temporaryDirectory() throws -> String {
        try makeTemporaryDirectory(prefix: "telltale-support-tests").path
    }

    func testWritingUnderARegularFileNamesTheFileAndTheReason() throws {
        let dir = try temporaryDirectory()
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/plain", contents: Data("x".utf8)))
        XCTAssertThrowsError(try AtomicFile.write("data", to: dir + "/plain/sub/out.json")) { error in
            XCTAssertEqual("\(error)", "cannot write \(dir)/plain/sub/out.json: \(dir)/plain is not a folder")
        }
        // The case that used to say "a file with the same name already exists".
        XCTAssertThrowsError(try AtomicFile.write("data", to: "/dev/full/x")) { error in
            XCTAssertEqual("\(error)", "cannot write /dev/full/x: /dev/full is not a folder")
        }
    }

    func testAFullDiskNamesTheFile() throws {
        let fd = open("/dev/full", O_WRONLY)
        guard fd >= 0 else { throw XCTSkip("no /dev/full") }
        defer { close(fd) }
        XCTAssertThrowsError(try FileWriting.writeAll(Data(count: 4096), to: fd, path: "out/rows.csv")) { error in
            XCTAssertEqual("\(error)", "cannot write out/rows.csv: No space left on device")
        }
    }

    func testAtomicWriteStillWorks() throws {
        let dir = try temporaryDirectory()
        try AtomicFile.write("one", to: dir + "/new/deeper/f.txt")
        try AtomicFile.write("two", to: dir + "/new/deeper/f.txt")
        XCTAssertEqual(try String(contentsOfFile: dir + "/new/deeper/f.txt", encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/new/deeper"), ["f.txt"], "no temporary file left")
    }

    func testLockComesBeforeTheExistenceCheck() throws {
        let dir = try temporaryDirectory()
        let path = dir + "/out.csv"
        let first = try LockedFile(path)
        XCTAssertTrue(first.created, "the first opener creates it")
        // While it is held, nobody else gets it, whatever they mean to do with it.
        XCTAssertThrowsError(try LockedFile(path)) { error in
            XCTAssertTrue("\(error)".contains("another telltale process is writing it"), "\(error)")
        }
        try first.write(Data("row\n".utf8))
        try first.synchronizeAndClose()
        // Once released it can be opened again, and it is no longer new.
        let second = try LockedFile(path)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.size, 4)
        second.release()
    }

    func testOfManySimultaneousCreatorsExactlyOneCreates() throws {
        let dir = try temporaryDirectory()
        for round in 0..<20 {
            let path = dir + "/race-\(round).csv"
            nonisolated(unsafe) var created = 0
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                if let file = try? LockedFile(path) {
                    if file.created { lock.lock(); created += 1; lock.unlock() }
                    usleep(2000)
                    file.release()
                }
            }
            XCTAssertEqual(created, 1, "round \(round)")
        }
    }

    /// A list of paths is a text file of lines: `/dev/zero` (NUL bytes) and a binary
    /// file are refused at once instead of being read until memory runs out.
    func testListsRefuseNULBytesAndEndlessLines() throws {
        XCTAssertThrowsError(try FileReading.contents(of: "/dev/zero")) { error in
            XCTAssertTrue("\(error)".contains("NUL"), "\(error)")
            XCTAssertTrue("\(error)".contains("/dev/zero"), "\(error)")
        }
        let path = try makeTemporaryDirectory(prefix: "telltale-list").path("list.txt")
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x61, count: FileReading.maxLineBytes + 1))
        XCTAssertThrowsError(try FileReading.contents(of: path)) { error in
            XCTAssertTrue("\(error)".contains("a line longer than"), "\(error)")
        }
        FileManager.default.createFile(atPath: path, contents: Data("a.jpg\r\nb.png\n".utf8))
        XCTAssertEqual(try FileReading.contents(of: path), Data("a.jpg\r\nb.png\n".utf8))
    }
}
