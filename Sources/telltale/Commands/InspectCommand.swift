import ArgumentParser
import Foundation
import TelltaleDatasets
import TelltaleImaging
import TelltaleSupport

/// `telltale inspect`: what each image file is, read from its header.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show format, size, colour type, bit depth, chroma subsampling and JPEG quality of images.",
        discussion: """
        Reads only the headers (no pixels are decoded). Directories are walked recursively \
        (image files by extension or magic bytes; other files and hidden entries are counted \
        on stderr and in the JSON summary). Unreadable files — dangling links, FIFOs and \
        devices included — are rows with their reason and the run goes on; the exit status \
        is 1 when any file failed.
        """)

    @Argument(help: "Image files or directories.")
    var paths: [String]

    @Flag(help: "Print JSON (one document with every file and a summary) instead of a table.")
    var json = false

    @Flag(help: "Also decode every image fully, to find files whose header is fine but whose data is not.")
    var decode = false

    @OptionGroup var memoryBudget: MemoryBudgetOption

    func run() throws {
        let walk = try ImageFiles.walk(paths)
        Console.report(walk.report)
        let files = walk.files
        let progress = ProgressLine("inspect", total: files.count)
        var records: [InspectRecord] = []
        var options = DecodeOptions()
        options.memoryBudget = memoryBudget.bytes
        for path in files {
            var record = InspectRecord(path: path)
            do {
                let bytes = try ImageDecoder.readFile(path, budget: options.memoryBudget)
                record.facts = try ImageDecoder.facts(of: bytes, path: path)
                if decode { _ = try ImageDecoder.decode(bytes, path: path, options: options) }
            } catch {
                record.facts = nil
                record.error = InspectRecord.Failure(kind: error.kind, reason: error.reasonDescription)
            }
            progress.advance(failed: record.error != nil)
            records.append(record)
        }
        progress.finish()
        let failures = records.filter { $0.error != nil }.count
        if json {
            let summary = InspectReport.Summary(files: records.count, failed: failures,
                                                skipped: walk.report.isEmpty ? nil : walk.report)
            try Console.output(try CanonicalJSON.encode(InspectReport(files: records, summary: summary)))
        } else {
            print(table(records))
            var line = "\n\(records.count) file(s), \(failures) failed"
            if walk.report.notImageCount > 0 { line += "; \(walk.report.notImageCount) file(s) that are not images skipped" }
            print(line)
        }
        for record in records { if let error = record.error { Console.failure(record.path, error.reason) } }
        if failures > 0 || !walk.report.unreadableFolders.isEmpty { throw ExitCode(1) }
    }

    private func table(_ records: [InspectRecord]) -> String {
        var table = TextTable(["path", "format", "size", "colour", "bits", "chroma", "scan", "quality"])
        for r in records {
            guard let f = r.facts else {
                table.add([Console.display(r.path), "error", "-", "-", "-", "-", "-", r.error?.reason ?? ""])
                continue
            }
            let scan: String
            switch f.format {
            case .png: scan = f.interlaced ? "adam7" : "-"
            case .jpeg: scan = (f.progressive ? "progressive" : "baseline") + (f.arithmetic ? " arith" : "")
            case .webp: scan = (f.compression ?? "-") + (f.animated == true ? " animated" : "")
            case .tiff: scan = (f.compression ?? "-") + (f.tiled == true ? " tiled" : "")
            }
            let quality = f.estimatedQuality.map { "\($0)" + (f.qualityIsExact == true ? "" : "~") } ?? "-"
            let colour = f.colourType + (f.hasTransparency ? "+tRNS" : "")
            table.add([Console.display(r.path), f.format.rawValue, "\(f.width)x\(f.height)", colour, "\(f.bitDepth)",
                       f.chromaSubsampling ?? "-", scan, quality])
        }
        return table.render()
    }
}

/// One file's line of `inspect --json`.
struct InspectRecord: Codable {
    struct Failure: Codable {
        var kind: String
        var reason: String
    }
    var path: String
    var facts: ImageFacts?
    var error: Failure?
}

struct InspectReport: Codable {
    struct Summary: Codable {
        var files: Int
        var failed: Int
        /// What the walk left out: files that are not images (by extension), hidden entries,
        /// unreadable folders; absent when nothing was.
        var skipped: FileWalk.Report?
    }
    var files: [InspectRecord]
    var summary: Summary
}
