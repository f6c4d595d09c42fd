import Foundation
import TelltaleDatasets
import TelltaleFeatures
import TelltaleLearning
import TelltaleSupport

extension BenchSpec {
    /// Reads, resolves and validates a spec file. Relative dataset paths are taken
    /// from the spec file's folder; every error names the file and the field.
    public static func load(from path: String) throws -> BenchSpec {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PipelineError.file(path, reason: "cannot read the spec (\(error.localizedDescription))")
        }
        var spec: BenchSpec
        do {
            spec = try JSONDecoder().decode(BenchSpec.self, from: data)
        } catch let error as StrictKeys.UnknownKey {
            throw PipelineError.file(path, reason: "\(error)")
        } catch let error as DecodingError {
            throw PipelineError.file(path, reason: "\(Self.describe(error))")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        spec.resolve(relativeTo: url.deletingLastPathComponent().path,
                     defaultName: url.deletingPathExtension().lastPathComponent)
        try spec.validate(source: path)
        return spec
    }

    /// Makes the dataset paths absolute and fills in the name.
    public mutating func resolve(relativeTo folder: String, defaultName: String) {
        func absolute(_ p: String) -> String {
            let url = p.hasPrefix("/") ? URL(fileURLWithPath: p) : URL(fileURLWithPath: folder).appendingPathComponent(p)
            return url.standardizedFileURL.path
        }
        train = train.map(absolute)
        test = test.map(absolute)
        if name.isEmpty { name = defaultName }
    }

    /// Throws a ``PipelineError`` naming `source` and the first invalid field.
    public func validate(source: String) throws {
        func fail(_ message: String) -> PipelineError { PipelineError.file(source, reason: "\(message)") }
        if train.isEmpty { throw fail("train needs at least one dataset") }
        if test.isEmpty { throw fail("test needs at least one dataset") }
        for (key, paths) in [("train", train), ("test", test)] {
            for (i, p) in paths.enumerated() where !FileManager.default.fileExists(atPath: p) {
                throw fail("\(key)[\(i)]: dataset \(p) does not exist")
            }
            for (i, p) in paths.enumerated() where FeatureFile.isFeatureFile(p) {
                throw fail("\(key)[\(i)]: \(p) is a feature file; bench needs images (a layout folder or a manifest) to record their SHA-256")
            }
        }
        if name.isEmpty || name.contains("/") { throw fail("name must be non-empty and contain no '/'") }
        do {
            _ = try features.faceCrop()
            _ = try features.tilingValue()  // its own refusals, before a configuration without the tiling is checked
            try features.configuration().validate()
            if try features.faceCrop() != nil && `protocol`.neutralised != nil {
                throw fail("features.crop: the neutralised protocol crops every image to its centre; "
                    + "the face crop takes the raw protocol only")
            }
            if let n = `protocol`.neutralised, try features.faceCrop() == nil {
                let tiled = try features.tilingValue() != nil
                if tiled && n.side == nil {
                    throw fail("protocol.neutralised.side: a grid tiling is laid on the neutralised square, so give its side "
                        + "(larger than features.size \(features.size), e.g. \(2 * features.size) for 4 tiles)")
                }
                if !tiled && n.side != nil && n.side != features.size {
                    throw fail("protocol.neutralised.side applies to a grid tiling: the centre crop neutralises its own "
                        + "features.size square")
                }
                do {
                    try features.configuration(neutralisation: n).validate()
                } catch {
                    throw fail("protocol.neutralised.side: \(error)")
                }
            }
        } catch let error as PipelineError {
            throw error
        } catch {
            throw fail("features: \(error)")
        }
        do {
            try model.settings(seed: seed).validate()
        } catch let error as PipelineError {
            throw fail("model.\(error.description)")
        }
        if `protocol`.runs.isEmpty { throw fail("protocol: set raw to true or give neutralised (or both)") }
        if let q = `protocol`.neutralised?.quality, !(1...100).contains(q) {
            throw fail("protocol.neutralised.quality must be a JPEG quality 1…100")
        }
        if bootstrap < 0 { throw fail("bootstrap must be 0 or positive") }
        if workers < 1 { throw fail("workers must be at least 1") }
    }

    /// A decoding error as `field: reason`.
    public static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let path = StrictKeys.path(context.codingPath + [key])
            return "missing required key '\(path)'" + (path == "train" || path == "test" ? " (a list of datasets)" : "")
        case .typeMismatch(let type, let context):
            return "\(StrictKeys.path(context.codingPath)): expected \(Self.typeName(type)) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "\(StrictKeys.path(context.codingPath)): expected \(Self.typeName(type)), found null"
        case .dataCorrupted(let context):
            let path = StrictKeys.path(context.codingPath)
            let reason = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
            let choices = context.codingPath.last.flatMap { Self.choices[$0.stringValue] }
            return (path.isEmpty ? "not valid JSON" : path) + ": " + reason
                + (choices.map { " (one of: \($0.joined(separator: ", ")))" } ?? "")
        @unknown default:
            return "\(error)"
        }
    }

    /// The values of the spec's enumerated fields, for error messages.
    private static let choices: [String: [String]] = [
        "kind": TrainingSettings.ModelKind.allCases.map(\.rawValue),
        "classWeight": ClassWeighting.allCases.map(\.rawValue),
        "colour": ColourMode.allCases.map(\.rawValue),
        "smallImages": SmallImagePolicy.allCases.map(\.rawValue),
    ]

    private static func typeName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return name
    }
}
