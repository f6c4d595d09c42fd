import Foundation
import TelltaleDatasets
import TelltaleSupport

/// The paths `telltale score` works on: every image file under the directories
/// given, every file given, and every path of the lists given (`-` for standard
/// input, or `--paths-from FILE`, one path a line), de-duplicated and sorted
/// byte-wise by path — the same order as ``ImageFiles`` — so that the output
/// order, the shards and a resumed run do not depend on how the inputs were given.
struct ScoreInputs {
    /// The whole sorted list.
    let paths: [String]
    /// SHA-256 of the list, each path followed by a newline.
    let sha256: String

    /// A command-line path that does not exist is an error (a typo); a path read
    /// from a list that does not exist becomes a row with its reason.
    init(arguments: [String], pathsFrom: [String], standardInput: () -> Data) throws {
        var found = Set<String>()
        func add(_ path: String, listed: Bool) throws {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if exists && isDirectory.boolValue {
                found.formUnion(try ImageFiles.images(under: path))
            } else if exists || listed {
                found.insert(path)
            } else {
                throw CLIError("\(path): no such file or directory")
            }
        }
        var lists: [(name: String, data: Data)] = []
        for argument in arguments {
            if argument == "-" {
                lists.append(("standard input", standardInput()))
            } else {
                try add(argument, listed: false)
            }
        }
        for file in pathsFrom {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError("\(file): cannot read the list of paths")
            }
            lists.append((file, data))
        }
        for list in lists {
            for line in String(decoding: list.data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
                let path = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
                if !path.isEmpty { try add(path, listed: true) }
            }
        }
        paths = found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var text = ""
        text.reserveCapacity(paths.reduce(0) { $0 + $1.utf8.count + 1 })
        for path in paths { text += path + "\n" }
        sha256 = Digest.sha256(text)
    }
}
