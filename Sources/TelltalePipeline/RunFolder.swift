import Foundation
import TelltaleSupport

/// Creating a folder of results all at once: everything is written into a hidden
/// staging folder beside the target, which is then renamed into place, so a failed
/// or interrupted run never leaves a half-written run folder behind.
enum RunFolder {
    /// Calls `write` with the staging folder's path, then moves it to `target`
    /// (replacing an existing folder there).
    public static func build<T>(at target: URL, _ write: (String) throws -> T) throws -> T {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        try FileWriting.makeFolders(parent.path, for: target.path)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).staging-\(getpid())")
        try? fm.removeItem(at: staging)
        try FileWriting.makeFolders(staging.path, for: target.path)
        let value: T
        do {
            value = try write(staging.path)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        var old: URL?
        if fm.fileExists(atPath: target.path) {
            old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
            do {
                try fm.moveItem(at: target, to: old!)
            } catch {
                throw FileError("replace", target.path, wrapping: error)
            }
        }
        guard rename(staging.path, target.path) == 0 else {
            if let old { try? fm.moveItem(at: old, to: target) }
            throw PipelineError.file(target.path, reason: "cannot move the finished run into place (staging folder kept at \(staging.path))")
        }
        if let old { try? fm.removeItem(at: old) }
        return value
    }
}
