import Foundation

/// An output file opened and locked before anything is decided from its existence.
///
/// When the file is not there, it is created already locked: a hidden temporary file
/// beside it is created, `flock`ed, and hard-linked to the name (`link` fails if the
/// name exists), so the file never exists unlocked and of two processes starting at
/// the same moment exactly one creates it. (Where hard links are not supported, it is
/// created with `O_CREAT | O_EXCL` and locked at once, waiting a moment for a process
/// that opened it in between and will let it go.) An existing file is opened without
/// truncation and locked. A caller then knows, under the lock, whether the file is its
/// own new file (``created``) or was there before, and refuses, resumes or overwrites
/// accordingly: the check and the create cannot be separated by another process.
public final class LockedFile {
    public let path: String
    public let descriptor: Int32
    /// True when this call created the file; false when it existed before.
    public let created: Bool
    private var closed = false

    /// Opens (creating if needed) and locks `path`, making the folders above it.
    /// Throws when another process holds the lock.
    public init(_ path: String) throws(FileError) {
        try FileWriting.makeParentFolders(of: path)
        let busy = FileError("write", path, reason: "another telltale process is writing it (it is locked)")
        for _ in 0..<100 {
            // 1. Not there: create it locked.
            switch try Self.createLocked(path) {
            case .created(let fd):
                (self.path, descriptor, created) = (path, fd, true)
                return
            case .exists:
                break
            }
            // 2. There: open it as it is and lock it.
            let fd = open(fileSystemPath(path), O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
            if fd < 0 {
                if errno == ENOENT { continue }  // removed between the two steps: again
                throw FileError("write", path, errno: errno)
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(fd)
                if code == EWOULDBLOCK { throw busy }
                throw FileError("write", path, reason: "cannot lock it: \(FileSystemPath.reason(code))")
            }
            Self.clearNonBlocking(fd)
            (self.path, descriptor, created) = (path, fd, false)
            return
        }
        throw FileError("write", path, reason: "it keeps appearing and disappearing")
    }

    private enum Creation {
        case created(Int32)
        case exists
    }

    /// Creates `path` locked (temporary file, `flock`, `link`), or says it exists.
    private static func createLocked(_ path: String) throws(FileError) -> Creation {
        let (fd, temporary) = try FileWriting.createTemporary(beside: path)
        defer { unlink(fileSystemPath(temporary)) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            throw FileError("write", path, reason: "cannot lock it: \(FileSystemPath.reason(code))")
        }
        if link(fileSystemPath(temporary), fileSystemPath(path)) == 0 { return .created(fd) }
        let code = errno
        close(fd)
        if code == EEXIST { return .exists }
        guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EXDEV || code == EMLINK else {
            throw FileError("write", path, errno: code)
        }
        // No hard links here: O_EXCL, then the lock, waiting up to 2 s for a process that
        // opened the new file in between (it finds it existing and lets it go, or keeps it).
        let created = open(fileSystemPath(path), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if created < 0 {
            if errno == EEXIST { return .exists }
            throw FileError("write", path, errno: errno)
        }
        for _ in 0..<200 {
            if flock(created, LOCK_EX | LOCK_NB) == 0 { return .created(created) }
            if errno != EWOULDBLOCK { break }
            usleep(10_000)
        }
        close(created)
        throw FileError("write", path, reason: "another telltale process is writing it (it is locked)")
    }

    /// Reads and writes block as usual once it is ours (O_NONBLOCK only kept open() from waiting on a FIFO).
    private static func clearNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    }

    deinit { release() }

    /// The file's size in bytes.
    public var size: Int64 {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Cuts the file to `offset` bytes and moves to its end.
    public func truncate(to offset: UInt64) throws(FileError) {
        if ftruncate(descriptor, off_t(offset)) != 0 { throw FileError("write", path, errno: errno) }
        if lseek(descriptor, 0, SEEK_END) < 0 { throw FileError("write", path, errno: errno) }
    }

    public func write<D: DataProtocol>(_ bytes: D) throws(FileError) {
        try FileWriting.writeAll(bytes, to: descriptor, path: path)
    }

    /// Flushes to disk, releases the lock and closes.
    public func synchronizeAndClose() throws(FileError) {
        guard !closed else { return }
        closed = true
        try FileWriting.syncAndClose(descriptor, path: path)
    }

    /// Releases the lock and closes without flushing (after a refusal).
    public func release() {
        guard !closed else { return }
        closed = true
        close(descriptor)
    }
}
