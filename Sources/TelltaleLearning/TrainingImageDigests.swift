import Foundation

/// Which images a model was trained on, compactly enough to ship in every model file:
/// the first 8 bytes of each distinct training image's SHA-256, sorted.
///
/// With 64-bit prefixes the chance that a test image not in the training set matches
/// one of N training images by accident is N / 2⁶⁴ (10⁻¹⁴ for 100,000 images), so a
/// match means the same file bytes. 100,000 training images take 800 kB (1.07 MB of
/// base64 in the model file). Only byte-identical copies are found: a re-encoded,
/// resized or cropped copy of a training image is not.
///
/// Encoded as `{"count": n, "prefixBytes": 8, "base64": "…"}` (the prefixes big-endian,
/// concatenated in increasing order).
public struct TrainingImageDigests: Sendable, Hashable {
    /// Sorted, distinct 64-bit prefixes.
    public let prefixes: [UInt64]

    /// From the images' SHA-256 in hexadecimal (any order, repeats allowed); digests that
    /// are not hexadecimal are ignored.
    public init(sha256Hex digests: [String]) {
        prefixes = Array(Set(digests.compactMap(Self.prefix))).sorted()
    }

    /// Whether an image with this SHA-256 (hexadecimal) was among the training images.
    public func contains(sha256Hex digest: String) -> Bool {
        guard let key = Self.prefix(digest) else { return false }
        var lo = 0, hi = prefixes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if prefixes[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < prefixes.count && prefixes[lo] == key
    }

    /// The first 16 hex digits of a SHA-256 as a number.
    static func prefix(_ hex: String) -> UInt64? {
        guard hex.utf8.count == 64 else { return nil }
        return UInt64(hex.prefix(16), radix: 16)
    }
}

extension TrainingImageDigests: Codable {
    enum CodingKeys: String, CodingKey { case count, prefixBytes, base64 }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let count = try c.decode(Int.self, forKey: .count)
        guard try c.decode(Int.self, forKey: .prefixBytes) == 8 else {
            throw DecodingError.dataCorruptedError(forKey: .prefixBytes, in: c, debugDescription: "only 8-byte prefixes are read")
        }
        guard let data = Data(base64Encoded: try c.decode(String.self, forKey: .base64)), data.count == 8 * count else {
            throw DecodingError.dataCorruptedError(forKey: .base64, in: c, debugDescription: "not \(count) 8-byte prefixes in base64")
        }
        let bytes = [UInt8](data)
        var prefixes: [UInt64] = []
        prefixes.reserveCapacity(count)
        for k in 0..<count {
            prefixes.append(bytes[(8 * k)..<(8 * k + 8)].reduce(0) { $0 << 8 | UInt64($1) })
        }
        guard zip(prefixes, prefixes.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw DecodingError.dataCorruptedError(forKey: .base64, in: c, debugDescription: "prefixes not strictly increasing")
        }
        self.prefixes = prefixes
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 * prefixes.count)
        for p in prefixes { for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: p >> UInt64(shift))) } }
        try c.encode(prefixes.count, forKey: .count)
        try c.encode(8, forKey: .prefixBytes)
        try c.encode(Data(bytes).base64EncodedString(), forKey: .base64)
    }
}
