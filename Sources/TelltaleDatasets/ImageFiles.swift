import Foundation
import TelltaleImaging

/// Finding image files on disk.
///
/// A regular file counts as an image if its extension is `png`, `jpg` or
/// `jpeg` (any case), or — since the decoder recognises formats by their magic
/// bytes, not by name — if its first bytes are a PNG or JPEG signature
/// (``ImageFormat/sniff(_:)``). Hidden files and folders (names starting with
/// `.`) are skipped. Symbolic links are followed; a link cycle is visited once.
public enum ImageFiles {
    /// The extensions taken as images without reading the file.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Image files for unlabelled inputs: each path may be a file (kept as
    /// given, whatever its content, so the decoder can report on it) or a
    /// directory (searched recursively for images). The result is
    /// de-duplicated and sorted byte-wise by path.
    public static func list(_ paths: [String]) throws -> [String] {
        var found = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DatasetError.pathMissing(path)
            }
            if isDirectory.boolValue {
                found.formUnion(try images(under: path))
            } else {
                found.insert(path)
            }
        }
        return sortedPaths(found)
    }

    /// All image files under `directory`, recursively, sorted byte-wise by path.
    public static func images(under directory: String) throws -> [String] {
        var result: [String] = []
        var visited = Set<String>()
        try collect(directory, into: &result, visited: &visited)
        return sortedPaths(result)
    }

    /// Whether the file at `path` is an image by the rule above.
    public static func isImage(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        if imageExtensions.contains(ext) { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 8) else { return false }
        return ImageFormat.sniff(head) != nil
    }

    /// Paths sorted byte-wise over their UTF-8 encoding (platform-independent).
    static func sortedPaths<S: Sequence>(_ paths: S) -> [String] where S.Element == String {
        paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The visible entries of a directory, sorted.
    static func visibleEntries(of directory: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw DatasetError.unreadable(path: directory, reason: error.localizedDescription)
        }
        return sortedPaths(names.filter { !$0.hasPrefix(".") })
    }

    /// Joins a directory and a name without doubling the separator.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Whether `path` is a directory (following links).
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func collect(_ directory: String, into result: inout [String], visited: inout Set<String>) throws {
        let real = (directory as NSString).resolvingSymlinksInPath
        guard visited.insert(real).inserted else { return }
        for name in try visibleEntries(of: directory) {
            let path = join(directory, name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }  // dangling link
            if isDirectory.boolValue {
                try collect(path, into: &result, visited: &visited)
            } else if isImage(path) {
                result.append(path)
            }
        }
    }
}
