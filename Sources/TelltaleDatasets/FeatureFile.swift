import Foundation
import TelltaleSupport

/// Extracted features: a float32 matrix (`<name>.npy`, one row per image,
/// readable by `numpy.load`) and its JSON sidecar (`<name>.json`, a
/// ``FeatureSidecar``: feature names, configuration and its hash, tool version,
/// per-row provenance and the failures).
public struct FeatureFile: Sendable, Hashable {
    public var sidecar: FeatureSidecar
    public var matrix: Matrix

    /// Pairs a matrix with its description; the row and column counts must agree.
    public init(sidecar: FeatureSidecar, matrix: Matrix) {
        precondition(matrix.rows == sidecar.rows.count && sidecar.rowCount == matrix.rows,
                     "FeatureFile: \(matrix.rows) matrix rows for \(sidecar.rows.count) row descriptions")
        precondition(matrix.cols == sidecar.featureNames.count,
                     "FeatureFile: \(matrix.cols) columns for \(sidecar.featureNames.count) feature names")
        self.sidecar = sidecar
        self.matrix = matrix
    }

    public var featureNames: [String] { sidecar.featureNames }
    public var rows: [FeatureRow] { sidecar.rows }
    public var failures: [InputFailure] { sidecar.failures }

    /// The matrix and sidecar paths for `path`, which may name either file or
    /// their common stem: `x`, `x.npy` and `x.json` all give (`x.npy`, `x.json`).
    public static func paths(for path: String) -> (npy: String, sidecar: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        let stem = (ext == "npy" || ext == "json") ? (path as NSString).deletingPathExtension : path
        return (stem + ".npy", stem + ".json")
    }

    /// Writes the matrix and then the sidecar, each atomically.
    public func write(to path: String) throws {
        let (npy, json) = Self.paths(for: path)
        try NPY.write(matrix, to: npy)
        try Self.writeSidecar(sidecar, to: json)
    }

    /// Reads and cross-checks a feature file.
    public static func read(from path: String) throws(FeatureFileError) -> FeatureFile {
        let (npy, json) = paths(for: path)
        guard FileManager.default.fileExists(atPath: npy) else { throw .missingMatrix(npy) }
        let sidecar = try readSidecar(from: json)
        let matrix: Matrix
        do {
            matrix = try NPY.read(from: npy)
        } catch {
            throw .matrix(error)
        }
        guard matrix.rows == sidecar.rowCount, matrix.rows == sidecar.rows.count else {
            throw .rowCountMismatch(npy: npy, npyRows: matrix.rows, sidecarRows: sidecar.rows.count)
        }
        guard matrix.cols == sidecar.featureNames.count else {
            throw .columnCountMismatch(npy: npy, npyColumns: matrix.cols, featureNames: sidecar.featureNames.count)
        }
        return FeatureFile(sidecar: sidecar, matrix: matrix)
    }

    /// Reads only the sidecar (names, configuration, provenance), e.g. to check a configuration hash.
    public static func readSidecar(from path: String) throws(FeatureFileError) -> FeatureSidecar {
        let json = paths(for: path).sidecar
        guard FileManager.default.fileExists(atPath: json) else { throw .missingSidecar(json) }
        let sidecar: FeatureSidecar
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: json))
            sidecar = try JSONDecoder().decode(FeatureSidecar.self, from: data)
        } catch let error as DecodingError {
            throw .badSidecar(path: json, reason: Self.describe(error))
        } catch {
            throw .io(path: json, reason: error.localizedDescription)
        }
        guard sidecar.formatVersion == FeatureSidecar.currentFormatVersion else {
            throw .unsupportedFormatVersion(path: json, version: sidecar.formatVersion)
        }
        guard sidecar.rowCount == sidecar.rows.count else {
            throw .badSidecar(path: json, reason: "row_count \(sidecar.rowCount) but \(sidecar.rows.count) rows listed")
        }
        return sidecar
    }

    static func writeSidecar(_ sidecar: FeatureSidecar, to path: String) throws {
        try AtomicFile.write(CanonicalJSON.encode(sidecar), to: path)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): return "not valid JSON (\(context.debugDescription))"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'" + at(context)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.debugDescription + at(context)
        @unknown default: return String(describing: error)
        }
    }

    private static func at(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "" : " at " + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
