import CTelltaleShim

/// Encodes images through libjpeg-turbo and libpng (for perturbations,
/// augmentation, fixtures and report figures).
public enum ImageEncoder {
    /// Chroma subsampling for JPEG encoding.
    public enum Subsampling: String, Sendable, Codable {
        case s444 = "4:4:4"
        case s420 = "4:2:0"
    }

    /// A baseline JPEG at IJG `quality` (1–100), accurate integer DCT.
    public static func jpeg(_ image: Image, quality: Int, subsampling: Subsampling = .s420) throws(DecodeError) -> [UInt8] {
        precondition((1...100).contains(quality), "JPEG quality is 1…100")
        return try encode(label: "<jpeg encoder>") { out, size, err in
            image.pixels.withUnsafeBufferPointer { p in
                tt_jpeg_encode(p.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.channels),
                               Int32(quality), subsampling == .s420 ? 1 : 0, &out, &size, &err)
            }
        }
    }

    /// An 8-bit grey or RGB PNG.
    public static func png(_ image: Image) throws(DecodeError) -> [UInt8] {
        try encode(label: "<png encoder>") { out, size, err in
            image.pixels.withUnsafeBufferPointer { p in
                tt_png_encode(p.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.channels),
                              &out, &size, &err)
            }
        }
    }

    /// Runs a shim encoder and copies its malloc'd buffer into a Swift array.
    static func encode(label: String,
                       _ body: (inout UnsafeMutablePointer<UInt8>?, inout Int, inout tt_error) -> Int32) throws(DecodeError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var err = tt_error()
        let status = body(&out, &size, &err)
        defer { tt_free(out) }
        if status != 0 { throw ImageDecoder.error(status, err, path: label) }
        guard let out else { return [] }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }
}
