import Foundation

/// An output file opened and locked before anything is decided from its existence.
///
/// `open` creates the file with `O_CREAT | O_EXCL` when it is not there — so of two
/// processes starting at the same moment exactly one creates it — or else opens the
/// existing file without truncating it; in both cases it takes an exclusive `flock`
/// at once. A caller then knows, under the lock, whether the file was its own new
/// file (``created``) or was there before, and refuses, resumes or overwrites
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
        var fd: Int32 = -1
        var created = false
        for _ in 0..<100 {
            fd = open(fileSystemPath(path), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                created = true
                break
            }
            guard errno == EEXIST else { throw FileError("write", path, errno: errno) }
            fd = open(fileSystemPath(path), O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
            if fd >= 0 { break }
            guard errno == ENOENT else { throw FileError("write", path, errno: errno) }
            // Removed between the two opens: try again.
        }
        guard fd >= 0 else { throw FileError("write", path, reason: "it keeps appearing and disappearing") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw FileError("write", path, reason: "another telltale process is writing it (it is locked)") }
            throw FileError("write", path, reason: "cannot lock it: \(FileSystemPath.reason(code))")
        }
        // Reads and writes block as usual once it is ours (O_NONBLOCK only kept open() from waiting).
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        self.path = path
        self.descriptor = fd
        self.created = created
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
