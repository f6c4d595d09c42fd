/// The header of a `.npy` file (numpy's format, NEP 1:
/// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
///
/// Layout: the magic `\x93NUMPY`, the format version (major, minor bytes), the
/// header length (little-endian UInt16 in version 1.0, UInt32 in 2.0/3.0) and
/// an ASCII Python dict literal `{'descr': '<f4', 'fortran_order': False,
/// 'shape': (r, c), }`, padded with spaces and ended with `\n` so that the
/// data starts at a multiple of 64 bytes.
public struct NPYHeader: Sendable, Equatable {
    /// The dtype descriptor, e.g. `<f4`.
    public var descr: String
    public var fortranOrder: Bool
    public var shape: [Int]

    public init(descr: String = "<f4", fortranOrder: Bool = false, shape: [Int]) {
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// numpy's `ARRAY_ALIGN`.
    static let alignment = 64
    /// numpy's `GROWTH_AXIS_MAX_DIGITS`: numpy pads the header as if the
    /// growing axis had this many digits, so the shape can be rewritten in
    /// place after appending rows — which ``NPYStreamWriter`` relies on.
    static let growthAxisMaxDigits = 21

    /// The header bytes exactly as numpy ≥ 1.24's `np.save` writes them (format 1.0).
    public func encoded() -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dict = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        if let growing = fortranOrder ? shape.last : shape.first {
            dict += String(repeating: " ", count: max(0, Self.growthAxisMaxDigits - String(growing).count))
        }
        let prefixLength = Self.magic.count + 2 + 2
        let unpadded = prefixLength + dict.utf8.count + 1
        let padding = Self.alignment - unpadded % Self.alignment
        dict += String(repeating: " ", count: padding) + "\n"
        let length = UInt16(dict.utf8.count)
        return Self.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dict.utf8)
    }

    /// Parses the header at the start of `bytes`; returns it and the offset of the data.
    public static func decode(_ bytes: [UInt8], path: String) throws(NPYError) -> (header: NPYHeader, dataOffset: Int) {
        let head = Array(bytes.prefix(magic.count))
        guard head == Array(magic.prefix(head.count)) else { throw .notNPY(path: path) }
        guard bytes.count >= 10 else { throw .truncated(path: path, expectedBytes: 10, actualBytes: bytes.count) }
        let major = bytes[6], minor = bytes[7]
        let lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0), (3, 0): lengthBytes = 4
        default: throw .unsupportedVersion(path: path, major: major, minor: minor)
        }
        guard bytes.count >= 8 + lengthBytes else {
            throw .truncated(path: path, expectedBytes: 8 + lengthBytes, actualBytes: bytes.count)
        }
        var length = 0
        for k in 0..<lengthBytes { length |= Int(bytes[8 + k]) << (8 * k) }
        let start = 8 + lengthBytes
        guard bytes.count >= start + length else {
            throw .truncated(path: path, expectedBytes: start + length, actualBytes: bytes.count)
        }
        guard let text = String(bytes: bytes[start..<(start + length)], encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw .badHeader(path: path, reason: "header is not text")
        }
        var parser = PythonLiteralParser(text: text)
        let dict: [String: PythonLiteralParser.Value]
        do {
            dict = try parser.parseDict()
        } catch {
            throw .badHeader(path: path, reason: error.reason)
        }
        guard case .string(let descr)? = dict["descr"] else { throw .badHeader(path: path, reason: "no 'descr' string") }
        guard case .bool(let fortran)? = dict["fortran_order"] else { throw .badHeader(path: path, reason: "no 'fortran_order' boolean") }
        guard case .tuple(let shape)? = dict["shape"], shape.allSatisfy({ $0 >= 0 }) else {
            throw .badHeader(path: path, reason: "no 'shape' tuple of non-negative integers")
        }
        return (NPYHeader(descr: descr, fortranOrder: fortran, shape: shape), start + length)
    }
}

import Foundation
