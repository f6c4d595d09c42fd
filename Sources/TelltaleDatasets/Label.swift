import Foundation

/// The class of an image. The raw values are fixed — real is always 0 and
/// fake (generated) always 1 — and never derived from the order of folder
/// names, so a model's positive class means "generated" in every dataset.
public enum Label: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case real = 0
    case fake = 1

    /// Parses a label as written in a manifest: `0`/`1` or `real`/`fake`
    /// (case-insensitive, surrounding whitespace ignored). Nil for anything else.
    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "0", "real": self = .real
        case "1", "fake": self = .fake
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .real: "real"
        case .fake: "fake"
        }
    }
}
