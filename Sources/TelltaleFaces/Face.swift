import TelltaleImaging

/// A point in an image's pixels (column `x`, row `y`).
public struct FacePoint: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// One face found in an image: the detector's box, its confidence and the 68 landmarks.
///
/// The box is dlib's HOG detector's square, in the image's pixels; it may reach past the
/// image's edges. The landmarks follow the iBUG 300-W 68-point scheme used by dlib's
/// `shape_predictor_68_face_landmarks.dat` (Sagonas et al., 2013): 0–16 jaw, 17–26 brows,
/// 27–35 nose, 36–41 right eye, 42–47 left eye (the subject's), 48–67 mouth.
public struct Face: Sendable, Hashable, Codable {
    public var box: PixelRegion
    /// The detector's score (HOG + linear SVM margin; larger is surer, ≥ 0 at dlib's default threshold).
    public var confidence: Double
    public var landmarks: [FacePoint]

    public init(box: PixelRegion, confidence: Double, landmarks: [FacePoint]) {
        self.box = box
        self.confidence = confidence
        self.landmarks = landmarks
    }

    /// The iBUG index ranges of the 68-point scheme.
    public static let rightEye = 36...41, leftEye = 42...47, mouth = 48...67, jaw = 0...16

    /// The mean of the landmarks in `range`, in pixels (fractional).
    public func centre(of range: ClosedRange<Int>) -> (x: Double, y: Double) {
        let points = landmarks[range]
        let n = Double(points.count)
        return (points.reduce(0) { $0 + Double($1.x) } / n, points.reduce(0) { $0 + Double($1.y) } / n)
    }
}
