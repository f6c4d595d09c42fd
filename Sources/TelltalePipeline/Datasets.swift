import Foundation
import TelltaleDatasets
import TelltaleSupport

/// Loading the datasets named on a command line.
public enum Datasets {
    /// Items of every dataset, in order, and what their walks left out (reported
    /// through `reporter`: files that are not images, hidden entries, unreadable folders); a path
    /// given twice is an error. `allowSingleClass`: see ``DatasetLoader/load(_:allowSingleClass:)``.
    public static func load(_ paths: [String], allowSingleClass: Bool = false,
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
        return (items, report)
    }
}
