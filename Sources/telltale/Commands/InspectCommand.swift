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
        // Memory does not grow with the number of files beyond one table row each: JSON
        // records are written as they are made (InspectJSONStream), failures reported at once.
        let stream = json ? InspectJSONStream(output: Console.output) : nil
        var rows: [[String]] = []
        let summary = try Inspection.run(paths, decode: decode, memoryBudget: memoryBudget.bytes,
                                         reporter: ConsoleReporter()) { record in
            if let stream { try stream.write(record) } else { rows.append(record.tableRow) }
        }
        if let stream { try stream.finish(summary: summary.report) } else { print(summary.table(rows)) }
        if summary.anyFailed { throw ExitCode(1) }
    }
}
