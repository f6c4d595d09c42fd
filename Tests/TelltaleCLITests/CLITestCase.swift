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

    @discardableResult
    func telltale(_ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil,
                  file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
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
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory, removed after the test.
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("telltale-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
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
