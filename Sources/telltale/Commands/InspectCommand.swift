import ArgumentParser
import Foundation
import TelltaleDatasets
import TelltaleImaging
import TelltalePipeline
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
        var options = DecodeOptions()
        options.memoryBudget = memoryBudget.bytes
        // Memory does not grow with the number of files beyond one table row each: JSON
        // records are written as they are made (InspectJSONStream), failures reported at once.
        let stream = json ? InspectJSONStream() : nil
        var rows: [[String]] = []
        var failures = 0
        for path in files {
            var record = InspectRecord(path: path)
            var large = false
            do {
                let bytes = try ImageDecoder.readFile(path, budget: options.memoryBudget)
                record.facts = try ImageDecoder.facts(of: bytes, path: path)
                large = bytes.count >= AllocatorTuning.largeDecodeBytes
                if decode {
                    let image = try ImageDecoder.decode(bytes, path: path, options: options)
                    large = large || image.pixels.count >= AllocatorTuning.largeDecodeBytes
                }
            } catch {
                record.facts = nil
                record.error = InspectRecord.Failure(kind: error.kind, reason: error.reasonDescription)
            }
            if large { AllocatorTuning.returnFreeMemory() }
            progress.advance(failed: record.error != nil)
            if let failure = record.error {
                failures += 1
                Console.failure(record.path, failure.reason)
            }
            if let stream { try stream.write(record) } else { rows.append(Self.row(record)) }
        }
        progress.finish()
        if let stream {
            try stream.finish(summary: InspectReport.Summary(files: files.count, failed: failures,
                                                             skipped: walk.report.isEmpty ? nil : walk.report))
        } else {
            var table = TextTable(["path", "format", "size", "colour", "bits", "chroma", "scan", "quality"])
            for row in rows { table.add(row) }
            print(table.render())
            var line = "\n\(files.count) file(s), \(failures) failed"
            if walk.report.notImageCount > 0 { line += "; \(walk.report.notImageCount) file(s) that are not images skipped" }
            print(line)
        }
        if failures > 0 || !walk.report.unreadableFolders.isEmpty { throw ExitCode(1) }
    }

    /// One file's row of the table.
    private static func row(_ r: InspectRecord) -> [String] {
        guard let f = r.facts else {
            return [Console.display(r.path), "error", "-", "-", "-", "-", "-", r.error?.reason ?? ""]
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
        return [Console.display(r.path), f.format.rawValue, "\(f.width)x\(f.height)", colour, "\(f.bitDepth)",
                f.chromaSubsampling ?? "-", scan, quality]
    }
}

/// Writes `inspect --json`'s document to standard output record by record, byte for
/// byte what encoding a whole ``InspectReport`` with ``CanonicalJSON`` gives: each
/// record is encoded alone and indented to its depth in the `files` array.
final class InspectJSONStream {
    private var count = 0

    func write(_ record: InspectRecord) throws {
        try Console.output(try Self.text(for: record, index: count))
        count += 1
    }

    func finish(summary: InspectReport.Summary) throws {
        try Console.output(try Self.closing(summary: summary, count: count))
    }

    /// The document's text for the record at `index` of the `files` array.
    static func text(for record: InspectRecord, index: Int) throws -> String {
        (index == 0 ? "{\n  \"files\" : [\n" : ",\n") + indented(try CanonicalJSON.encode(record), by: "    ")
    }

    /// The document's text after `count` records: the end of `files`, and the summary.
    static func closing(summary: InspectReport.Summary, count: Int) throws -> String {
        (count == 0 ? "{\n  \"files\" : [\n\n  ],\n" : "\n  ],\n")
            + "  \"summary\" : " + indented(try CanonicalJSON.encode(summary), by: "  ", first: false) + "\n}\n"
    }

    /// `json` (pretty, newline-terminated) with every non-empty line but (unless
    /// `first`) the first prefixed by `prefix`, without the final newline.
    static func indented(_ json: Data, by prefix: String, first: Bool = true) -> String {
        let lines = String(decoding: json, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast()  // the final newline
        // Foundation writes the blank line inside an empty array unindented.
        return lines.enumerated().map { (i, line) in (line.isEmpty || (i == 0 && !first) ? "" : prefix) + line }
            .joined(separator: "\n")
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
