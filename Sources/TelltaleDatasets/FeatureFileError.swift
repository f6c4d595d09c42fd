import TelltaleSupport

/// Why a feature file (matrix + sidecar) could not be read or written.
public enum FeatureFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingMatrix(String)
    case missingSidecar(String)
    case badSidecar(path: String, reason: String)
    case unsupportedFormatVersion(path: String, version: Int)
    /// The matrix's row count differs from the sidecar's.
    case rowCountMismatch(npy: String, npyRows: Int, sidecarRows: Int)
    /// The matrix's column count differs from the number of feature names.
    case columnCountMismatch(npy: String, npyColumns: Int, featureNames: Int)
    /// A value that is NaN or infinite: row `row` (0-based), whose image is `rowPath`.
    case nonFiniteValue(npy: String, row: Int, rowPath: String, feature: String, value: Float)
    /// A file appended to another was computed with another feature configuration.
    case differentConfiguration(path: String)
    case matrix(NPYError)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingMatrix(let path): "Feature matrix not found: \(path)"
        case .missingSidecar(let path): "Feature sidecar not found: \(path) (a feature file is a .npy matrix plus a .json sidecar of the same name)"
        case .badSidecar(let path, let reason): "Malformed feature sidecar \(path): \(reason)"
        case .unsupportedFormatVersion(let path, let version):
            "\(path): feature file format version \(version) is not supported (this build reads version \(FeatureSidecar.currentFormatVersion))"
        case .rowCountMismatch(let npy, let npyRows, let sidecarRows):
            "\(npy) has \(npyRows) rows but its sidecar describes \(sidecarRows); the two files do not belong together"
        case .columnCountMismatch(let npy, let npyColumns, let names):
            "\(npy) has \(npyColumns) columns but its sidecar names \(names) features"
        case .nonFiniteValue(let npy, let row, let rowPath, let feature, let value):
            "\(npy): row \(row + 1) (\(FileSystemPath.display(rowPath))) has feature \(feature) = \(value), not a finite number; telltale extract never writes such rows — extract the features again"
        case .differentConfiguration(let path):
            "\(path): its feature configuration differs from the first feature file's"
        case .matrix(let error): error.description
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
