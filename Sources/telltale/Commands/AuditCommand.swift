import ArgumentParser
import Foundation
import TelltalePipeline
import TelltaleSupport

/// `telltale audit`: can the labels be read off the container?
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report per class the formats, sizes, JPEG qualities and chroma subsampling, and how well metadata alone predicts the label.",
        discussion: """
        Reads headers only. A logistic regression that sees only the container metadata (format, \
        width, height, JPEG quality, subsampling, progressive) is scored by 5-fold stratified \
        cross-validation; when its ROC AUC reaches --warn-auc, the labels are predictable from the \
        container and a detector trained on these files may learn the container instead of the \
        content (Grommelt et al., "Fake or JPEG?", 2024). Bits per pixel, which depend on the \
        content too, are scored apart (a note, not a warning), and a set whose images all have one \
        form is said to look neutralised. Neutralise both classes (`--neutralise Q` on \
        extract/train, `--also-neutralised Q` on evaluate) and report both numbers.
        """)

    @Argument(help: "Labelled datasets.")
    var datasets: [String]

    @Option(help: "ROC AUC of the container-only metadata classifier from which the audit warns.")
    var warnAuc: Double = 0.8

    @Flag(help: "Exit with status 3 when the audit warns.")
    var strict = false

    @Option(name: [.short, .customLong("output")], help: "Write the audit as JSON to this file.")
    var output: String?

    @Option(help: "Seed of the cross-validation folds.")
    var seed: UInt64 = 0

    @OptionGroup var memoryBudget: MemoryBudgetOption

    func run() throws {
        let (items, skipped) = try Datasets.load(datasets, split: .all, reporter: ConsoleReporter())
        let audit = try MetadataAudit.run(items: items, skipped: skipped, seed: seed, memoryBudget: memoryBudget.bytes,
                                          reporter: ConsoleReporter())
        print(audit.render())
        let verdict = audit.verdict(warnAUC: warnAuc)
        if let message = verdict.message {
            print("\n" + message)
            if verdict.shortcut { Console.error(message) }
        }
        if let output { try AtomicFile.write(try CanonicalJSON.encode(audit.report), to: output) }
        for f in audit.failures { Console.failure(f.path, f.reason) }
        if strict && verdict.shortcut { throw ExitCode(3) }
    }
}
