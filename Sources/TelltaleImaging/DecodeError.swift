/// Why an image could not be read, with the file it came from.
public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure, each a different thing for a user to do about it.
    public enum Reason: Sendable, Equatable {
        /// The file could not be opened or read (missing, a directory, no permission).
        case unreadable(String)
        /// Not a regular file: a FIFO, socket, device, directory… (what it is). Such a
        /// path is never read: a FIFO would block and a device may never end.
        case notRegularFile(String)
        /// The file has no bytes.
        case empty
        /// Not a PNG, JPEG, WebP or TIFF signature.
        case unknownFormat
        /// The data ends before the image does.
        case truncated(String)
        /// The decoder rejected the data (bad CRC, zlib stream, Huffman code, marker…).
        case corrupt(String)
        /// A valid file of a variant Telltale does not decode (CMYK JPEG, 12-bit JPEG…).
        case unsupported(String)
        /// The header claims more pixels than the configured limit allows.
        case tooLarge(width: Int, height: Int, limit: Int)
        /// Reading and decoding the file would need `needed` bytes, over the memory
        /// budget (``DecodeOptions/memoryBudget``); `what` says what needs them.
        /// Refused before that memory is allocated.
        case overBudget(needed: Int, budget: Int, what: String)
        /// The requested region is not inside the image.
        case badRegion(String)
        /// Memory could not be allocated.
        case outOfMemory
    }

    /// The file's path, or a caller's label for in-memory data.
    public let path: String
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// A one-line explanation of the reason without the path.
    public var reasonDescription: String {
        switch reason {
        case .unreadable(let why): return "cannot read the file: \(why)"
        case .notRegularFile(let what): return "not a regular file (\(what))"
        case .empty: return "empty file (0 bytes)"
        case .unknownFormat: return "not a PNG, JPEG, WebP or TIFF (unrecognised signature)"
        case .truncated(let why): return "truncated: \(why)"
        case .corrupt(let why): return "corrupt: \(why)"
        case .unsupported(let why): return "unsupported: \(why)"
        case .tooLarge(let w, let h, let limit):
            return "too large: \(w)×\(h) = \(w * h) pixels exceeds the limit of \(limit)"
        case .badRegion(let why): return "bad region: \(why)"
        case .outOfMemory: return "out of memory"
        case .overBudget(let needed, let budget, let what):
            return "too large: \(what) would need \(ByteCount.format(needed)), over the memory budget of \(ByteCount.format(budget))"
        }
    }

    /// A short machine-friendly name of the reason (`truncated`, `corrupt`, …).
    public var kind: String {
        switch reason {
        case .unreadable: return "unreadable"
        case .notRegularFile: return "not-regular-file"
        case .empty: return "empty"
        case .unknownFormat: return "unknown-format"
        case .truncated: return "truncated"
        case .corrupt: return "corrupt"
        case .unsupported: return "unsupported"
        case .tooLarge: return "too-large"
        case .badRegion: return "bad-region"
        case .outOfMemory: return "out-of-memory"
        case .overBudget: return "over-budget"
        }
    }

    public var description: String { "\(path): \(reasonDescription)" }
}
