import Foundation

/// Expands command-line paths into image files: files as given, directories
/// walked recursively (hidden entries skipped), each directory's files sorted by
/// path so the order never depends on the file system.
enum InputFiles {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "jpe", "jfif"]

    /// Files named directly are kept whatever their extension (the decoder sniffs
    /// content); files found in directories are kept when their extension is an image's.
    static func expand(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("\(path): no such file or directory")
            }
            guard isDirectory.boolValue else {
                out.append(path)
                continue
            }
            guard let walker = fm.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isRegularFileKey],
                                             options: [.skipsHiddenFiles]) else {
                throw CLIError("\(path): cannot list the directory")
            }
            var found: [String] = []
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                      imageExtensions.contains(url.pathExtension.lowercased()) else { continue }
                found.append(relative(url.path, to: path))
            }
            out += found.sorted()
        }
        return out
    }

    /// Keeps the user's spelling of the root (e.g. a relative path) in the listed paths.
    private static func relative(_ full: String, to root: String) -> String {
        let absoluteRoot = URL(fileURLWithPath: root).standardizedFileURL.path
        let standardized = URL(fileURLWithPath: full).standardizedFileURL.path
        guard standardized.hasPrefix(absoluteRoot) else { return full }
        let rest = standardized.dropFirst(absoluteRoot.count).drop { $0 == "/" }
        return root.hasSuffix("/") ? root + rest : root + "/" + rest
    }
}

/// A failure the CLI reports as one clear line and a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
