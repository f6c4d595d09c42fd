import Foundation
import TelltaleSupport

/// Writes a feature file row by row: the matrix streams to disk through an
/// ``NPYStreamWriter`` while only the rows' small descriptions stay in memory,
/// so extracting features from any number of images needs memory for one
/// window of rows, not the matrix.
///
/// ``finish()`` puts the `.npy` into place and then writes the sidecar;
/// both are atomic replacements. Use from one thread.
public final class FeatureFileWriter {
    public let npyPath: String
    public let sidecarPath: String
    private let matrix: NPYStreamWriter
    private let toolVersion: String
    private let featureNames: [String]
    private let configuration: JSONValue
    private let configurationHash: String
    private let computation: [String: String]?
    private var rows: [FeatureRow] = []
    private var failures: [InputFailure] = []
    /// Recorded in the sidecar (see ``FeatureSidecar/memoryBudget``).
    public var memoryBudget: Int?
    /// Recorded in the sidecar (see ``FeatureSidecar/skipped``).
    public var skipped: FileWalk.Report?

    public init(
        path: String, toolVersion: String, featureNames: [String],
        configuration: JSONValue, configurationHash: String, computation: [String: String]? = nil
    ) throws {
        (npyPath, sidecarPath) = FeatureFile.paths(for: path)
        matrix = try NPYStreamWriter(path: npyPath, columns: featureNames.count)
        self.toolVersion = toolVersion
        self.featureNames = featureNames
        self.configuration = configuration
        self.configurationHash = configurationHash
        self.computation = computation
    }

    /// Rows written so far.
    public var rowCount: Int { rows.count }

    /// Appends one image's features (one value per feature name).
    public func append(_ row: FeatureRow, features: [Float]) throws {
        try matrix.append(row: features)
        rows.append(row)
    }

    /// Records an input that produced no features.
    public func recordFailure(_ failure: InputFailure) {
        failures.append(failure)
    }

    /// Completes both files and returns the sidecar written.
    @discardableResult
    public func finish() throws -> FeatureSidecar {
        try matrix.finish()
        var sidecar = FeatureSidecar(
            toolVersion: toolVersion, featureNames: featureNames, configuration: configuration,
            configurationHash: configurationHash, rows: rows, failures: failures, computation: computation)
        sidecar.memoryBudget = memoryBudget
        sidecar.skipped = skipped
        try FeatureFile.writeSidecar(sidecar, to: sidecarPath)
        return sidecar
    }

    /// Abandons the file; nothing at the target paths changes.
    public func cancel() {
        matrix.cancel()
    }
}
