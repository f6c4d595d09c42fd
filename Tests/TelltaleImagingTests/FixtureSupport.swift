import CTelltaleShim
import Foundation
import XCTest
@testable import TelltaleImaging

/// Helpers shared by the imaging tests.
enum Fixtures {
    static func url(_ name: String) -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            fatalError("missing fixture \(name)")
        }
        return url
    }

    static func bytes(_ name: String) -> [UInt8] {
        [UInt8](try! Data(contentsOf: url(name)))
    }

    /// A PNG written through libpng by the shim, from rows in PNG's own layout.
    static func png(rows: [UInt8], rowBytes: Int, width: Int, height: Int, bitDepth: Int, colourType: Int,
                    interlace: Bool = false, palette: [UInt8] = [], trns: [UInt8] = []) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var err = tt_error()
        let status = rows.withUnsafeBufferPointer { r in
            palette.withUnsafeBufferPointer { p in
                trns.withUnsafeBufferPointer { t in
                    tt_png_encode_raw(r.baseAddress, rowBytes, UInt32(width), UInt32(height), Int32(bitDepth),
                                      Int32(colourType), interlace ? 1 : 0, p.baseAddress, Int32(palette.count / 3),
                                      t.baseAddress, Int32(trns.count), &out, &size, &err)
                }
            }
        }
        defer { tt_free(out) }
        guard status == 0, let out else { throw DecodeError(path: "<test png>", reason: .corrupt("encode failed")) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }
}

/// The CRC-32 PNG uses (ISO 3309), to forge chunks with valid CRCs in tests.
func pngCRC(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
        crc ^= UInt32(b)
        for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
}

func bigEndian32(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
}
