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

    /// Where the container-only classifier reaches `auc`: the whole set, and which groups.
    /// Bits per pixel are left out: they depend on the content too, so they separate real
    /// photographs from smooth generated images even when both are saved alike.
    public func warnings(at auc: Double) -> (whole: Bool, groups: [String]) {
        (overall.map { $0.containerAUC >= auc } ?? false, perGroup.filter { $0.containerAUC >= auc }.map(\.name))
    }

    /// What the audit concludes at `warnAUC`, for a person: a loud warning when the container
    /// predicts the labels (`shortcut` true), else a note when only the content-dependent
    /// bits per pixel do, and whether the set already looks neutralised.
    public func verdict(warnAUC: Double) -> (shortcut: Bool, message: String?) {
        let (whole, groups) = warnings(at: warnAUC)
        let neutral = looksNeutralised
            ? "Every image of both classes has one form (format, size, JPEG quality, subsampling, scan): the set looks neutralised already."
            : nil
        if whole || !groups.isEmpty {
            let place = whole ? "the whole set" : "group(s) \(groups.joined(separator: ", "))"
            return (true, "!!! WARNING: the labels of \(place) are predictable from the container alone (container-only ROC AUC ≥ \(warnAUC)). "
                + "A detector trained or evaluated on these files may be measuring the format, not the generator. "
                + (looksNeutralised ? "" : "Report results after neutralising both classes too."))
        }
        let content = ([overall].compactMap { $0 } + perGroup).filter { $0.auc >= warnAUC }.map(\.name)
        if !content.isEmpty {
            return (false, "note: bits per pixel separate the classes of \(content.joined(separator: ", ")) (ROC AUC ≥ \(warnAUC) with them, below without): "
                + "they depend on image content (smooth images compress better), not only on the container, so this is not a container shortcut"
                + (neutral.map { ". " + $0 } ?? "; neutralising both classes removes the container differences"))
        }
        return (false, neutral)
    }
}
