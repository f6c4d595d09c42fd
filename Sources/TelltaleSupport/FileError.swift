import Foundation

/// A file that could not be written (or created, or read): which file, and why, in
/// words from the operating system — `cannot write out/x.csv: No space left on
/// device`, never a bare Foundation error code.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done: `write`, `read`, `create`…
    public var operation: String
    /// The file (a path, or `standard output`).
    public var path: String
    public var reason: String

    public init(_ operation: String, _ path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// The error for `errno` value `code`.
    public init(_ operation: String, _ path: String, errno code: Int32) {
        self.init(operation, path, reason: FileSystemPath.reason(code))
    }

    /// Any error thrown while working on `path`, with the operating system's reason when
    /// Foundation wrapped one (a `FileError` is kept as it is).
    public init(_ operation: String, _ path: String, wrapping error: Error) {
        if let same = error as? FileError {
            self = same
            return
        }
        self.init(operation, path, reason: Self.reason(of: error))
    }

    public var description: String { "cannot \(operation) \(FileSystemPath.display(path)): \(reason)" }

    /// The `strerror` text behind a Foundation error, else its description.
    static func reason(of error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return FileSystemPath.reason(Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return FileSystemPath.reason(Int32(underlying.code))
        }
        return ns.localizedDescription
    }
}

/// The steps of writing a file that every writer shares, each failing with a
/// ``FileError`` that names the file the user asked for and the operating system's reason.
public enum FileWriting {
    /// Creates the folders above `path` that are missing. A component that exists but is
    /// not a folder (`/dev/full/x`) is reported as such.
    public static func makeParentFolders(of path: String) throws(FileError) {
        let parent = (path as NSString).deletingLastPathComponent
        try makeFolders(parent, for: path)
    }

    /// Creates `folder` and the folders above it; errors name `target`.
    public static func makeFolders(_ folder: String, for target: String) throws(FileError) {
        if folder.isEmpty || folder == "/" || folder == "." { return }
        switch FileSystemPath.status(folder) {
        case .success(let status):
            if status.isDirectory { return }
            throw FileError("write", target, reason: "\(FileSystemPath.display(folder)) is not a folder")
        case .failure(let error) where error.code == ENOENT || error.code == ENOTDIR:
            // ENOTDIR: a file above it, named by the recursion below. A dangling link in
            // the way: mkdir would fail with EEXIST.
            if error.code == ENOENT, case .success(let s) = FileSystemPath.status(folder, followingLinks: false), s.isSymbolicLink {
                throw FileError("write", target, reason: "\(FileSystemPath.display(folder)) is a dangling symbolic link")
            }
        case .failure(let error):
            throw FileError("write", target, reason: "\(FileSystemPath.display(folder)): \(error)")
        }
        try makeFolders((folder as NSString).deletingLastPathComponent, for: target)
        if mkdir(fileSystemPath(folder), 0o777) != 0 && errno != EEXIST {
            throw FileError("write", target, reason: "cannot create the folder \(FileSystemPath.display(folder)): \(FileSystemPath.reason(errno))")
        }
    }

    /// A new, empty hidden file beside `path` (`.NAME.tmp-PID-RANDOM`), open for writing.
    public static func createTemporary(beside path: String) throws(FileError) -> (descriptor: Int32, path: String) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let fd = open(fileSystemPath(temporary), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw FileError("write", path, reason: "cannot create a file in \(FileSystemPath.display(url.deletingLastPathComponent().path)): \(FileSystemPath.reason(errno))")
        }
        return (fd, temporary)
    }

    /// Writes all of `bytes` to `descriptor`; errors name `path`.
    public static func writeAll<D: DataProtocol>(_ bytes: D, to descriptor: Int32, path: String) throws(FileError) {
        for region in bytes.regions {
            var failure: Int32 = 0
            region.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                var done = 0
                while done < buffer.count {
                    let n = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                    if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else {
                        failure = n < 0 ? errno : EIO
                        return
                    }
                }
            }
            if failure != 0 { throw FileError("write", path, errno: failure) }
        }
    }

    /// `fsync` then `close`; errors (a full disk is sometimes reported only here) name `path`.
    public static func syncAndClose(_ descriptor: Int32, path: String) throws(FileError) {
        if fsync(descriptor) != 0 && errno != EINVAL && errno != EROFS {
            let code = errno
            close(descriptor)
            throw FileError("write", path, errno: code)
        }
        if close(descriptor) != 0 && errno != EINTR { throw FileError("write", path, errno: errno) }
    }

    /// Renames `temporary` over `path`; on failure the temporary file is removed.
    public static func moveIntoPlace(_ temporary: String, _ path: String) throws(FileError) {
        if rename(fileSystemPath(temporary), fileSystemPath(path)) != 0 {
            let code = errno
            unlink(fileSystemPath(temporary))
            throw FileError("write", path, errno: code)
        }
    }
}

/// Reading a text file of lines (a list of paths, a manifest) by its ``FileSystemPath``
/// name, or a descriptor (standard input), with limits: such a file never holds a NUL
/// byte or a line longer than ``maxLineBytes``, and is at most ``maxTotalBytes`` long.
/// So `--paths-from /dev/zero` (or a binary file given by mistake) is an error after its
/// first block, not a process that reads until it is killed.
public enum FileReading {
    /// Longest line accepted: far above any path (Linux's PATH_MAX is 4096).
    public static let maxLineBytes = 1 << 16
    /// Largest list accepted: 4 GiB, some 40 million paths.
    public static let maxTotalBytes = 1 << 32

    public static func contents(of path: String) throws(FileError) -> Data {
        let fd = open(fileSystemPath(path), O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw FileError("read", path, errno: errno) }
        defer { close(fd) }
        return try contents(ofDescriptor: fd, name: path)
    }

    /// Reads `descriptor` to its end; `name` labels errors.
    public static func contents(ofDescriptor descriptor: Int32, name: String) throws(FileError) -> Data {
        var data = Data()
        var block = [UInt8](repeating: 0, count: 1 << 16)
        var lineLength = 0
        while true {
            let n = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if n > 0 {
                for (i, byte) in block[..<n].enumerated() {
                    if byte == 0x0A { lineLength = 0; continue }
                    if byte == 0 {
                        throw FileError("read", name, reason: "byte \(data.count + i) is NUL: not a text file of lines")
                    }
                    lineLength += 1
                    if lineLength > maxLineBytes {
                        throw FileError("read", name, reason: "a line longer than \(maxLineBytes) bytes: not a text file of lines")
                    }
                }
                if data.count + n > maxTotalBytes {
                    throw FileError("read", name, reason: "longer than \(maxTotalBytes) bytes")
                }
                data.append(contentsOf: block[..<n])
            } else if n == 0 {
                return data
            } else if errno != EINTR {
                throw FileError("read", name, errno: errno)
            }
        }
    }
}
