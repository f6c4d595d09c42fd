/// Refusing unknown keys while decoding a JSON object, so that a typo in a spec
/// file (`"seeed"`) is an error naming the key rather than a silently ignored field.
enum StrictKeys {
    public struct AnyKey: CodingKey {
        public var stringValue: String
        public var intValue: Int? { nil }
        public init(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }

    /// An unknown key, with the dotted path of the object holding it.
    public struct UnknownKey: Error, CustomStringConvertible {
        public var path: String
        public var known: [String]
        public var description: String { "unknown key '\(path)' (known here: \(known.joined(separator: ", ")))" }
    }

    /// Throws ``UnknownKey`` if the object being decoded holds a key not in `known`.
    public static func check<K: CodingKey & CaseIterable>(_ decoder: Decoder, _: K.Type) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = K.allCases.map(\.stringValue)
        if let key = container.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw UnknownKey(path: (decoder.codingPath.map(pathComponent) + [key]).joined(separator: "."), known: known)
        }
    }

    /// `model`, `train[0]`-style components of a coding path.
    public static func pathComponent(_ key: CodingKey) -> String {
        key.intValue.map { "[\($0)]" } ?? key.stringValue
    }

    /// A coding path as `model.C[1]`.
    public static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.map(pathComponent).reduce("") { path, part in
            path.isEmpty || part.hasPrefix("[") ? path + part : path + "." + part
        }
    }
}
