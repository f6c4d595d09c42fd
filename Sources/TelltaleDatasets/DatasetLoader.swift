import Foundation

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
    public static func load(_ path: String) throws -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError.pathMissing(path)
        }
        if !isDirectory.boolValue {
            return try Manifest.load(path)
        }
        return try loadFolders(path)
    }

    /// A folder that holds the two class folders of one layout.
    struct ClassLevel {
        var directory: String
        var components: [String]  // path from the root to `directory`
        var layout: DatasetLayout
        var folders: [Label: String]
    }

    static func loadFolders(_ root: String) throws -> Dataset {
        var levels: [ClassLevel] = []
        var visited = Set<String>()
        try findClassLevels(root, components: [], into: &levels, visited: &visited)
        guard let first = levels.first else { throw DatasetError.noClassFolders(root: root) }

        let layouts = Set(levels.map(\.layout))
        if layouts.count > 1 {
            let ordered = DatasetLayout.folderLayouts.filter(layouts.contains)
            let examples = ordered.compactMap { layout in levels.first { $0.layout == layout }?.directory }
            throw DatasetError.mixedLayouts(root: root, layouts: ordered.map(\.rawValue), examples: examples)
        }

        var items: [LabelledImage] = []
        for level in levels {
            let group = level.components.filter { DatasetSplit.canonical($0) == nil }
            let splitAbove = level.components.last { DatasetSplit.canonical($0) != nil }.flatMap(DatasetSplit.canonical)
            for label in Label.allCases {
                let classDirectory = level.folders[label]!
                let files = try ImageFiles.images(under: classDirectory)
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
        }
        return Dataset(root: root, layout: first.layout, items: items)
    }

    /// Walks down from `directory`, stopping at folders that hold class folders.
    static func findClassLevels(
        _ directory: String, components: [String],
        into levels: inout [ClassLevel], visited: inout Set<String>
    ) throws {
        guard visited.insert((directory as NSString).resolvingSymlinksInPath).inserted else { return }
        let subdirectories = try ImageFiles.visibleEntries(of: directory)
            .filter { ImageFiles.isDirectory(ImageFiles.join(directory, $0)) }
        let classFolders = subdirectories.compactMap { name in
            DatasetLayout.classFolder(named: name).map { (name: name, layout: $0.layout, label: $0.label) }
        }
        if classFolders.isEmpty {
            for name in subdirectories {
                try findClassLevels(ImageFiles.join(directory, name), components: components + [name],
                                    into: &levels, visited: &visited)
            }
            return
        }
        let layouts = Set(classFolders.map(\.layout))
        var folders: [Label: String] = [:]
        for folder in classFolders {
            if layouts.count > 1 || folders[folder.label] != nil {
                throw DatasetError.ambiguousLayout(directory: directory, folders: classFolders.map(\.name))
            }
            folders[folder.label] = ImageFiles.join(directory, folder.name)
        }
        let layout = classFolders[0].layout
        if folders.count == 1, let (label, _) = folders.first {
            let other: Label = label == .real ? .fake : .real
            throw DatasetError.onlyOneClass(
                directory: directory, found: classFolders[0].name,
                missing: layout.folderName(for: other) ?? other.description)
        }
        levels.append(ClassLevel(directory: directory, components: components, layout: layout, folders: folders))
    }
}
