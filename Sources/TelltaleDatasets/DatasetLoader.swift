import Foundation
import TelltaleSupport

/// Loads a labelled dataset from a folder in one of the public benchmarks'
/// layouts (``DatasetLayout``) or from a CSV manifest.
///
/// Folder layouts are searched for at any depth: the loader walks down from
/// the root until it meets a folder holding a pair of class folders
/// (`real/`+`fake/`, `0_real/`+`1_fake/`, `nature/`+`ai/` or `REAL/`+`FAKE/`);
/// every image below a class folder (recursively) takes that class's label.
/// Along the way:
///
/// - the folders between the root and the class folders, with split names
///   (see ``DatasetSplit``) removed and joined with `/`, become the **group**
///   (the generator): `progan/0_real` → `progan`; `imagenet_ai_0419_sdv4/train/ai`
///   → `imagenet_ai_0419_sdv4`; for ForenSynths' per-category test folders
///   `cyclegan/apple/0_real` → `cyclegan/apple` (the generator is the first
///   component). No such folders → nil.
/// - the nearest split-named folder above the class folders (or, failing
///   that, inside them) becomes the **split**, canonicalised to
///   `train`/`val`/`test`.
///
/// Labels come from the folder names' meaning, never from their sorted order:
/// real is always 0 and fake always 1.
public enum DatasetLoader {
    /// Loads the dataset at `path`: a directory in a folder layout, or a CSV manifest file.
    /// A folder holding the class folder of one class only (`real/` without `fake/`) is
    /// refused (``DatasetError/onlyOneClass(directory:found:missing:)``) unless
    /// `allowSingleClass` — for evaluation, where a real-only set measures the
    /// false-positive rate and a fake-only set the recall.
    public static func load(_ path: String, allowSingleClass: Bool = false) throws -> Dataset {
        guard case .success(let status) = FileSystemPath.status(path) else {
            throw DatasetError.pathMissing(path)
        }
        if !status.isDirectory {
            return try Manifest.load(path)
        }
        return try loadFolders(path, allowSingleClass: allowSingleClass)
    }

    /// A folder that holds the two class folders of one layout.
    struct ClassLevel {
        var directory: String
        var components: [String]  // path from the root to `directory`
        var layout: DatasetLayout
        var folders: [Label: String]
    }

    /// The state of one folder-layout load: every directory is visited once by
    /// (device, inode), across the search for class folders and the class folders' walks.
    struct Search {
        var visited = Set<FileIdentity>()
        var levels: [ClassLevel] = []
        var report = FileWalk.Report()
        /// Directories reached through symbolic links, searched after the real tree.
        var linked: [(path: String, components: [String])] = []
        /// Whether a folder may hold the class folder of one class only.
        var allowSingleClass = false
    }

