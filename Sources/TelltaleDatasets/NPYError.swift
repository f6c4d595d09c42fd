/// Why a `.npy` file could not be read or written.
public enum NPYError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not start with `\x93NUMPY`.
    case notNPY(path: String)
    /// A format version other than 1.0, 2.0 or 3.0.
    case unsupportedVersion(path: String, major: UInt8, minor: UInt8)
    /// The header dictionary cannot be parsed.
    case badHeader(path: String, reason: String)
    /// The array's dtype is not 32-bit float.
    case wrongDType(path: String, dtype: String)
    /// The array is not two-dimensional.
    case wrongShape(path: String, shape: [Int])
    /// The file ends before the header or the data do.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The file has bytes after the data.
    case trailingBytes(path: String, expectedBytes: Int, actualBytes: Int)
    /// An operating-system error while reading or writing.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .notNPY(let path):
            "\(path) is not a .npy file (missing the \\x93NUMPY magic)"
        case .unsupportedVersion(let path, let major, let minor):
            "\(path): unsupported .npy format version \(major).\(minor)"
        case .badHeader(let path, let reason):
            "\(path): malformed .npy header: \(reason)"
        case .wrongDType(let path, let dtype):
            "\(path): dtype \(dtype), expected float32 ('<f4')"
        case .wrongShape(let path, let shape):
            "\(path): shape (\(shape.map(String.init).joined(separator: ", "))), expected a 2-D array"
        case .truncated(let path, let expected, let actual):
            "\(path) is truncated: \(actual) bytes, expected \(expected)"
        case .trailingBytes(let path, let expected, let actual):
            "\(path) has \(actual - expected) unexpected bytes after the data (\(actual) bytes, expected \(expected))"
        case .io(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
