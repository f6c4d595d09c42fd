import Foundation
import TelltaleDatasets
import TelltaleSupport

/// Loading the datasets named on a command line.
public enum Datasets {
    /// Items of every dataset, in order, and what their walks left out (reported
    /// through `reporter`: files that are not images, hidden entries, unreadable folders); an
    /// image reached twice is kept once. Only the images of `split` are kept (see
    /// ``SplitSelection/select(_:_:what:)``: nil refuses images of several splits).
    /// `allowSingleClass`: see ``DatasetLoader/load(_:allowSingleClass:)``.
    public static func load(_ paths: [String], split: SplitSelection?, allowSingleClass: Bool = false,
                            reporter: any PipelineReporter) throws -> (items: [LabelledImage], report: FileWalk.Report) {
        var items: [LabelledImage] = []
        var report = FileWalk.Report()
        var seen = Set<[UInt8]>()  // by bytes: canonically equivalent names are different files
        for path in paths {
            let dataset = try DatasetLoader.load(path, allowSingleClass: allowSingleClass)
            reporter.note("\(FileSystemPath.display(path)): \(dataset.layout) layout, \(dataset.count(of: .real)) real, \(dataset.count(of: .fake)) fake"
                + (dataset.groups.isEmpty ? "" : ", groups: \(dataset.groups.joined(separator: ", "))"))
            reporter.report(dataset.report)
            report.merge(dataset.report)
            for item in dataset.items where !seen.contains(Array(item.path.utf8)) {
                seen.insert(Array(item.path.utf8))
                items.append(item)
            }
        }
        let kept = try SplitSelection.select(items.map(\.split), split)
        if kept.count < items.count {
            reporter.note("split \(split!): \(kept.count) of \(items.count) images (the inputs have \(SplitSelection.census(items.map(\.split))))")
        }
        return (kept.map { items[$0] }, report)
    }
}
