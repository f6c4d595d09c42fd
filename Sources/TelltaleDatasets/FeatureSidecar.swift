import TelltaleSupport

/// The JSON file beside a feature matrix (`<name>.json` next to `<name>.npy`):
/// everything needed to interpret, reproduce and audit the matrix.
public struct FeatureSidecar: Sendable, Hashable, Codable {
    /// The sidecar format this code writes.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// The version of Telltale that extracted the features.
    public var toolVersion: String
    /// One name per column of the matrix.
    public var featureNames: [String]
    /// The feature configuration (from TelltaleFeatures) as JSON.
    public var configuration: JSONValue
    /// ``CanonicalJSON/hash(_:)`` of the configuration, to refuse mixing features of different configurations.
    public var configurationHash: String
    /// The number of rows in the matrix; equals `rows.count`.
    public var rowCount: Int
    /// One entry per matrix row, in the same order.
    public var rows: [FeatureRow]
    /// Inputs that produced no row.
    public var failures: [InputFailure]
    /// How the numbers were computed where the configuration does not decide it (e.g. the
    /// FFTW plan and the build), for comparing files made on different machines; absent in
    /// files from before Telltale 0.2.0.
    public var computation: [String: String]?
    /// The memory budget per image (bytes) the images were decoded with: an image over it
    /// is a failure, so it decides which rows exist. Absent in files from before it existed.
    public var memoryBudget: Int?
    /// What the walk of the datasets left out (files that are not images, hidden entries,
    /// unreadable folders); absent when nothing was.
    public var skipped: FileWalk.Report?

    public init(
        toolVersion: String, featureNames: [String], configuration: JSONValue, configurationHash: String,
        rows: [FeatureRow], failures: [InputFailure], computation: [String: String]? = nil,
        formatVersion: Int = currentFormatVersion
    ) {
        self.formatVersion = formatVersion
        self.toolVersion = toolVersion
        self.featureNames = featureNames
        self.configuration = configuration
        self.configurationHash = configurationHash
        self.rowCount = rows.count
        self.rows = rows
        self.failures = failures
        self.computation = computation
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case toolVersion = "tool_version"
        case featureNames = "feature_names"
        case configuration
        case configurationHash = "configuration_hash"
        case rowCount = "row_count"
        case rows
        case failures
        case computation
        case memoryBudget = "memory_budget"
        case skipped
    }
}
