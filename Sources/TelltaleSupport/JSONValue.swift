import Foundation
/// Any JSON value, for carrying another module's configuration (a feature
/// configuration inside a model file, say) without depending on its type.
/// Object keys are kept sorted when encoded through ``CanonicalJSON``.
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let n = try? container.decode(Double.self) { self = .number(n) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 1e15 { try container.encode(Int64(n)) } else { try container.encode(n) }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }

    /// Converts any Encodable value (through JSON).
    public init<T: Encodable>(encoding value: T) throws {
        let data = try CanonicalJSON.encode(value, pretty: false)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// `value`, which must encode as a JSON object, with `fields` added beside its own (a
    /// field of the same name is replaced): a report with its provenance, say.
    public static func object<T: Encodable>(encoding value: T, adding fields: [String: JSONValue]) throws -> JSONValue {
        guard case .object(var object) = try JSONValue(encoding: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(T.self) does not encode as a JSON object"))
        }
        object.merge(fields) { $1 }
        return .object(object)
    }

    /// Converts back to a Decodable type.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: CanonicalJSON.encode(self, pretty: false))
    }
}
