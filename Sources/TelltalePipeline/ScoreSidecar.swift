import Foundation
import TelltaleSupport

/// A small JSON file beside a `telltale score` output (`OUT.meta.json`, `OUT.done`):
/// written atomically as canonical JSON, read back with an error naming the file.
protocol ScoreSidecar: Codable {
    /// Appended to the output's path (`.meta.json`, `.done`).
    static var suffix: String { get }
    /// What the file is, for error messages.
    static var kind: String { get }
}

extension ScoreSidecar {
    public static func path(for output: String) -> String { output + suffix }

    public func write(for output: String) throws {
        try AtomicFile.write(CanonicalJSON.encode(self), to: Self.path(for: output))
    }

    /// The sidecar of `output`, or nil when there is none.
    public static func readIfPresent(for output: String) throws -> Self? {
        let path = path(for: output)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch {
            throw PipelineError.file(path, reason: "not a telltale score \(kind) (\(error))")
        }
    }

    public static func remove(for output: String) {
        try? FileManager.default.removeItem(atPath: path(for: output))
    }
}
