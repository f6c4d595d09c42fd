import Foundation
import XCTest

/// A fresh directory under the system's temporary folder, removed on deinit,
/// with helpers to lay out small fake datasets.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "telltale-datasets-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
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