    static func loadFolders(_ root: String, allowSingleClass: Bool = false) throws -> Dataset {
        var search = Search()
        search.allowSingleClass = allowSingleClass
        if case .success(let status) = FileSystemPath.status(root) { search.visited.insert(status.identity) }
        try findClassLevels(root, components: [], search: &search)
        while !search.linked.isEmpty {
            let batch = search.linked.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            search.linked.removeAll()
            for link in batch {
                guard case .success(let status) = FileSystemPath.status(link.path), status.isDirectory,
                      search.visited.insert(status.identity).inserted else { continue }
                try findClassLevels(link.path, components: link.components, search: &search)
            }
        }
        let levels = search.levels
        guard let first = levels.first else { throw DatasetError.noClassFolders(root: root) }

        let layouts = Set(levels.map(\.layout))
        if layouts.count > 1 {
            let ordered = DatasetLayout.folderLayouts.filter(layouts.contains)
            let examples = ordered.compactMap { layout in levels.first { $0.layout == layout }?.directory }
            throw DatasetError.mixedLayouts(root: root, layouts: ordered.map(\.rawValue), examples: examples)
        }

        // Every class folder is claimed before any is walked, so a link from one class
        // folder into another (or into itself) cannot give its images a second label.
        var classFolders: [(level: ClassLevel, label: Label, directory: String, identity: FileIdentity)] = []
        for level in levels {
            for label in Label.allCases {
                guard let directory = level.folders[label] else { continue }  // a single-class level
                guard case .success(let status) = FileSystemPath.status(directory) else {
                    throw DatasetError.unreadable(path: directory, reason: "no longer there")
                }
                classFolders.append((level, label, directory, status.identity))
                search.visited.insert(status.identity)
            }
        }
        var items: [LabelledImage] = []
        var report = search.report
        for (level, label, classDirectory, _) in classFolders {
            let group = level.components.filter { DatasetSplit.canonical($0) == nil }
            let splitAbove = level.components.last { DatasetSplit.canonical($0) != nil }.flatMap(DatasetSplit.canonical)
            let walk = try ImageFiles.walk(directory: classDirectory, visited: &search.visited)
            report.merge(walk.report)
            let files = walk.files
            if files.isEmpty { throw DatasetError.emptyClassFolder(classDirectory) }
            for file in files {
                let inside = file.dropFirst(classDirectory.count).split(separator: "/").dropLast().map(String.init)
                if let k = inside.firstIndex(where: { DatasetLayout.classFolder(named: $0) != nil }) {
                    throw DatasetError.classFolderInsideClassFolder(
                        ([classDirectory] + inside[...k]).joined(separator: "/"))
                }
                var split = splitAbove
                if split == nil {
                    split = inside.lazy.compactMap(DatasetSplit.canonical).first
                }
                items.append(LabelledImage(
                    path: file, label: label,
                    group: group.isEmpty ? nil : group.joined(separator: "/"),
                    split: split))
            }
        }
        return Dataset(root: root, layout: first.layout, items: items, report: report)
    }

    /// Walks down from `directory`, stopping at folders that hold class folders.
    /// Entries that are not folders on the way have no label: they are counted.
    static func findClassLevels(_ directory: String, components: [String], search: inout Search) throws {
        let names: [String]
        switch ImageFiles.entries(of: directory) {
        case .success(let n): names = n
        case .failure(let code):
            if components.isEmpty { throw DatasetError.unreadable(path: directory, reason: code.description) }
            search.report.unreadableFolders.append(.init(path: directory, reason: code.description))
            return
        }
        var subdirectories: [(name: String, status: FileSystemPath.Status, linked: Bool)] = []
        for name in names {
            if name.hasPrefix(".") {
                search.report.hidden += 1
                continue
            }
            let path = ImageFiles.join(directory, name)
            if case .success(let status) = FileSystemPath.status(path), status.isDirectory {
                let linked: Bool
                if case .success(let own) = FileSystemPath.status(path, followingLinks: false) { linked = own.isSymbolicLink } else { linked = false }
                subdirectories.append((name, status, linked))
            } else {
                search.report.outsideClassFolders += 1
            }
        }
        let classFolders = subdirectories.compactMap { entry in
            DatasetLayout.classFolder(named: entry.name).map { (name: entry.name, layout: $0.layout, label: $0.label) }
        }
        if classFolders.isEmpty {
            for entry in subdirectories {
                let path = ImageFiles.join(directory, entry.name)
                if entry.linked {
                    search.linked.append((path, components + [entry.name]))
                } else if search.visited.insert(entry.status.identity).inserted {
                    try findClassLevels(path, components: components + [entry.name], search: &search)
                }
            }
            return
        }
        // The other folders beside the class folders hold no labelled images.
        let unlabelled = subdirectories.filter { DatasetLayout.classFolder(named: $0.name) == nil }
        search.report.outsideClassFolders += unlabelled.count
        let layouts = Set(classFolders.map(\.layout))
        var folders: [Label: String] = [:]
        for folder in classFolders {
            if layouts.count > 1 || folders[folder.label] != nil {
                throw DatasetError.ambiguousLayout(directory: directory, folders: classFolders.map(\.name))
            }
            folders[folder.label] = ImageFiles.join(directory, folder.name)
        }
        let layout = classFolders[0].layout
        if folders.count == 1, !search.allowSingleClass, let (label, _) = folders.first {
            let other: Label = label == .real ? .fake : .real
            throw DatasetError.onlyOneClass(
                directory: directory, found: classFolders[0].name,
                missing: layout.folderName(for: other) ?? other.description)
        }
        search.levels.append(ClassLevel(directory: directory, components: components, layout: layout, folders: folders))
    }
}
