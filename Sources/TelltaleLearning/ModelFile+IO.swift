import Foundation
import TelltaleSupport

extension ModelFile {
    /// The file's bytes: the canonical (sorted-key, pretty) JSON of the fields plus their checksum.
    public func encoded() throws -> Data {
        guard case .object(var fields) = try JSONValue(encoding: self) else {
            throw ModelFileError.invalidContent(reason: "a model file encodes to a JSON object")
        }
        fields["checksum"] = .string(try CanonicalJSON.hash(JSONValue.object(fields)))
        return try CanonicalJSON.encode(JSONValue.object(fields), pretty: true)
    }

    /// Writes the file atomically (``AtomicFile``).
    public func write(to path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }

    /// Reads and verifies a model file.
    public static func read(from path: String) throws -> ModelFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelFileError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(data)
    }

    /// Parses and verifies a model file's bytes: JSON, format version, checksum, then content.
    public static func decode(_ data: Data) throws -> ModelFile {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ModelFileError.notJSON(reason: "\(data.count) bytes do not parse as JSON")
        }
        guard case .object(var fields) = document else {
            throw ModelFileError.invalidContent(reason: "the top level is not a JSON object")
        }
        guard case .number(let version)? = fields["formatVersion"], version == version.rounded() else {
            throw ModelFileError.invalidContent(reason: "no integer formatVersion")
        }
        guard Int(version) == currentFormatVersion else {
            throw ModelFileError.unsupportedVersion(found: Int(version), supported: currentFormatVersion)
        }
        guard case .string(let stored)? = fields.removeValue(forKey: "checksum") else {
            throw ModelFileError.invalidContent(reason: "no checksum")
        }
        let computed = try CanonicalJSON.hash(JSONValue.object(fields))
        guard computed == stored else { throw ModelFileError.checksumMismatch(stored: stored, computed: computed) }
        do {
            return try JSONValue.object(fields).decode(as: ModelFile.self)
        } catch {
            throw ModelFileError.invalidContent(reason: "\(error)")
        }
    }
}
