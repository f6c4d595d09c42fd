import Foundation
import TelltaleSupport
import TelltaleImaging

/// Finding image files on disk: the one walk every command uses.
///
/// A walk lists each directory's entries with `opendir`/`readdir`, as bytes, so a
/// name that is not valid UTF-8 is kept (as a ``FileSystemPath`` string) instead of
/// being dropped. Every entry ends up in exactly one place of the ``FileWalk`` it
/// returns:
///
/// - **files** — the entries that become rows: regular files that are images (by
///   extension, ``imageExtensions``, or — since formats are told by their magic
///   bytes — by a sniff of their first bytes, ``sniffImage(_:)``), and every entry
///   that cannot be looked at but must not vanish: dangling symbolic links, FIFOs,
///   devices, sockets, files that cannot be opened. The decoder refuses those
///   with the reason (`dangling symbolic link`, `not a regular file (a FIFO)`…);
/// - **report** — regular files that are not images, counted by extension; hidden
///   entries (names starting with `.`, not looked into), counted; folders that
///   could not be read, with the reason.
///
/// Only regular files are opened, with `O_NONBLOCK`, so a FIFO never blocks the walk.
/// Symbolic links are followed, and every directory is visited once, by its
/// (device, inode): first every directory reached without a link, then those reached
/// only through links — so a link cycle (`ln -s .. loop`) or a second link to a folder
/// of the tree adds nothing, and a folder keeps its real path.
public enum ImageFiles {
    /// The extensions taken as images without reading the file (lower-cased).
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "jpe", "jfif", "webp", "tif", "tiff"]

    /// The rows for unlabelled inputs: each path may be a file (kept as given, whatever
    /// it is, so the decoder can report on it — a dangling link included) or a
    /// directory (walked). Files are de-duplicated and sorted byte-wise by path.
    /// A path that does not exist at all is an error.
    /// Paths given are first normalised lexically (``lexicallyNormalised(_:)``), so that
    /// `d/x.jpg`, `./d/x.jpg` and `d//x.jpg` are one row.
    public static func walk(_ paths: [String]) throws -> FileWalk {
        var walker = Walker()
        for path in paths.map(lexicallyNormalised) {
            guard case .success(let status) = FileSystemPath.status(path, followingLinks: false) else {
                throw DatasetError.pathMissing(path)
            }
            if status.isSymbolicLink, case .success(let target) = FileSystemPath.status(path), target.isDirectory {
                try walker.walkRoot(path, identity: target.identity)
            } else if status.isDirectory {
                try walker.walkRoot(path, identity: status.identity)
            } else {
                walker.files.append(path)
            }
        }
        walker.followLinks()
        return walker.result
    }

    /// Walks `directory` (a folder given on purpose, so an unreadable one is an error),
    /// sharing `visited` with other walks of the same load.
    public static func walk(directory: String, visited: inout Set<FileIdentity>) throws -> FileWalk {
        guard case .success(let status) = FileSystemPath.status(directory) else { throw DatasetError.pathMissing(directory) }
        var walker = Walker()
        walker.visited = visited
        try walker.walkRoot(directory, identity: status.identity, claimed: true)
        walker.followLinks()
        visited = walker.visited
        return walker.result
    }

    /// `path` with repeated and trailing `/` and `.` components removed: `./d//x.jpg`
    /// → `d/x.jpg`, `d/` → `d`, `./` → `.`. `..` is kept (through a symbolic link
    /// it does not mean the lexical parent), and nothing on disk is consulted.
    public static func lexicallyNormalised(_ path: String) -> String {
        guard !path.isEmpty else { return path }
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The paths of ``walk(_:)`` alone (for tools that report nothing).
    public static func list(_ paths: [String]) throws -> [String] {
        try walk(paths).files
    }

    /// Whether the first bytes of a file are those of a format the decoder reads
    /// (``ImageFormat/sniff(_:)``: PNG, JPEG, WebP, TIFF and BigTIFF).
    public static func sniffImage<C: Collection>(_ head: C) -> Bool where C.Element == UInt8 {
        ImageFormat.sniff(head) != nil
    }

    /// The lower-cased extension of a file name ("" when it has none).
    static func fileExtension(_ name: String) -> String {
        (name as NSString).pathExtension.lowercased()
    }

    /// Paths de-duplicated and sorted as ``walk(_:)`` sorts them.
    /// Two paths are the same only when their bytes are: `String` equality is canonical
    /// equivalence, under which `café` (NFC) and `café` (NFD), two files, are equal.
    public static func sortedUnique<S: Sequence>(_ paths: S) -> [String] where S.Element == String {
        var unique: [[UInt8]: String] = [:]
        for path in paths { unique[Array(path.utf8)] = path }
        return sortedPaths(unique.values)
    }

    /// Paths sorted byte-wise over their UTF-8 encoding (platform-independent).
    static func sortedPaths<S: Sequence>(_ paths: S) -> [String] where S.Element == String {
        paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Joins a directory and a name without doubling the separator.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The names in `directory` (bytes kept as ``FileSystemPath`` strings), without
    /// `.` and `..`, sorted; the `errno` when it cannot be read.
    static func entries(of directory: String) -> Result<[String], SystemError> {
        guard let dir = opendir(fileSystemPath(directory)) else { return .failure(SystemError(errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { return .failure(SystemError(errno)) }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(FileSystemPath.string(fromBytes: name))
        }
        return .success(sortedPaths(names))
    }

    /// What a regular file is: an image (by extension or magic bytes) or not; a file
    /// that cannot be opened to sniff it is kept (its row will say why).
    static func isImage(regularFile path: String, name: String) -> Bool {
        if imageExtensions.contains(fileExtension(name)) { return true }
        let fd = open(fileSystemPath(path), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return true }
        var head = [UInt8](repeating: 0, count: 12)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 12) }
        guard n >= 0 else { return true }
        return sniffImage(head.prefix(n))
    }

    /// One walk: the directories visited and what was found.
    struct Walker {
        var visited = Set<FileIdentity>()
        /// In the order found; ``result`` de-duplicates them by their bytes (``sortedUnique(_:)``).
        var files: [String] = []
        var report = FileWalk.Report()
        /// Directories reached through a symbolic link, walked after the real tree.
        var linked: [String] = []

        var result: FileWalk { FileWalk(files: sortedUnique(files), report: report) }

        /// A directory named by the user: unreadable is an error. `claimed`: the caller has
        /// already marked it visited (a class folder), walk it all the same.
        mutating func walkRoot(_ directory: String, identity: FileIdentity, claimed: Bool = false) throws {
            guard visited.insert(identity).inserted || claimed else { return }
            switch entries(of: directory) {
            case .success(let names): walkEntries(directory, names)
            case .failure(let code):
                throw DatasetError.unreadable(path: directory, reason: code.description)
            }
        }

        /// Walks the directories reached through links (each once), until none is left.
        mutating func followLinks() {
            while !linked.isEmpty {
                let batch = sortedPaths(linked)
                linked.removeAll()
                for path in batch {
                    guard case .success(let status) = FileSystemPath.status(path), status.isDirectory,
                          visited.insert(status.identity).inserted else { continue }
                    walkDirectory(path)
                }
            }
        }

        private mutating func walkDirectory(_ directory: String) {
            switch entries(of: directory) {
            case .success(let names): walkEntries(directory, names)
            case .failure(let code):
                report.unreadableFolders.append(.init(path: directory, reason: code.description))
            }
        }

        private mutating func walkEntries(_ directory: String, _ names: [String]) {
            for name in names {
                if name.hasPrefix(".") {
                    report.hidden += 1
                    continue
                }
                let path = join(directory, name)
                guard case .success(let entry) = FileSystemPath.status(path, followingLinks: false) else {
                    files.append(path)  // vanished or unreadable: its row says why
                    continue
                }
                var status = entry
                if entry.isSymbolicLink {
                    guard case .success(let target) = FileSystemPath.status(path) else {
                        files.append(path)  // dangling (or a link loop): a row with the reason
                        continue
                    }
                    if target.isDirectory {
                        linked.append(path)
                        continue
                    }
                    status = target
                }
                if status.isDirectory {
                    if visited.insert(status.identity).inserted { walkDirectory(path) }
                } else if !status.isRegular {
                    files.append(path)  // FIFO, device, socket: never opened; a row says what it is
                } else if isImage(regularFile: path, name: name) {
                    files.append(path)
                } else {
                    report.countNotImage(name)
                }
            }
        }
    }
}

/// What a walk found: the files that become rows, and what it left out.
public struct FileWalk: Sendable, Hashable {
    /// Sorted byte-wise: images, and entries whose row will say why they are not.
    public var files: [String]
    public var report: Report

    public init(files: [String], report: Report = Report()) {
        self.files = files
        self.report = report
    }

    /// What was not listed, for the user: counted, never silently dropped.
    public struct Report: Sendable, Hashable, Codable {
        /// Regular files that are not images, by extension (`.gif`; `(no extension)`).
        public var notImages: [String: Int] = [:]
        /// Hidden files and folders (names starting with `.`), not looked into.
        public var hidden = 0
        /// Files and folders beside the class folders, or in the folders above them, of a
        /// labelled layout (they have no label).
        public var outsideClassFolders = 0
        /// Folders that could not be listed, with the reason.
        public var unreadableFolders: [Problem] = []

        public struct Problem: Sendable, Hashable, Codable {
            public var path: String
            public var reason: String
        }

        public init() {}

        public var isEmpty: Bool {
            notImages.isEmpty && hidden == 0 && outsideClassFolders == 0 && unreadableFolders.isEmpty
        }

        public var notImageCount: Int { notImages.values.reduce(0, +) }

        mutating func countNotImage(_ name: String) {
            let ext = ImageFiles.fileExtension(name)
            notImages[ext.isEmpty ? "(no extension)" : "." + ext, default: 0] += 1
        }

        public mutating func merge(_ other: Report) {
            notImages.merge(other.notImages, uniquingKeysWith: +)
            hidden += other.hidden
            outsideClassFolders += other.outsideClassFolders
            unreadableFolders += other.unreadableFolders
        }

        /// Lines for stderr: `skipped 12 files that are not images: .gif ×9, .bmp ×3`, the
        /// hidden entries, and one `error:` line per unreadable folder.
        public var lines: [String] {
            var lines: [String] = []
            let n = notImageCount
            if n > 0 {
                let kinds = notImages.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .map { "\(FileSystemPath.display($0.key)) ×\($0.value)" }
                lines.append("skipped \(n) file\(n == 1 ? "" : "s") that \(n == 1 ? "is not an image" : "are not images"): \(kinds.joined(separator: ", "))")
            }
            if outsideClassFolders > 0 {
                lines.append("skipped \(outsideClassFolders) \(outsideClassFolders == 1 ? "file or folder" : "files or folders") outside the class folders (no label)")
            }
            if hidden > 0 {
                lines.append("skipped \(hidden) hidden \(hidden == 1 ? "file or folder" : "files or folders") (names starting with '.')")
            }
            for problem in unreadableFolders {
                lines.append("error: \(FileSystemPath.display(problem.path)): cannot list the folder: \(problem.reason)")
            }
            return lines
        }
    }
}
