import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
import TelltaleSupport

/// A fresh directory under the system's temporary folder, removed on deinit,
/// with helpers to lay out small fake datasets.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "telltale-datasets-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // rm, not FileManager: FileManager cannot see names that are not UTF-8.
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", path]
        try? rm.run()
        rm.waitUntilExit()
    }

    /// Creates a file whose name (inside this directory) is given as raw bytes, with
    /// `open(2)`: the way a name that is not UTF-8 gets onto the disk. Returns its
    /// ``FileSystemPath`` string.
    @discardableResult
    func writeRaw(_ relative: [UInt8], bytes: [UInt8] = TemporaryDirectory.pngSignature) throws -> String {
        let full = Array(path.utf8) + [0x2F] + relative
        let fd = (full + [0]).withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        return FileSystemPath.string(fromBytes: full)
    }

    func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: target)
    }

    func makeFIFO(_ relative: String) throws {
        guard mkfifo(path + "/" + relative, 0o644) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
    static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]

    /// Writes `bytes` at `relative` (creating folders) and returns the full path.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8] = TemporaryDirectory.pngSignature) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    /// `count` PNG-signed files named `img<k>.png` in each of `folders`.
    func images(in folders: [String], count: Int = 2) throws {
        for folder in folders {
            for k in 0..<count { try write("\(folder)/img\(k).png") }
        }
    }
}
