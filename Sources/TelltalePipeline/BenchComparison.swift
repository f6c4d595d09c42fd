import Foundation
import TelltaleSupport

/// Compares the deterministic files of two run folders byte by byte (`bench --check`).
public enum BenchComparison {
    /// One difference, for a person: the file (relative to the run folder) and what differs.
    public struct Difference: CustomStringConvertible, Sendable {
        public var file: String
        public var detail: String
        public var description: String { "\(file): \(detail)" }
    }

    /// Every difference between `recorded` and `rerun`, by file, in path order.
    public static func compare(recorded: String, rerun: String) throws -> [Difference] {
        let a = try files(under: recorded), b = try files(under: rerun)
        var differences: [Difference] = []
        for file in Set(a).union(b).sorted() {
            guard a.contains(file) else { differences.append(Difference(file: file, detail: "not in the recorded run")); continue }
            guard b.contains(file) else { differences.append(Difference(file: file, detail: "missing from the re-run")); continue }
            let x = try Data(contentsOf: URL(fileURLWithPath: recorded).appendingPathComponent(file))
            let y = try Data(contentsOf: URL(fileURLWithPath: rerun).appendingPathComponent(file))
            if x == y { continue }
            var detail = "bytes differ"
            if file.hasSuffix(".json"),
               let u = try? JSONDecoder().decode(JSONValue.self, from: x),
               let v = try? JSONDecoder().decode(JSONValue.self, from: y) {
                detail = firstDifference(u, v, path: "").map { "first difference at \($0.isEmpty ? "the top level" : $0)" }
                    ?? "bytes differ (same JSON values)"
            } else if let line = firstDifferentLine(x, y) {
                detail = "first difference on line \(line)"
            }
            differences.append(Difference(file: file, detail: detail))
        }
        return differences
    }

    /// Relative paths of the compared files under `folder` (hidden and non-deterministic files left out).
    public static func files(under folder: String) throws -> Set<String> {
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw PipelineError.file(folder, reason: "not a readable folder")
        }
        var out = Set<String>()
        while let relative = walker.nextObject() as? String {
            let full = URL(fileURLWithPath: folder).appendingPathComponent(relative).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if BenchRunner.nondeterministicFiles.contains(relative) { continue }
            out.insert(relative)
        }
        return out
    }

    /// The key path (`protocols[0].summary.rocAUC`) of the first difference between two JSON values.
    public static func firstDifference(_ a: JSONValue, _ b: JSONValue, path: String) -> String? {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                let sub = path.isEmpty ? key : "\(path).\(key)"
                guard let u = x[key], let v = y[key] else { return sub }
                if let d = firstDifference(u, v, path: sub) { return d }
            }
            return nil
        case (.array(let x), .array(let y)):
            for i in 0..<min(x.count, y.count) {
                if let d = firstDifference(x[i], y[i], path: "\(path)[\(i)]") { return d }
            }
            return x.count == y.count ? nil : "\(path) (length \(x.count) vs \(y.count))"
        default:
            return a == b ? nil : path
        }
    }

    /// The 1-based number of the first line that differs.
    public static func firstDifferentLine(_ a: Data, _ b: Data) -> Int? {
        let x = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let y = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where i >= x.count || i >= y.count || x[i] != y[i] { return i + 1 }
        return nil
    }
}
