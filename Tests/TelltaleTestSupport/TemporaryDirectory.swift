import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TelltaleSupport
import XCTest

/// A fresh folder under the system's temporary folder, removed (with everything in it)
/// by ``remove()`` or when the last reference goes, with helpers to lay out small files
/// and datasets.
public final class TemporaryDirectory {
    /// The folder's absolute path.
    public let path: String
    private var removed = false

    /// The folder as a file URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// Creates `<tmp>/<prefix>-<UUID>`.
    public init(prefix: String = "telltale-tests") throws {
        path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// Removes the folder and everything in it (once).
    public func remove() {
        guard !removed else { return }
        removed = true
        Self.removeTree(path)
    }

    /// Removes `path` and everything below it. `rm -rf`, not FileManager: FileManager
    /// cannot see names that are not UTF-8.
    public static func removeTree(_ path: String) {
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", path]
        try? rm.run()
        rm.waitUntilExit()
    }

    /// The full path of `relative` inside this folder.
    public func path(_ relative: String) -> String { path + "/" + relative }

    /// Creates a file whose name (inside this folder) is given as raw bytes, with
    /// `open(2)`: the way a name that is not UTF-8 gets onto the disk. Returns its
    /// ``FileSystemPath`` string.
    @discardableResult
    public func writeRaw(_ relative: [UInt8], bytes: [UInt8] = TemporaryDirectory.pngSignature) throws -> String {
        let full = Array(path.utf8) + [0x2F] + relative
        let fd = (full + [0]).withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        return FileSystemPath.string(fromBytes: full)
    }

    public func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: target)
    }

    public func makeFIFO(_ relative: String) throws {
        guard mkfifo(path(relative), 0o644) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// The first bytes of a PNG file (signature and the IHDR length).
    public static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
    /// The first bytes of a JFIF file.
    public static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]

    /// Writes `bytes` at `relative` (creating folders) and returns the full path.
    @discardableResult
    public func write(_ relative: String, bytes: [UInt8] = TemporaryDirectory.pngSignature) throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    public func write(_ relative: String, text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    public func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    /// `count` PNG-signed files named `img<k>.png` in each of `folders`.
    public func images(in folders: [String], count: Int = 2) throws {
        for folder in folders {
            for k in 0..<count { try write("\(folder)/img\(k).png") }
        }
    }
}

extension XCTestCase {
    /// A fresh temporary folder, removed when the test ends. (Removed by the teardown block
    /// itself: XCTest may keep a finished test's blocks, and so the folder, until it exits.)
    public func makeTemporaryDirectory(prefix: String = "telltale-tests") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: prefix)
        addTeardownBlock { directory.remove() }
        return directory
    }

    /// Writes `bytes` to a file named `name` in a fresh temporary folder (removed when
    /// the test ends) and returns its path.
    public func temporaryFile(_ bytes: [UInt8], name: String = "image") throws -> String {
        try makeTemporaryDirectory().write(name, bytes: bytes)
    }
}
