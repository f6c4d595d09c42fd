import Foundation
import TelltaleDatasets
import TelltaleSupport

/// `inputs.csv` of a bench run: every input image with the SHA-256 of its bytes, its
/// label, group and role (train or test), in the order the run read them. `--check`
/// verifies it before re-running.
struct InputManifest: Equatable {
    public struct Entry: Equatable, Sendable {
        public var path: String
        /// Lower-case hex; empty when the file could not be read.
        public var sha256: String
        public var label: String
        public var group: String
        public var role: String
    }

    public var entries: [Entry]

    public static let header = ["path", "sha256", "label", "group", "role"]

    /// Hashes every item (in parallel, results in order).
    public static func hash(train: [LabelledImage], test: [LabelledImage], workers: Int) -> InputManifest {
        let roles = train.map { ($0, "train") } + test.map { ($0, "test") }
        var entries: [Entry] = []
        OrderedParallelMap.map(roles.map(\.0.path), workers: workers) { path in
            (try? Digest.sha256(fileAt: path)) ?? ""
        } consume: { _, sha in
            let (item, role) = roles[entries.count]
            entries.append(Entry(path: item.path, sha256: sha, label: item.label?.description ?? "",
                                 group: item.group ?? "", role: role))
        }
        return InputManifest(entries: entries)
    }

    public var csv: String {
        entries.reduce(CSV.record(Self.header)) { $0 + CSV.record([$1.path, $1.sha256, $1.label, $1.group, $1.role]) }
    }

    /// Reads `inputs.csv`.
    public static func read(from path: String) throws -> InputManifest {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PipelineError.file(path, reason: "cannot read the input manifest")
        }
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text)
        } catch {
            throw PipelineError.line(path, line: error.line, reason: "\(error.reason)")
        }
        guard records.first?.fields == header else {
            throw PipelineError.file(path, reason: "the header is not \(header.joined(separator: ","))")
        }
        return InputManifest(entries: try records.dropFirst().map { r in
            guard r.fields.count == header.count else {
                throw PipelineError.line(path, line: r.line, reason: "expected \(header.count) fields, found \(r.fields.count)")
            }
            return Entry(path: r.fields[0], sha256: r.fields[1], label: r.fields[2], group: r.fields[3], role: r.fields[4])
        })
    }

    /// Files whose bytes no longer match: ("changed" | "missing" | "unreadable", path).
    public func verify(workers: Int) -> [(problem: String, path: String)] {
        var problems: [(String, String)] = []
        OrderedParallelMap.map(entries, workers: workers) { entry -> String? in
            guard FileSystemPath.exists(entry.path) else { return "missing" }
            guard let sha = try? Digest.sha256(fileAt: entry.path) else { return entry.sha256.isEmpty ? nil : "unreadable" }
            return sha == entry.sha256 ? nil : "changed"
        } consume: { entry, problem in
            if let problem { problems.append((problem, entry.path)) }
        }
        return problems
    }

    /// Images that appear (by content) in both the train and the test set.
    public var trainTestOverlap: [String] {
        let trainHashes = Set(entries.filter { $0.role == "train" && !$0.sha256.isEmpty }.map(\.sha256))
        return entries.filter { $0.role == "test" && trainHashes.contains($0.sha256) }.map(\.path)
    }
}
