import Crypto
import Foundation

/// SHA-256 digests as lower-case hex strings (swift-crypto).
public enum Digest {
    public static func sha256<D: DataProtocol>(_ data: D) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256(_ string: String) -> String {
        sha256(Data(string.utf8))
    }

    /// The SHA-256 of a file's bytes, streamed in 1 MiB blocks (the path through
    /// ``fileSystemPath(_:)``, so names that are not UTF-8 work too).
    public static func sha256(fileAt path: String) throws -> String {
        let fd = open(fileSystemPath(path), O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw FileError("read", path, errno: errno) }
        defer { close(fd) }
        var hasher = SHA256()
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n > 0 {
                block.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw FileError("read", path, errno: errno)
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
