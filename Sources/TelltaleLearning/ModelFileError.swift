/// Why a model file could not be used.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read at all (missing, permissions).
    case unreadable(path: String, reason: String)
    /// The bytes are not a JSON document: corrupt or truncated.
    case notJSON(reason: String)
    /// The JSON is well formed but lacks or mistypes a field.
    case invalidContent(reason: String)
    /// Written by a format this build does not read.
    case unsupportedVersion(found: Int, supported: Int)
    /// The content was edited after it was written.
    case checksumMismatch(stored: String, computed: String)
    /// The model was trained on features computed with another configuration.
    case featureConfigurationMismatch(model: String, current: String)
    /// The model was trained on other feature columns (names or order).
    case featureNamesMismatch(model: Int, current: Int, firstDifference: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read model file \(path): \(reason)"
        case let .notJSON(reason): return "model file is not valid JSON (corrupt or truncated): \(reason)"
        case let .invalidContent(reason): return "model file content is invalid: \(reason)"
        case let .unsupportedVersion(found, supported):
            return "model file format version \(found) is not supported (this build reads version \(supported))"
        case let .checksumMismatch(stored, computed):
            return "model file checksum mismatch (stored \(stored.prefix(12))…, content hashes to \(computed.prefix(12))…): the file was edited or damaged"
        case let .featureConfigurationMismatch(model, current):
            return "the model was trained with feature configuration \(model.prefix(12))…, the features given use \(current.prefix(12))…"
        case let .featureNamesMismatch(model, current, index):
            return "the model expects \(model) named features, got \(current); first difference at column \(index)"
        }
    }
}
