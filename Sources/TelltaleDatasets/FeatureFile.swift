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
    /// The feature configuration the rows were computed with (TelltaleFeatures' JSON).
    public var configuration: JSONValue { sidecar.configuration }
    /// ``CanonicalJSON/hash(_:)`` of ``configuration``.
    public var configurationHash: String { sidecar.configurationHash }

    /// True when `path` names a feature file: `X.npy`, `X.json` or `X` with both
    /// `X.npy` and `X.json` present (a folder or a `.csv` manifest never is).
    public static func isFeatureFile(_ path: String) -> Bool {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return false }
        if path.hasSuffix(".csv") { return false }  // a manifest
        let paths = paths(for: path)
        return fm.fileExists(atPath: paths.npy) && fm.fileExists(atPath: paths.sidecar)
    }

    /// Appends the rows and failures of `other` (read from `source`), which must have
    /// been computed with the same configuration and feature names.
    public mutating func append(_ other: FeatureFile, source: String) throws(FeatureFileError) {
        guard other.configurationHash == configurationHash, other.featureNames == featureNames else {
            throw .differentConfiguration(path: source)
        }
        do {
            try matrix.append(rowsOf: other.matrix)
        } catch {
            throw .differentConfiguration(path: source)  // unreachable: the names, so the widths, agree
        }
        sidecar.rows += other.rows
        sidecar.rowCount = sidecar.rows.count
        sidecar.failures += other.failures
    }

    /// The file restricted to the given rows, in that order; its failures are kept.
    public func selecting(rows indices: [Int]) -> FeatureFile {
        var part = self
        part.matrix = matrix.selecting(rows: indices)
        part.sidecar.rows = indices.map { sidecar.rows[$0] }
        part.sidecar.rowCount = indices.count
        return part
    }

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
    ///
    /// A file holding a NaN or an infinity is refused whole, naming the row and the
    /// feature: `extract` never writes such a row (an image whose features are not
    /// finite is a failure), so the file was made or changed by something else and none
    /// of its rows can be trusted more than the others.
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
        if let k = matrix.values.firstIndex(where: { !$0.isFinite }) {
            let row = k / matrix.cols
            throw .nonFiniteValue(npy: npy, row: row, rowPath: sidecar.rows[row].path,
                                  feature: sidecar.featureNames[k % matrix.cols], value: matrix.values[k])
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
