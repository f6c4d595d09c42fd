// libFuzzer entry point over the Swift decode path (ImageDecoder), built by
// scripts/fuzz/swift_libfuzzer.sh with swiftc -sanitize=fuzzer,address in a
// package generated under .build-fuzz (nothing is added to Package.swift).
import TelltaleImaging

@_cdecl("LLVMFuzzerTestOneInput")
public func decodeFuzzer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard (try? ImageDecoder.facts(of: bytes, path: "fuzz")) != nil else { return 0 }
    _ = try? ImageDecoder.decode(bytes, path: "fuzz", options: DecodeOptions(crop: .centreSquare(side: 256)))
    _ = try? ImageDecoder.decode(bytes, path: "fuzz")
    return 0
}
