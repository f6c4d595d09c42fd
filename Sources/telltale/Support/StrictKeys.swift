/// Refusing unknown keys while decoding a JSON object, so that a typo in a spec
/// file (`"seeed"`) is an error naming the key rather than a silently ignored field.
enum StrictKeys {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// An unknown key, with the dotted path of the object holding it.
    struct UnknownKey: Error, CustomStringConvertible {
        var path: String
        var known: [String]
        var description: String { "unknown key '\(path)' (known here: \(known.joined(separator: ", ")))" }
    }

    /// Throws ``UnknownKey`` if the object being decoded holds a key not in `known`.
    static func check<K: CodingKey & CaseIterable>(_ decoder: Decoder, _: K.Type) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = K.allCases.map(\.stringValue)
        if let key = container.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw UnknownKey(path: (decoder.codingPath.map(pathComponent) + [key]).joined(separator: "."), known: known)
        }
    }

    /// `model`, `train[0]`-style components of a coding path.
    static func pathComponent(_ key: CodingKey) -> String {
        key.intValue.map { "[\($0)]" } ?? key.stringValue
    }

    /// A coding path as `model.C[1]`.
    static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.map(pathComponent).reduce("") { path, part in
            path.isEmpty || part.hasPrefix("[") ? path + part : path + "." + part
        }
    }
}
