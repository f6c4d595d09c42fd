import CTelltaleFaces
import Foundation
import TelltaleImaging
import TelltaleSupport

/// dlib's frontal-face detector (HOG features and a linear SVM over an image pyramid;
/// Dalal & Triggs 2005, trained by King 2015 on iBUG 300-W) followed by its 68-point
/// shape predictor (an ensemble of regression trees; Kazemi & Sullivan, CVPR 2014), through
/// the C++ shim `CTelltaleFaces`, which catches every exception.
///
/// Detection runs on the image's luminance — a copy shrunk by an integer factor when its
/// longer side exceeds ``Parameters/detectionSide`` (block means), for speed — and the
/// landmarks are fitted on the full-resolution luminance (inside the same mid-grey border)
/// in the box mapped back. The landmark model (100 MB) is read once per process, by the first
/// ``init(modelPath:)``. Safe to call from several threads (each call copies the detector,
/// which keeps nothing from one image to the next).
public struct FaceDetector: Sendable {
    /// The environment variable that overrides ``defaultModelPath``.
    public static let modelPathVariable = "TELLTALE_FACE_LANDMARKS"
    /// Where Debian's `libdlib-data` installs the 68-point model.
    public static let defaultModelPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"

    /// How the detector looks; recorded in a face configuration (its hash), because other
    /// values find other faces.
    public struct Parameters: Sendable, Hashable, Codable {
        /// Images whose longer side exceeds this are shrunk by `⌈longer / detectionSide⌉` for
        /// detection (0: never).
        public var detectionSide: Int
        /// A mid-grey border added on every side before detection, as a fraction of the
        /// (shrunk) image's longer side (0–1): the detector needs context around a face, which
        /// tightly cropped face images lack.
        public var padding: Double
        /// Doublings before detection (0–2): finds faces under dlib's 80-pixel minimum at 4×
        /// the cost per doubling.
        public var upsample: Int
        /// Added to the SVM's threshold: lower finds more (and more false) faces.
        public var threshold: Double

        /// The defaults, in one place: detection on at most 1,024 pixels, a border of 25 %,
        /// no upsampling, dlib's threshold lowered by 0.4. Measured on the bundled FFHQ reals
        /// (512² crops of aligned faces): faces found in 17 of 50 without the border, 46 with
        /// it, 49 with it and the lower threshold; on 224² DFDC face crops 125 → 143 of 150
        /// (README, Faces).
        public init(detectionSide: Int = 1024, padding: Double = 0.25, upsample: Int = 0, threshold: Double = -0.4) {
            self.detectionSide = detectionSide
            self.padding = padding
            self.upsample = upsample
            self.threshold = threshold
        }
    }

    /// The landmark model file in use.
    public let modelPath: String
    /// SHA-256 of that file (lower-case hex): with dlib's version, what besides the
    /// configuration decides the faces found (recorded in feature files' `computation`).
    public let modelSHA256: String

    /// dlib's version, as the shim was compiled.
    public static let dlibVersion = String(cString: tt_faces_dlib_version())

    /// Digests of the model files read so far (reading 100 MB once per process, not per detector).
    nonisolated(unsafe) private static var digests: [String: String] = [:]
    private static let digestLock = NSLock()

    /// The model path from ``modelPathVariable`` or ``defaultModelPath``.
    public static var configuredModelPath: String {
        ProcessInfo.processInfo.environment[modelPathVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultModelPath
    }

    /// Loads the landmark model at `modelPath` (once per process; the shim refuses a second, different model).
    public init(modelPath: String = FaceDetector.configuredModelPath) throws(FaceError) {
        guard FileManager.default.fileExists(atPath: modelPath) else { throw .modelMissing(path: modelPath) }
        var message = [CChar](repeating: 0, count: 512)
        let status = tt_faces_load_landmarks(modelPath, &message, message.count)
        guard status == Int32(TT_FACES_OK) else {
            throw .modelUnreadable(path: modelPath, reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.modelPath = modelPath
        Self.digestLock.lock()
        defer { Self.digestLock.unlock() }
        if let known = Self.digests[modelPath] {
            modelSHA256 = known
        } else {
            do {
                modelSHA256 = try Digest.sha256(fileAt: modelPath)
            } catch {
                throw .modelUnreadable(path: modelPath, reason: "\(error)")
            }
            Self.digests[modelPath] = modelSHA256
        }
    }

    /// The most faces one image reports (the most confident first).
    public static let maxFaces = 64

    /// Faces in `image`, most confident first, each with its 68 landmarks.
    public func faces(in image: Image, parameters: Parameters = Parameters()) throws(FaceError) -> [Face] {
        let grey = Self.grey(image)
        var boxes = [tt_face_box](repeating: tt_face_box(), count: Self.maxFaces)
        var count: Int32 = 0
        var message = [CChar](repeating: 0, count: 512)
        let status = grey.withUnsafeBufferPointer { g in
            tt_faces_detect(g.baseAddress, image.width, image.height, image.width, parameters.detectionSide,
                            parameters.padding, Int32(parameters.upsample), parameters.threshold, &boxes, Int32(boxes.count), &count,
                            &message, message.count)
        }
        guard status == Int32(TT_FACES_OK) else { throw .detectionFailed(reason: Self.text(message)) }
        // Every box's landmarks in one call: the bordered image is made once.
        let found = Array(boxes.prefix(Int(count)))
        var xy = [Int](repeating: 0, count: 136 * found.count)
        let fitted = grey.withUnsafeBufferPointer { g in
            tt_faces_landmarks(g.baseAddress, image.width, image.height, image.width, parameters.padding, found,
                               Int32(found.count), &xy, &message, message.count)
        }
        guard fitted == Int32(TT_FACES_OK) else { throw .detectionFailed(reason: Self.text(message)) }
        return found.enumerated().map { b, box in
            Face(box: PixelRegion(x: box.left, y: box.top, width: box.right - box.left + 1, height: box.bottom - box.top + 1),
                 confidence: box.confidence,
                 landmarks: (0..<68).map { FacePoint(x: xy[136 * b + 2 * $0], y: xy[136 * b + 2 * $0 + 1]) })
        }
    }

    /// 8-bit luminance, BT.601 (`(299 R + 587 G + 114 B + 500) / 1000`), as dlib's own RGB→grey would use.
    static func grey(_ image: Image) -> [UInt8] {
        guard image.channels == 3 else { return image.pixels }
        var out = [UInt8](repeating: 0, count: image.width * image.height)
        image.pixels.withUnsafeBufferPointer { p in
            for i in out.indices {
                let r = Int(p[3 * i]), g = Int(p[3 * i + 1]), b = Int(p[3 * i + 2])
                out[i] = UInt8((299 * r + 587 * g + 114 * b + 500) / 1000)
            }
        }
        return out
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
