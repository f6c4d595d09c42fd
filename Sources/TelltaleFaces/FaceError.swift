/// Why faces could not be found.
public enum FaceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The landmark model file is not there.
    case modelMissing(path: String)
    /// The landmark model could not be read (dlib's reason).
    case modelUnreadable(path: String, reason: String)
    /// dlib failed on an image (its reason).
    case detectionFailed(reason: String)

    public var description: String {
        switch self {
        case .modelMissing(let path):
            return "\(path): the face landmark model is missing; install Debian's libdlib-data (scripts/setup.sh does) "
                + "or point \(FaceDetector.modelPathVariable) at a copy of shape_predictor_68_face_landmarks.dat"
        case .modelUnreadable(let path, let reason):
            return "\(path): the face landmark model cannot be read (\(reason))"
        case .detectionFailed(let reason):
            return "face detection failed (\(reason))"
        }
    }
}
