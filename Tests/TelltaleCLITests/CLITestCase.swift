import Foundation
import TelltaleTestSupport
import XCTest

/// Runs the built `telltale` binary, as a user would. The CLI tests check what only the
/// command line does — parsing, help, exit statuses, what it prints — and a few runs end
/// to end; what the runs compute is tested in process (TelltalePipelineTests).
class CLITestCase: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("telltale")
        }
        #endif
        return Bundle.main.bundleURL.appendingPathComponent("telltale")
    }

    /// Runs the binary. `environment` is added to this process's; `standardOutput` replaces
    /// the pipe (stdout is then not captured); after `timeout` seconds the process is
    /// killed and the test fails (a walk that blocks on a FIFO must not hang the suite).
    @discardableResult
    func telltale(_ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil,
                  environment: [String: String] = [:], standardOutput: FileHandle? = nil,
                  timeout: TimeInterval = 600,
                  file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe(), input = Pipe()
        if let standardOutput {
            process.standardOutput = standardOutput
            try out.fileHandleForWriting.close()
        } else {
            process.standardOutput = out
        }
        process.standardError = err
        process.standardInput = input
        try process.run()
        nonisolated(unsafe) var killed = false
        let timer = DispatchWorkItem { [process] in
            if process.isRunning {
                killed = true
                kill(process.processIdentifier, SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        defer { timer.cancel() }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        if killed {
            XCTFail("telltale \(arguments.joined(separator: " ")) still running after \(timeout) s: killed", file: file, line: line)
        }
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `telltale train` on a tiny set (`train-set/`, made when missing: 5 a class, 32 px) with
    /// `--features npr --size 32 --cv 0` and `extra` options; returns the model's path.
    func trainModel(in tmp: TemporaryDirectory, name: String = "model.json", extra: [String] = [],
                    file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let set = tmp.path("train-set")
        if !FileManager.default.fileExists(atPath: set) { try tmp.labelledSet("train-set", perClass: 5, side: 32) }
        let model = tmp.path(name)
        let run = try telltale(["train", set, "--features", "npr", "--size", "32", "--cv", "0", "-o", model] + extra)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return model
    }

    func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}
