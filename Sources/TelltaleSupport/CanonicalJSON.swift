import Foundation

/// JSON with sorted keys and no insignificant whitespace differences, so that
/// the same value always gives the same bytes (for hashes and byte-identical
/// output files).
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        if pretty { data.append(0x0A) }
        return data
    }

    /// The SHA-256 of the compact canonical encoding: a stable identity for a configuration.
    public static func hash<T: Encodable>(_ value: T) throws -> String {
        Digest.sha256(try encode(value, pretty: false))
    }
}
