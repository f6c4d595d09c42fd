/// The containers Telltale decodes, told apart by their magic bytes, never by
/// the file's extension.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case png
    case jpeg
    case webp
    case tiff

    /// The format whose signature starts `bytes`, or nil.
    ///
    /// PNG: the 8-byte signature `89 50 4E 47 0D 0A 1A 0A`. JPEG: SOI `FF D8`
    /// followed by the start of a marker `FF`. WebP: `RIFF`, a 4-byte size, `WEBP`
    /// (12 bytes are needed). TIFF: `II*\0` or `MM\0*`, and BigTIFF `II+\0` or `MM\0+`.
    public static func sniff<C: Collection>(_ bytes: C) -> ImageFormat? where C.Element == UInt8 {
        let head = Array(bytes.prefix(12))
        if head.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head.count >= 12, head[0..<4] == [0x52, 0x49, 0x46, 0x46], head[8..<12] == [0x57, 0x45, 0x42, 0x50] { return .webp }
        if head.count >= 4, head[0..<4] == [0x49, 0x49, 0x2A, 0x00] || head[0..<4] == [0x4D, 0x4D, 0x00, 0x2A]
            || head[0..<4] == [0x49, 0x49, 0x2B, 0x00] || head[0..<4] == [0x4D, 0x4D, 0x00, 0x2B] { return .tiff }
        return nil
    }
}
