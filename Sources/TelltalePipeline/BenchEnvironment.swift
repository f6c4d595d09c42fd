import COpenBLAS
import Foundation

/// Where a bench run ran: `environment.json`. Informative, not compared by `--check`
/// (the same spec on another machine should give the same metrics; if it does not,
/// this file says what differed).
struct BenchEnvironment: Codable {
    public var toolVersion: String
    /// `git rev-parse HEAD` in the spec's folder, or "unknown".
    public var gitCommit: String
    /// True when `git status --porcelain` lists changes; nil outside a repository.
    public var gitDirty: Bool?
    /// PRETTY_NAME from /etc/os-release.
    public var os: String
    /// `uname`: system, release, machine.
    public var kernel: String
    /// "model name" from /proc/cpuinfo.
    public var cpu: String
    public var logicalProcessors: Int
    public var openBLASConfig: String
    public var openBLASCore: String
    public var openBLASThreads: Int
    public var workers: Int
    public var commandLine: [String]

    /// Describes this process's environment.
    public static func current(repositoryFolder: String, workers: Int) -> BenchEnvironment {
        let commit = run(["git", "-C", repositoryFolder, "rev-parse", "HEAD"])
        let status = commit == nil ? nil : run(["git", "-C", repositoryFolder, "status", "--porcelain"])
        var info = utsname()
        uname(&info)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return BenchEnvironment(
            toolVersion: TelltaleVersion.string,
            gitCommit: commit?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown",
            gitDirty: status.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty },
            os: osRelease() ?? "unknown",
            kernel: "\(text(info.sysname)) \(text(info.release)) \(text(info.machine))",
            cpu: cpuModel() ?? "unknown",
            logicalProcessors: ProcessInfo.processInfo.activeProcessorCount,
            openBLASConfig: openblas_get_config().map { String(cString: $0) } ?? "unknown",
            openBLASCore: openblas_get_corename().map { String(cString: $0) } ?? "unknown",
            openBLASThreads: Int(openblas_get_num_threads()),
            workers: workers,
            commandLine: CommandLine.arguments)
    }

    private static func osRelease() -> String? {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    private static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Standard output of a command, or nil when it cannot run or fails.
    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
