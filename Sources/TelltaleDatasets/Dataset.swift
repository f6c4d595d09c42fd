/// A labelled image collection as found on disk.
///
/// `items` are sorted by path (byte-wise over UTF-8), so the same folder gives
/// the same order on every machine and file system, independently of the order
/// in which the directory listing returned them.
public struct Dataset: Sendable, Hashable {
    /// The folder (or manifest file) the dataset was loaded from.
    public var root: String
    /// The layout that was detected: one of ``DatasetLayout``'s names.
    public var layout: DatasetLayout
    /// The images, sorted by path.
    public var items: [LabelledImage]
    /// What the walk of a folder layout left out: files that are not images, hidden
    /// entries, files outside the class folders, unreadable folders (empty for a manifest).
    public var report: FileWalk.Report

    public init(root: String, layout: DatasetLayout, items: [LabelledImage], report: FileWalk.Report = FileWalk.Report()) {
        self.root = root
        self.layout = layout
        self.report = report
        self.items = items.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// Number of items with the given label.
    public func count(of label: Label) -> Int {
        items.reduce(0) { $0 + ($1.label == label ? 1 : 0) }
    }

    /// The distinct groups (generators), sorted; items without a group are not represented.
    public var groups: [String] {
        Set(items.compactMap(\.group)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The distinct splits, sorted.
    public var splits: [String] {
        Set(items.compactMap(\.split)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The items of one split, in the same order.
    public func items(inSplit split: String) -> [LabelledImage] {
        items.filter { $0.split == split }
    }
}
