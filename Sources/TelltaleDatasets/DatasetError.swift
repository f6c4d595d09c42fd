import TelltaleSupport

/// Why a dataset could not be loaded. Every case names the offending path so
/// the message can be acted on without a debugger.
public enum DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path does not exist.
    case pathMissing(String)
    /// No class folders (`real/`+`fake/`, `0_real/`+`1_fake/`, `nature/`+`ai/`, `REAL/`+`FAKE/`) anywhere under the root.
    case noClassFolders(root: String)
    /// A folder holds the folder of one class but not of the other.
    case onlyOneClass(directory: String, found: String, missing: String)
    /// A class folder holds no image files.
    case emptyClassFolder(String)
    /// One folder holds class folders of two layouts (e.g. both `real/` and `0_real/`),
    /// or two folders for the same class (`real/` and `REAL/`).
    case ambiguousLayout(directory: String, folders: [String])
    /// A class folder holds another class folder (e.g. `real/fake/`), so the label of its images is unclear.
    case classFolderInsideClassFolder(String)
    /// Different parts of the tree use different layouts.
    case mixedLayouts(root: String, layouts: [String], examples: [String])
    /// A manifest row could not be used (1-based line number of the row's start).
    case badManifestRow(manifest: String, line: Int, reason: String)
    /// The manifest's header lacks a required column or cannot be read.
    case badManifestHeader(manifest: String, reason: String)
    /// A directory or file could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .pathMissing(let path):
            "No such file or directory: \(FileSystemPath.display(path))"
        case .noClassFolders(let root):
            "No class folders found under \(FileSystemPath.display(root)): expected real/ + fake/, 0_real/ + 1_fake/, nature/ + ai/ or REAL/ + FAKE/ (at any depth), or a CSV manifest"
        case .onlyOneClass(let directory, let found, let missing):
            "Only one class found in \(FileSystemPath.display(directory)): it has \(found)/ but no \(missing)/"
        case .emptyClassFolder(let path):
            "Class folder holds no image files (by extension or magic bytes: PNG, JPEG, WebP, TIFF): \(FileSystemPath.display(path))"
        case .ambiguousLayout(let directory, let folders):
            "Ambiguous layout in \(FileSystemPath.display(directory)): it holds \(folders.map { $0 + "/" }.joined(separator: ", ")), class folders of different layouts or two folders for one class"
        case .classFolderInsideClassFolder(let path):
            "Ambiguous layout: class folder \(FileSystemPath.display(path)) lies inside another class folder"
        case .mixedLayouts(let root, let layouts, let examples):
            "Mixed layouts under \(FileSystemPath.display(root)): \(layouts.joined(separator: " and ")) (e.g. \(examples.map(FileSystemPath.display).joined(separator: ", "))); use one layout or a CSV manifest"
        case .badManifestRow(let manifest, let line, let reason):
            "\(FileSystemPath.display(manifest)):\(line): \(reason)"
        case .badManifestHeader(let manifest, let reason):
            "\(FileSystemPath.display(manifest)):1: \(reason)"
        case .unreadable(let path, let reason):
            "Cannot read \(FileSystemPath.display(path)): \(reason)"
        }
    }
}
