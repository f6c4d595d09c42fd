import COpenBLAS
import Foundation
import TelltaleSupport

/// Where a bench run ran: `environment.json`. Informative, not compared by `--check`
/// (the same spec on another machine should give the same metrics; if it does not,
/// this file says what differed).
struct BenchEnvironment: Codable {
    public var toolVersion: String
    /// The commit the running binary was built from (``BuildInfo/gitCommit``: `+dirty`
    /// when tracked files had changes, "unknown" when built outside a git checkout) —
    /// the code that made the numbers, wherever the spec lives.
    public var gitCommit: String
    /// `debug` or `release` (and `native`): ``BuildInfo/flavour``.
    public var buildFlavour: String
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
    public static func current(workers: Int) -> BenchEnvironment {
        var info = utsname()
        uname(&info)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return BenchEnvironment(
            toolVersion: TelltaleVersion.string,
            gitCommit: BuildInfo.gitCommit,
            buildFlavour: BuildInfo.flavour,
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
}
