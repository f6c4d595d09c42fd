/// Why a feature configuration or an image was refused.
public enum FeatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A family name the registry does not know; `valid` lists those it does.
    case unknownFamily(name: String, valid: [String])
    /// A family named twice in one configuration.
    case duplicateFamily(name: String)
    /// The configuration selects no family.
    case noFamilies
    /// A parameter outside its domain (`family` is "preprocessing" for the crop settings).
    case invalidParameter(family: String, parameter: String, value: String, reason: String)
    /// A configuration written by another version of the feature definitions.
    case unsupportedVersion(found: Int, supported: Int)
    /// The image is smaller than `required` pixels in either direction and the policy says skip
    /// (or it is below ``FeatureConfiguration/minimumSide`` under any policy).
    case imageTooSmall(width: Int, height: Int, required: Int)
    /// A tiled configuration's image gives fewer tiles than ``Tiling/minTiles``.
    case tooFewTiles(width: Int, height: Int, tiles: Int, minimum: Int)
    /// A face-crop configuration's image shows no face large enough to judge, and
    /// ``FaceCrop/noFace`` says fail.
    case noFaceFound
    /// The face detector could not run (its model is missing or unreadable, or dlib failed).
    case faceDetection(String)

    public var description: String {
        switch self {
        case let .unknownFamily(name, valid):
            return "unknown feature family '\(name)'; valid names: \(valid.joined(separator: ", "))"
        case let .duplicateFamily(name):
            return "feature family '\(name)' is selected twice"
        case .noFamilies:
            return "no feature family selected; valid names: \(FeatureRegistry.names.joined(separator: ", "))"
        case let .invalidParameter(family, parameter, value, reason):
            return "invalid \(family) parameter \(parameter) = \(value): \(reason)"
        case let .unsupportedVersion(found, supported):
            return "feature configuration version \(found) is not supported (this build: \(supported)); "
                + "extract the features again (and retrain models made from them) with this version"
        case let .imageTooSmall(width, height, required):
            return "image \(width)×\(height) is smaller than the \(required)×\(required) crop"
        case let .tooFewTiles(width, height, tiles, minimum):
            return "image \(width)×\(height) gives \(tiles) tile\(tiles == 1 ? "" : "s"), fewer than the minimum \(minimum)"
        case .noFaceFound:
            return "no face found"
        case let .faceDetection(reason):
            return reason
        }
    }
}
