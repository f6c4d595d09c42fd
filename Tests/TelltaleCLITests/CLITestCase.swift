import Foundation
import XCTest
import TelltaleImaging

/// Runs the built `telltale` binary, as a user would.
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

    /// A fresh temporary directory, removed after the test.
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("telltale-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // rm, not FileManager: FileManager cannot see names that are not UTF-8.
        addTeardownBlock { Self.removeTree(url.path) }
        return url
    }

    static func removeTree(_ path: String) {
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", path]
        try? rm.run()
        rm.waitUntilExit()
    }

    /// Creates a file whose name is given as raw bytes (not necessarily UTF-8) in `directory`.
    func createFile(in directory: URL, nameBytes: [UInt8], contents: Data) throws {
        let path = Array(directory.path.utf8) + [0x2F] + nameBytes + [0]
        let fd = path.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        XCTAssertEqual(written, contents.count)
    }

    /// A small labelled set: `real/` images are smooth JPEGs, `fake/` images carry a
    /// periodic 2-pixel grid (an up-sampling trace) and are PNGs; plus the given extra files.
    func makeDataset(in root: URL, perClass: Int = 6, side: Int = 48, group: String? = nil) throws -> URL {
        let base = group.map { root.appendingPathComponent($0) } ?? root
        for (label, folder) in [(0, "real"), (1, "fake")] {
            let dir = base.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for i in 0..<perClass {
                let image = Self.syntheticImage(side: side, fake: label == 1, seed: UInt64(i + 1 + 100 * label))
                let bytes = label == 1 ? try ImageEncoder.png(image) : try ImageEncoder.jpeg(image, quality: 92)
                let name = String(format: "img_%02d.%@", i, label == 1 ? "png" : "jpg")
                FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data(bytes))
            }
        }
        return root
    }

    static func syntheticImage(side: Int, fake: Bool, seed: UInt64) -> Image {
        var state = seed
        var pixels = [UInt8](repeating: 0, count: side * side * 3)
        for y in 0..<side {
            for x in 0..<side {
                for c in 0..<3 {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    let noise = Int((state >> 60) & 7)
                    var v = 90 + (x + 2 * y + 17 * c) % 80 + noise
                    if fake && (x % 2 == 0) != (y % 2 == 0) { v += 24 }
                    pixels[(y * side + x) * 3 + c] = UInt8(min(255, v))
                }
            }
        }
        return Image(width: side, height: side, channels: 3, pixels: pixels)
    }
}
