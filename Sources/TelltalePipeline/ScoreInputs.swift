import Foundation
import TelltaleDatasets
import TelltaleSupport

/// The paths `telltale score` works on: every image file under the directories
/// given, every file given, and every path of the lists given (`-` for standard
/// input, or `--paths-from FILE`, one path a line), de-duplicated and sorted
/// byte-wise by path — the same order as ``ImageFiles`` — so that the output
/// order, the shards and a resumed run do not depend on how the inputs were given.
///
/// Lists are read as bytes: lines end at LF, a CR before it is dropped (CRLF lists
/// from Windows), and a line that is not UTF-8 is kept as a ``FileSystemPath``
/// string, like such a name found in a folder. Every directory is walked once, by
/// (device, inode), whichever input reaches it.
public struct ScoreInputs {
    /// The whole sorted list.
    public let paths: [String]
    /// SHA-256 of the list, each path followed by a newline.
    public let sha256: String
    /// What the walks left out (files that are not images, hidden entries, unreadable folders).
    public let report: FileWalk.Report

    /// A command-line path that does not exist is an error (a typo); a path read
    /// from a list that does not exist becomes a row with its reason.
    public init(arguments: [String], pathsFrom: [String], standardInput: () throws -> Data) throws {
        var roots: [String] = []
        var listedMissing: [String] = []
        func add(_ path: String, listed: Bool) throws {
            if FileSystemPath.exists(path) {
                roots.append(path)
            } else if listed {
                listedMissing.append(ImageFiles.lexicallyNormalised(path))
            } else {
                throw PipelineError.file(path, reason: "no such file or directory")
            }
        }
        var lists: [(name: String, data: Data)] = []
        for argument in arguments {
            if argument == "-" {
                do {
                    lists.append(("standard input", try standardInput()))
                } catch let error as FileError {
                    throw PipelineError.inputs("cannot read the list of paths on standard input: \(error.reason)")
                }
            } else {
                try add(argument, listed: false)
            }
        }
        for file in pathsFrom {
            do {
                lists.append((file, try FileReading.contents(of: file)))
            } catch {
                throw PipelineError.inputs("cannot read the list of paths \(FileSystemPath.display(file)): \(error.reason)")
            }
        }
        for list in lists {
            for path in Self.lines(list.data) { try add(path, listed: true) }
        }
        let walk = try ImageFiles.walk(roots)
        paths = ImageFiles.sortedUnique(walk.files + listedMissing)
        report = walk.report
        var text = ""
        text.reserveCapacity(paths.reduce(0) { $0 + $1.utf8.count + 1 })
        for path in paths { text += path + "\n" }
        sha256 = Digest.sha256(text)
    }

    /// The non-empty lines of a list, split on LF bytes, a trailing CR dropped.
    public static func lines(_ data: Data) -> [String] {
        data.split(separator: 0x0A, omittingEmptySubsequences: true).compactMap { line in
            let bytes = line.last == 0x0D ? line.dropLast() : line[...]
            return bytes.isEmpty ? nil : FileSystemPath.string(fromBytes: bytes)
        }
    }
}
