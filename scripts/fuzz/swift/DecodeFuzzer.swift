// libFuzzer entry point over the Swift decode path (ImageDecoder), built by
// scripts/fuzz/swift_libfuzzer.sh with swiftc -sanitize=fuzzer,address in a
// package generated under .build-fuzz (nothing is added to Package.swift).
#if canImport(Glibc)
import Glibc
#endif
import TelltaleImaging

/// TT_FUZZ_FINDINGS=warn: skip (and count) PNGs with a chunk before IDAT that claims more
/// than the default budget — libpng allocates that length in tt_png_facts (an open
/// finding), and a 2 GiB allocation would stop the run on the RSS limit.
private let skipKnownChunkLiars = getenv("TT_FUZZ_FINDINGS").map { String(cString: $0) == "warn" } ?? false
private nonisolated(unsafe) var skipped = 0

private func pngChunkOverBudget(_ b: [UInt8]) -> Bool {
    guard b.count >= 8, b[0] == 0x89, b[1] == 0x50 else { return false }
    var i = 8
    while i + 8 <= b.count {
        let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
        if length > 0x7FFF_FFFF { return false }  // libpng refuses it before allocating
        if length > DecodeOptions.defaultMemoryBudget { return true }
        if b[i + 4] == 0x49, b[i + 5] == 0x44, b[i + 6] == 0x41, b[i + 7] == 0x54 { return false }  // IDAT
        i += 12 + length
    }
    return false
}

@_cdecl("LLVMFuzzerTestOneInput")
public func decodeFuzzer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if skipKnownChunkLiars && pngChunkOverBudget(bytes) {
        skipped += 1
        if skipped == 1 || skipped % 1000 == 0 {
            print("decode-fuzzer: \(skipped) PNG(s) with a chunk longer than the budget skipped (TT_FUZZ_FINDINGS=warn)")
        }
        return 0
    }
    guard (try? ImageDecoder.facts(of: bytes, path: "fuzz")) != nil else { return 0 }
    _ = try? ImageDecoder.decode(bytes, path: "fuzz", options: DecodeOptions(crop: .centreSquare(side: 256)))
    _ = try? ImageDecoder.decode(bytes, path: "fuzz")
    return 0
}
