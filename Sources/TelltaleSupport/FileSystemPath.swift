import Foundation

/// File names as `String`s, even when they are not valid UTF-8.
///
/// POSIX file names are bytes; Swift strings are Unicode. Telltale keeps every
/// path as a `String` (in rows, JSON and CSV) and makes the conversion reversible:
///
/// - bytes that form valid UTF-8 become those characters;
/// - every byte of an invalid UTF-8 sequence (always 0x80…0xFF) becomes the
///   private-use code point **U+F700 + byte** (U+F780…U+F7FF), one code point a byte
///   — the mapping some Unix tools (e.g. Cygwin) use for the same purpose;
/// - so that the mapping stays one-to-one, a name that really contains one of those
///   rare private-use characters (their UTF-8 bytes are `EF 9E 80`…`EF 9F BF`) has
///   each of its bytes escaped the same way.
///
/// Going back, every U+F780…U+F7FF is its byte and everything else its UTF-8, so
/// ``fileSystemPath(_:)`` gives the original bytes to `open`, `stat` and `opendir`.
/// Machine-readable outputs (CSV, JSON) carry the escaped string; messages for people
/// show the escaped bytes as `\xNN` (``display(_:)``).
public enum FileSystemPath {
    /// Byte `b` (0x80…0xFF) of an invalid sequence is the code point `escapeBase + b`.
    public static let escapeBase: UInt32 = 0xF700
    static let escaped: ClosedRange<UInt32> = 0xF780...0xF7FF

    /// The string for a file name or path given as bytes (no NUL).
    public static func string<C: Collection>(fromBytes bytes: C) -> String where C.Element == UInt8 {
        let b = Array(bytes)
        // Fast path: valid UTF-8 without the escape range (almost every name).
        if !b.contains(where: { $0 >= 0x80 }) { return String(decoding: b, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < b.count {
            let n = validSequenceLength(b, at: i)
            if n == 0 {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(b[i]))!)
                i += 1
                continue
            }
            let value = decode(b, at: i, length: n)
            if escaped.contains(value) {
                for k in i..<(i + n) { scalars.append(Unicode.Scalar(escapeBase + UInt32(b[k]))!) }
            } else {
                scalars.append(Unicode.Scalar(value)!)
            }
            i += n
        }
        return String(scalars)
    }

    /// The bytes `path` stands for (without a terminating NUL).
    public static func bytes(_ path: String) -> [UInt8] {
        guard hasEscapes(path) else { return Array(path.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        for scalar in path.unicodeScalars {
            if escaped.contains(scalar.value) {
                out.append(UInt8(scalar.value - escapeBase))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    /// Whether `path` holds escaped bytes (a name that is not valid UTF-8).
    public static func hasEscapes(_ path: String) -> Bool {
        path.unicodeScalars.contains { escaped.contains($0.value) }
    }

    /// `path` for a message to a person: escaped bytes shown as `\xNN`.
    public static func display(_ path: String) -> String {
        guard hasEscapes(path) else { return path }
        var out = ""
        for scalar in path.unicodeScalars {
            if escaped.contains(scalar.value) {
                out += String(format: "\\x%02x", scalar.value - escapeBase)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Length of the valid, shortest-form UTF-8 sequence starting at `i`, or 0.
    static func validSequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let b0 = b[i]
        func cont(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i + k < b.count && range.contains(b[i + k])
        }
        switch b0 {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0...0xBF) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80...0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90...0xBF) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80...0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    static func decode(_ b: [UInt8], at i: Int, length n: Int) -> UInt32 {
        switch n {
        case 1: return UInt32(b[i])
        case 2: return UInt32(b[i] & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
        case 3: return UInt32(b[i] & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
        default:
            return UInt32(b[i] & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                | UInt32(b[i + 3] & 0x3F)
        }
    }

    // MARK: - File status

    /// What a path is, from `stat`/`lstat`.
    public struct Status: Sendable, Equatable {
        public var mode: mode_t
        public var device: UInt64
        public var inode: UInt64
        public var size: Int64

        public var isDirectory: Bool { mode & S_IFMT == S_IFDIR }
        public var isRegular: Bool { mode & S_IFMT == S_IFREG }
        public var isSymbolicLink: Bool { mode & S_IFMT == S_IFLNK }
        /// A directory's identity: a directory reached twice (a link cycle, a second
        /// link to it) is the same (device, inode).
        public var identity: FileIdentity { FileIdentity(device: device, inode: inode) }

        /// What a file that is not a regular file is (`a directory`, `a FIFO`…), else nil:
        /// the reason such a path is never read.
        public var nonRegularKind: String? {
            switch mode & S_IFMT {
            case S_IFREG: return nil
            case S_IFDIR: return "a directory"
            case S_IFLNK: return "a symbolic link"
            case S_IFIFO: return "a FIFO"
            case S_IFCHR: return "a character device"
            case S_IFBLK: return "a block device"
            case S_IFSOCK: return "a socket"
            default: return "not a file"
            }
        }

        init(_ info: stat) {
            mode = info.st_mode
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
        }
    }

    /// `stat` (following links) or `lstat` of `path`; the `errno` on failure.
    public static func status(_ path: String, followingLinks: Bool = true) -> Result<Status, SystemError> {
        var info = stat()
        let c = fileSystemPath(path)
        let rc = followingLinks ? stat(c, &info) : lstat(c, &info)
        guard rc == 0 else { return .failure(SystemError(errno)) }
        return .success(Status(info))
    }

    /// `fstat` of an open descriptor; the `errno` on failure.
    public static func status(descriptor: Int32) -> Result<Status, SystemError> {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(SystemError(errno)) }
        return .success(Status(info))
    }

    /// Whether anything (a link, even a dangling one, included) is at `path`.
    public static func exists(_ path: String) -> Bool {
        if case .success = status(path, followingLinks: false) { return true }
        return false
    }

    /// Whether `path` is a directory, links followed.
    public static func isDirectory(_ path: String) -> Bool {
        if case .success(let s) = status(path) { return s.isDirectory }
        return false
    }

    /// The text of an `errno`.
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// An `errno` value, as an error.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
    /// `strerror`'s text.
    public var description: String { FileSystemPath.reason(code) }
}

/// A file's identity on this machine.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64
}

/// The NUL-terminated bytes of `path` for the C file APIs (`open`, `stat`, `lstat`,
/// `opendir`): the inverse of ``FileSystemPath/string(fromBytes:)``. Every call that
/// opens or examines an input path by name goes through here.
public func fileSystemPath(_ path: String) -> [CChar] {
    FileSystemPath.bytes(path).map { CChar(bitPattern: $0) } + [0]
}
