import Foundation

/// Writes files so that a reader sees either the old file or the whole new one,
/// never a torn one: the data goes to a temporary file beside the target, is
/// flushed to disk, and is renamed over the target. Every failure is a
/// ``FileError`` naming the target and the operating system's reason.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        try FileWriting.makeParentFolders(of: path)
        let (fd, temporary) = try FileWriting.createTemporary(beside: path)
        do {
            try FileWriting.writeAll(data, to: fd, path: path)
        } catch {
            close(fd)
            unlink(fileSystemPath(temporary))
            throw error
        }
        do {
            try FileWriting.syncAndClose(fd, path: path)
        } catch {
            unlink(fileSystemPath(temporary))
            throw error
        }
        try FileWriting.moveIntoPlace(temporary, path)
    }

    public static func write(_ string: String, to path: String) throws {
        try write(Data(string.utf8), to: path)
    }
}
