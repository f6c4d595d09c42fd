import CTelltaleShim
import Foundation
import XCTest
@testable import TelltaleImaging

/// Test images in WebP and TIFF, made through the shim's encoders (libwebp's
/// simple API; libtiff writing into memory, in TIFFTestFiles.swift), and the byte
/// surgery the bad-input tests need.
enum WebPTIFF {
    struct EncodeFailure: Error { let message: String }

    /// A WebP of 8-bit interleaved RGB or RGBA pixels: lossy at `quality`, lossless when nil.
    static func webp(_ pixels: [UInt8], width: Int, height: Int, channels: Int, quality: Int?) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var err = tt_error()
        let status = pixels.withUnsafeBufferPointer {
            tt_webp_encode($0.baseAddress, UInt32(width), UInt32(height), Int32(channels), Int32(quality ?? -1),
                           &out, &size, &err)
        }
        defer { tt_free(out) }
        guard status == 0, let out else { throw EncodeFailure(message: ImageDecoder.message(err)) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    // MARK: WebP surgery

    static func le32Bytes(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    static func le24Bytes(_ v: Int) -> [UInt8] { (0..<3).map { UInt8((v >> (8 * $0)) & 0xFF) } }

    static func chunk(_ fourCC: String, _ payload: [UInt8]) -> [UInt8] {
        Array(fourCC.utf8) + le32Bytes(payload.count) + payload + (payload.count % 2 == 1 ? [0] : [])
    }

    static func riff(_ chunks: [UInt8]) -> [UInt8] {
        Array("RIFF".utf8) + le32Bytes(4 + chunks.count) + Array("WEBP".utf8) + chunks
    }

    /// An animated WebP (VP8X + ANIM + one ANMF per frame) from still lossless WebPs of one size.
    static func animatedWebP(frames: [[UInt8]], width: Int, height: Int) -> [UInt8] {
        var chunks = chunk("VP8X", [0x02, 0, 0, 0] + le24Bytes(width - 1) + le24Bytes(height - 1))  // animation flag
        chunks += chunk("ANIM", [0, 0, 0, 0, 0, 0])
        for frame in frames {
            let bitstream = Array(frame[12...])  // the frame's own VP8L chunk
            chunks += chunk("ANMF", le24Bytes(0) + le24Bytes(0) + le24Bytes(width - 1) + le24Bytes(height - 1)
                                + le24Bytes(100) + [0] + bitstream)
        }
        return riff(chunks)
    }

    /// A lossless WebP whose VP8L header claims `width`×`height` (≤ 16384), followed by
    /// a few bytes of nothing in particular.
    static func losslessHeader(width: Int, height: Int) -> [UInt8] {
        let bits = UInt32(width - 1) | UInt32(height - 1) << 14  // alpha 0, version 0
        return riff(chunk("VP8L", [0x2F] + le32Bytes(Int(bits)) + [UInt8](repeating: 0x55, count: 27)))
    }
}
