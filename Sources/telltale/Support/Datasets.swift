import Foundation
import TelltaleDatasets

/// Loading the datasets named on a command line.
enum Datasets {
    /// Items of every dataset, in order; a path given twice is an error.
    static func load(_ paths: [String]) throws -> [LabelledImage] {
        var items: [LabelledImage] = []
        var seen = Set<String>()
        for path in paths {
            let dataset = try DatasetLoader.load(path)
            Console.error("\(path): \(dataset.layout) layout, \(dataset.count(of: .real)) real, \(dataset.count(of: .fake)) fake"
                + (dataset.groups.isEmpty ? "" : ", groups: \(dataset.groups.joined(separator: ", "))"))
            for item in dataset.items where !seen.contains(item.path) {
                seen.insert(item.path)
                items.append(item)
            }
        }
        return items
    }
}
