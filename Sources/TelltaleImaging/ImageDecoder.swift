import CTelltaleShim
import Foundation
import TelltaleSupport

/// Decodes PNG and JPEG images, chosen by their magic bytes.
///
/// All calls into libpng and libjpeg-turbo go through the C shim
/// (`CTelltaleShim`), which keeps their longjmp-based error handling inside C.
/// Every failure is a ``DecodeError`` naming the file and the reason; the
/// decoder never traps on bad input.
public enum ImageDecoder {
    /// Reads a whole regular file into memory, with a typed error on failure.
    ///
    /// Only regular files are read: a FIFO (which would block for ever), a device
    /// such as `/dev/zero` (which never ends), a socket or a directory is refused
    /// with ``DecodeError/Reason/notRegularFile(_:)`` without being opened for
    /// reading, symbolic links being followed first. A file larger than `budget`
    /// bytes is refused before its bytes are read
    /// (``DecodeError/Reason/overBudget(needed:budget:what:)``). The file's size
    /// is taken once (`fstat` on the opened descriptor) and exactly that many bytes
    /// are read; a file that shrinks meanwhile is an error. `path` is a ``FileSystemPath``
    /// string: its bytes (``fileSystemPath(_:)``) name the file, UTF-8 or not.
    public static func readFile(_ path: String, budget: Int = DecodeOptions.defaultMemoryBudget) throws(DecodeError) -> [UInt8] {
        func unreadable(_ error: SystemError) -> DecodeError {
            DecodeError(path: path, reason: .unreadable(error.code == ENOENT ? "no such file" : error.description))
        }
        let status: FileSystemPath.Status
        switch FileSystemPath.status(path) {
        case .success(let s): status = s
        case .failure(let error):
            if case .success(let link) = FileSystemPath.status(path, followingLinks: false), link.isSymbolicLink {
                throw DecodeError(path: path, reason: .unreadable(error.code == ELOOP ? "symbolic link loop" : "dangling symbolic link"))
            }
            throw unreadable(error)
        }
        if let kind = status.nonRegularKind { throw DecodeError(path: path, reason: .notRegularFile(kind)) }
        // O_NONBLOCK: should the path be swapped for a FIFO after the stat, open does not block.
        let fd = open(fileSystemPath(path), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw unreadable(SystemError(errno)) }
        defer { close(fd) }
        let opened: FileSystemPath.Status
        switch FileSystemPath.status(descriptor: fd) {
        case .success(let s): opened = s
        case .failure(let error): throw unreadable(error)
        }
        if let kind = opened.nonRegularKind { throw DecodeError(path: path, reason: .notRegularFile(kind)) }
        let size = Int(opened.size)
        if size > budget {
            throw DecodeError(path: path, reason: .overBudget(needed: size, budget: budget, what: "reading the \(ByteCount.format(size)) file"))
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n > 0 { done += n } else if n == 0 { break } else if errno != EINTR { failure = errno; break }
            }
        }
        if failure != 0 { throw unreadable(SystemError(failure)) }
        if done < size {
            throw DecodeError(path: path, reason: .unreadable("the file shrank from \(size) to \(done) bytes while it was read"))
        }
        return bytes
    }

    /// Facts about the image in `bytes`, from its header only.
    public static func facts(of bytes: [UInt8], path: String = "<memory>") throws(DecodeError) -> ImageFacts {
        let format = try sniff(bytes, path: path)
        var raw = tt_facts()
        var err = tt_error()
        let status = bytes.withUnsafeBufferPointer { p in
            switch format {
            case .png: return tt_png_facts(p.baseAddress, p.count, &raw, &err)
            case .jpeg: return tt_jpeg_facts(p.baseAddress, p.count, &raw, &err)
            case .webp: return tt_webp_facts(p.baseAddress, p.count, &raw, &err)
            case .tiff: return tt_tiff_facts(p.baseAddress, p.count, &raw, &err)
            }
        }
        if status != 0 { throw error(status, err, path: path) }
        return makeFacts(raw, format: format, fileSize: bytes.count)
    }

    /// Facts about the image file at `path`, from its header only.
    public static func facts(ofFile path: String, budget: Int = DecodeOptions.defaultMemoryBudget) throws(DecodeError) -> ImageFacts {
        try facts(of: readFile(path, budget: budget), path: path)
    }

    /// Decodes the image in `bytes` (or the part `options.crop` asks for).
    public static func decode(_ bytes: [UInt8], path: String = "<memory>",
                              options: DecodeOptions = DecodeOptions()) throws(DecodeError) -> Image {
        let info = try facts(of: bytes, path: path)
        if info.format == .jpeg && (info.colourType == "cmyk" || info.colourType == "ycck") {
            throw DecodeError(path: path, reason: .unsupported("CMYK/YCCK JPEG (convert it to RGB first)"))
        }
        guard info.width > 0, info.height > 0 else {
            throw DecodeError(path: path, reason: .corrupt("zero width or height"))
        }
        // The cap applies to what the header claims, before anything is allocated.
        guard info.width.multipliedReportingOverflow(by: info.height).partialValue <= options.maxPixels,
              info.width <= Int(Int32.max), info.height <= Int(Int32.max) else {
            throw DecodeError(path: path, reason: .tooLarge(width: info.width, height: info.height, limit: options.maxPixels))
        }
        let region: PixelRegion
        switch options.crop {
        case .none: region = PixelRegion(x: 0, y: 0, width: info.width, height: info.height)
        case .centreSquare(let side):
            guard side > 0 else { throw DecodeError(path: path, reason: .badRegion("crop side must be positive")) }
            region = .centreSquare(side: side, inWidth: info.width, height: info.height)
        case .region(let r):
            guard r.x >= 0, r.y >= 0, r.width > 0, r.height > 0,
                  r.x + r.width <= info.width, r.y + r.height <= info.height else {
                throw DecodeError(path: path, reason: .badRegion(
                    "\(r.width)×\(r.height)+\(r.x)+\(r.y) is not inside the \(info.width)×\(info.height) image"))
            }
            region = r
        }
        let channels = info.channels
        // The budget covers the file's bytes, the decoded pixels and the decoder's own
        // working memory; the first two are known here, the shim estimates the third.
        let outputBytes = region.width * region.height * channels
        let known = bytes.count + outputBytes + Int((Double(outputBytes) * max(0, options.workingCopies)).rounded(.up))
        let decoderBudget = UInt64(max(0, options.memoryBudget - known))
        // Preflight (no output buffer): the shim checks what the header claims against
        // the file's size, and its own working memory against the rest of the budget,
        // before the pixels are allocated.
        var err = tt_error()
        var status = bytes.withUnsafeBufferPointer { p in
            decodeCall(info.format, p, region, options, decoderBudget, nil, &err)
        }
        if known > options.memoryBudget && (status == 0 || status == Int32(TT_E_BUDGET)) {
            throw DecodeError(path: path, reason: .overBudget(
                needed: known + Int(clamping: err.needed), budget: options.memoryBudget,
                what: "the file and its decoded \(region.width)×\(region.height) pixels"
                    + (options.workingCopies > 0 ? " (with \(Self.copies(options.workingCopies)) working copies)" : "")))
        }
        if status == 0 {
            var pixels = [UInt8](repeating: 0, count: outputBytes)
            status = bytes.withUnsafeBufferPointer { p in
                pixels.withUnsafeMutableBufferPointer { out in
                    decodeCall(info.format, p, region, options, decoderBudget, out.baseAddress, &err)
                }
            }
            if status == 0 { return Image(width: region.width, height: region.height, channels: channels, pixels: pixels) }
        }
        if status == Int32(TT_E_BUDGET) {
            throw DecodeError(path: path, reason: .overBudget(
                needed: known + Int(clamping: err.needed), budget: options.memoryBudget, what: message(err)))
        }
        throw error(status, err, path: path)
    }

    /// `2`, `0.25`: a number of copies for a message.
    static func copies(_ n: Double) -> String {
        n == n.rounded() ? String(Int(n)) : String(n)
    }

    /// One call of the format's shim decoder (`out == nil`: preflight only).
    private static func decodeCall(_ format: ImageFormat, _ p: UnsafeBufferPointer<UInt8>, _ region: PixelRegion,
                                   _ options: DecodeOptions, _ budget: UInt64, _ out: UnsafeMutablePointer<UInt8>?,
                                   _ err: inout tt_error) -> Int32 {
        switch format {
        case .png:
            return tt_png_decode(p.baseAddress, p.count, UInt32(region.x), UInt32(region.y),
                                 UInt32(region.width), UInt32(region.height), options.shimFlags, budget, out, &err)
        case .jpeg:
            return tt_jpeg_decode(p.baseAddress, p.count, UInt32(region.x), UInt32(region.y),
                                  UInt32(region.width), UInt32(region.height),
                                  options.shimFlags, budget, out, &err)
        case .webp:
            return tt_webp_decode(p.baseAddress, p.count, UInt32(region.x), UInt32(region.y),
                                  UInt32(region.width), UInt32(region.height), budget, out, &err)
        case .tiff:
            return tt_tiff_decode(p.baseAddress, p.count, UInt32(region.x), UInt32(region.y),
                                  UInt32(region.width), UInt32(region.height), budget, out, &err)
        }
    }

    /// Decodes the image file at `path`.
    public static func decode(file path: String, options: DecodeOptions = DecodeOptions()) throws(DecodeError) -> Image {
        try decode(readFile(path, budget: options.memoryBudget), path: path, options: options)
    }

    // MARK: - Helpers

    private static func sniff(_ bytes: [UInt8], path: String) throws(DecodeError) -> ImageFormat {
        if bytes.isEmpty { throw DecodeError(path: path, reason: .empty) }
        guard let format = ImageFormat.sniff(bytes) else { throw DecodeError(path: path, reason: .unknownFormat) }
        return format
    }

    static func message(_ err: tt_error) -> String {
        withUnsafeBytes(of: err.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func error(_ status: Int32, _ err: tt_error, path: String) -> DecodeError {
        let text = message(err)
        switch status {
        case Int32(TT_E_TRUNCATED): return DecodeError(path: path, reason: .truncated(text))
        case Int32(TT_E_UNSUPPORTED): return DecodeError(path: path, reason: .unsupported(text))
        case Int32(TT_E_NOMEM): return DecodeError(path: path, reason: .outOfMemory)
        case Int32(TT_E_ARGUMENT): return DecodeError(path: path, reason: .badRegion(text))
        default: return DecodeError(path: path, reason: .corrupt(text))
        }
    }

    private static func makeFacts(_ raw: tt_facts, format: ImageFormat, fileSize: Int) -> ImageFacts {
        var facts = ImageFacts(
            format: format, width: Int(raw.width), height: Int(raw.height),
            channels: Int(raw.out_channels), storedChannels: Int(raw.stored_channels),
            bitDepth: Int(raw.bit_depth), colourType: "", interlaced: false, progressive: false,
            arithmetic: raw.arithmetic != 0, hasTransparency: raw.has_transparency != 0,
            chromaSubsampling: nil, luminanceTable: nil, chrominanceTable: nil,
            estimatedQuality: nil, qualityIsExact: nil, fileSize: fileSize)
        switch format {
        case .png:
            facts.interlaced = raw.interlaced_or_progressive != 0
            facts.colourType = [0: "grey", 2: "rgb", 3: "palette", 4: "grey+alpha", 6: "rgba"][Int(raw.color_type)] ?? "unknown"
        case .jpeg:
            facts.progressive = raw.interlaced_or_progressive != 0
            // libjpeg's J_COLOR_SPACE: 1 grey, 2 RGB, 3 YCbCr, 4 CMYK, 5 YCCK.
            facts.colourType = [1: "grey", 2: "rgb", 3: "ycbcr", 4: "cmyk", 5: "ycck"][Int(raw.color_type)] ?? "unknown"
            let h = withUnsafeBytes(of: raw.h_samp) { Array($0.bindMemory(to: Int32.self)) }
            let v = withUnsafeBytes(of: raw.v_samp) { Array($0.bindMemory(to: Int32.self)) }
            if raw.stored_channels == 3 {
                facts.chromaSubsampling = subsampling(h: h.map(Int.init), v: v.map(Int.init))
            }
            if raw.has_luma_table != 0 {
                let table = withUnsafeBytes(of: raw.luma_table) { $0.bindMemory(to: UInt16.self).map(Int.init) }
                facts.luminanceTable = table
                let estimate = JPEGQuality.estimate(luminanceTable: table)
                facts.estimatedQuality = estimate.quality
                facts.qualityIsExact = estimate.exact
            }
            if raw.has_chroma_table != 0 {
                facts.chrominanceTable = withUnsafeBytes(of: raw.chroma_table) { $0.bindMemory(to: UInt16.self).map(Int.init) }
            }
        case .webp:
            let lossy = raw.compression == 1
            let alpha = raw.has_alpha != 0
            facts.colourType = (lossy ? "ycbcr" : "rgb") + (alpha ? (lossy ? "+alpha" : "a") : "")
            facts.compression = [1: "lossy", 2: "lossless"][Int(raw.compression)] ?? "mixed"
            facts.chromaSubsampling = lossy ? "4:2:0" : nil  // VP8 stores chroma at half resolution both ways
            facts.alpha = alpha
            facts.animated = raw.animated != 0
            facts.frames = Int(raw.frames)
        case .tiff:
            facts = tiffFacts(raw, facts)
        }
        return facts
    }

    /// The TIFF fields of ``ImageFacts``, named from the tags' codes.
    private static func tiffFacts(_ raw: tt_facts, _ base: ImageFacts) -> ImageFacts {
        var facts = base
        let photometric = Int(raw.photometric)
        let alpha = raw.has_alpha != 0
        switch photometric {
        case 0, 1: facts.colourType = alpha ? "grey+alpha" : "grey"
        case 2: facts.colourType = alpha ? "rgba" : "rgb"
        case 3: facts.colourType = "palette"
        case 5: facts.colourType = raw.stored_channels - (alpha ? 1 : 0) == 4 ? "cmyk" : "separated"
        case 6: facts.colourType = "ycbcr"
        case 8, 9, 10: facts.colourType = "lab"
        default: facts.colourType = tiffPhotometric[photometric] ?? "unknown"
        }
        facts.photometric = tiffPhotometric[photometric] ?? "photometric \(photometric)"
        facts.compression = tiffCompression[Int(raw.compression)] ?? "compression \(raw.compression)"
        facts.planar = raw.planar == 2 ? "separate" : "contiguous"
        facts.sampleFormat = [1: "uint", 2: "int", 3: "float", 4: "void", 5: "complex-int", 6: "complex-float"][Int(raw.sample_format)]
            ?? "sample format \(raw.sample_format)"
        facts.alpha = alpha
        facts.tiled = raw.tiled != 0
        facts.blockSize = "\(raw.block_width)×\(raw.block_height)"
        facts.pages = Int(raw.pages)
        facts.bigTIFF = raw.bigtiff != 0
        if photometric == 6 {
            facts.chromaSubsampling = subsampling(h: [Int(raw.h_samp.0), 1, 1], v: [Int(raw.v_samp.0), 1, 1])
        }
        return facts
    }

    static let tiffPhotometric: [Int: String] = [
        0: "min-is-white", 1: "min-is-black", 2: "rgb", 3: "palette", 4: "mask", 5: "separated", 6: "ycbcr",
        8: "cielab", 9: "icclab", 10: "itulab", 32803: "cfa", 32844: "logl", 32845: "logluv", 34892: "linear-raw",
    ]

    static let tiffCompression: [Int: String] = [
        1: "none", 2: "ccitt-rle", 3: "ccitt-g3", 4: "ccitt-g4", 5: "lzw", 6: "ojpeg", 7: "jpeg", 8: "deflate",
        9: "jbig-t85", 10: "jbig-t43", 32766: "next", 32771: "ccitt-rlew", 32773: "packbits", 32809: "thunderscan",
        32909: "pixarlog", 32946: "deflate", 34661: "jbig", 34676: "sgilog", 34677: "sgilog24", 34712: "jpeg2000",
        34887: "lerc", 34925: "lzma", 50000: "zstd", 50001: "webp", 50002: "jpeg-xl",
    ]

    /// J:a:b notation from the luma and first chroma component's sampling factors.
    static func subsampling(h: [Int], v: [Int]) -> String {
        guard h[1] > 0, v[1] > 0, h[0] % h[1] == 0, v[0] % v[1] == 0 else {
            return h.prefix(3).map(String.init).joined(separator: ",") + " × " + v.prefix(3).map(String.init).joined(separator: ",")
        }
        switch (h[0] / h[1], v[0] / v[1]) {
        case (1, 1): return "4:4:4"
        case (2, 1): return "4:2:2"
        case (2, 2): return "4:2:0"
        case (1, 2): return "4:4:0"
        case (4, 1): return "4:1:1"
        case (4, 2): return "4:1:0"
        case let (a, b): return "\(a)x\(b)"
        }
    }
}
