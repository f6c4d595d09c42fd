import Foundation
import TelltaleDatasets
import TelltaleImaging
import TelltaleSupport

/// `telltale inspect`: what each image file is, from its header (and, with `decode`,
/// whether its data decodes), file by file in walk order; memory does not grow with
/// the number of files.
public enum Inspection {
    public struct Summary: Sendable {
        public var files: Int
        public var failed: Int
        /// What the walk left out (files that are not images, hidden entries, unreadable folders).
        public var skipped: FileWalk.Report

        /// Whether a file failed or a folder could not be read (`inspect` then exits 1).
        public var anyFailed: Bool { failed > 0 || !skipped.unreadableFolders.isEmpty }

        /// The summary `inspect --json` ends with.
        public var report: InspectReport.Summary {
            InspectReport.Summary(files: files, failed: failed, skipped: skipped.isEmpty ? nil : skipped)
        }

        /// `inspect`'s table of `rows` (``InspectRecord/tableRow``) and its summary line.
        public func table(_ rows: [[String]]) -> String {
            var table = TextTable(InspectRecord.tableHeader)
            for row in rows { table.add(row) }
            var line = "\n\(files) file(s), \(failed) failed"
            if skipped.notImageCount > 0 { line += "; \(skipped.notImageCount) file(s) that are not images skipped" }
            return table.render() + "\n" + line
        }
    }

    /// Walks `paths` and hands each file's record to `consume` as it is made; each file is
    /// read (and decoded) within `memoryBudget` bytes. Failures are records with their reason.
    public static func run(_ paths: [String], decode: Bool, memoryBudget: Int, reporter: any PipelineReporter,
                           consume: (InspectRecord) throws -> Void) throws -> Summary {
        let walk = try ImageFiles.walk(paths)
        reporter.report(walk.report)
        let files = walk.files
        let progress = reporter.progress("inspect", total: files.count)
        var options = DecodeOptions()
        options.memoryBudget = memoryBudget
        var failures = 0
        for path in files {
            var record = InspectRecord(path: path)
            var largest = 0  // the file's bytes or its decoded pixels', whichever is more
            do {
                let bytes = try ImageDecoder.readFile(path, budget: options.memoryBudget)
                record.facts = try ImageDecoder.facts(of: bytes, path: path)
                largest = bytes.count
                if decode {
                    let image = try ImageDecoder.decode(bytes, path: path, options: options)
                    largest = max(largest, image.pixels.count)
                }
            } catch {
                record.facts = nil
                record.error = InspectRecord.Failure(kind: error.kind, reason: error.reasonDescription)
            }
            AllocatorTuning.returnFreeMemory(afterFileOf: largest)
            progress.advance(failed: record.error != nil)
            if let failure = record.error {
                failures += 1
                reporter.failure(record.path, reason: failure.reason)
            }
            try consume(record)
        }
        progress.finish()
        return Summary(files: files.count, failed: failures, skipped: walk.report)
    }
}

/// Writes `inspect --json`'s document through `output` (standard output) record by record, byte for
/// byte what encoding a whole ``InspectReport`` with ``CanonicalJSON`` gives: each
/// record is encoded alone and indented to its depth in the `files` array.
public final class InspectJSONStream {
    private var count = 0
    private let output: (String) throws -> Void

    public init(output: @escaping (String) throws -> Void) { self.output = output }

    public func write(_ record: InspectRecord) throws {
        try output(try Self.text(for: record, index: count))
        count += 1
    }

    public func finish(summary: InspectReport.Summary) throws {
        try output(try Self.closing(summary: summary, count: count))
    }

    /// The document's text for the record at `index` of the `files` array.
    public static func text(for record: InspectRecord, index: Int) throws -> String {
        (index == 0 ? "{\n  \"files\" : [\n" : ",\n") + indented(try CanonicalJSON.encode(record), by: "    ")
    }

    /// The document's text after `count` records: the end of `files`, and the summary.
    public static func closing(summary: InspectReport.Summary, count: Int) throws -> String {
        (count == 0 ? "{\n  \"files\" : [\n\n  ],\n" : "\n  ],\n")
            + "  \"summary\" : " + indented(try CanonicalJSON.encode(summary), by: "  ", first: false) + "\n}\n"
    }

    /// `json` (pretty, newline-terminated) with every non-empty line but (unless
    /// `first`) the first prefixed by `prefix`, without the final newline.
    public static func indented(_ json: Data, by prefix: String, first: Bool = true) -> String {
        let lines = String(decoding: json, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast()  // the final newline
        // Foundation writes the blank line inside an empty array unindented.
        return lines.enumerated().map { (i, line) in (line.isEmpty || (i == 0 && !first) ? "" : prefix) + line }
            .joined(separator: "\n")
    }
}

/// One file's line of `inspect --json`.
public struct InspectRecord: Codable {
    public struct Failure: Codable {
        public var kind: String
        public var reason: String

        public init(kind: String, reason: String) {
            self.kind = kind
            self.reason = reason
        }
    }
    public var path: String
    public var facts: ImageFacts?
    public var error: Failure?

    public init(path: String, facts: ImageFacts? = nil, error: Failure? = nil) {
        self.path = path
        self.facts = facts
        self.error = error
    }
}

public struct InspectReport: Codable {
    public struct Summary: Codable {
        public var files: Int
        public var failed: Int
        /// What the walk left out: files that are not images (by extension), hidden entries,
        /// unreadable folders; absent when nothing was.
        public var skipped: FileWalk.Report?

        public init(files: Int, failed: Int, skipped: FileWalk.Report?) {
            self.files = files
            self.failed = failed
            self.skipped = skipped
        }
    }
    public var files: [InspectRecord]
    public var summary: Summary

    public init(files: [InspectRecord], summary: Summary) {
        self.files = files
        self.summary = summary
    }
}

extension InspectRecord {
    /// The columns of `inspect`'s table.
    public static let tableHeader = ["path", "format", "size", "colour", "bits", "chroma", "scan", "quality"]

    /// This file's row of `inspect`'s table (`~` marks an estimated JPEG quality).
    public var tableRow: [String] {
        guard let f = facts else {
            return [FileSystemPath.display(path), "error", "-", "-", "-", "-", "-", error?.reason ?? ""]
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
        return [FileSystemPath.display(path), f.format.rawValue, "\(f.width)x\(f.height)", colour, "\(f.bitDepth)",
                f.chromaSubsampling ?? "-", scan, quality]
    }
}
