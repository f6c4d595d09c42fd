import TelltaleDatasets
import TelltaleImaging
import TelltaleSupport

extension MetadataAudit {
    /// Reads the header facts of every item (within `memoryBudget` bytes a file), then
    /// audits them; unreadable files are the report's failures.
    public static func run(items: [LabelledImage], skipped: FileWalk.Report, seed: UInt64, memoryBudget: Int,
                           reporter: any PipelineReporter) throws -> MetadataAudit {
        var records: [(item: LabelledImage, facts: ImageFacts)] = []
        var failures: [InputFailure] = []
        let progress = reporter.progress("audit", total: items.count)
        for item in items {
            do {
                records.append((item, try ImageDecoder.facts(ofFile: item.path, budget: memoryBudget)))
                progress.advance(failed: false)
            } catch {
                failures.append(InputFailure(path: item.path, reason: error.reasonDescription))
                progress.advance(failed: true)
            }
        }
        progress.finish()
        return try MetadataAudit(records: records, failures: failures, skipped: skipped, seed: seed)
    }

    /// Where the metadata-only classifier reaches `auc`: the whole set, and which groups.
    public func warnings(at auc: Double) -> (whole: Bool, groups: [String]) {
        (overall.map { $0.auc >= auc } ?? false, perGroup.filter { $0.auc >= auc }.map(\.name))
    }
}
