import Foundation
import TelltaleSupport

extension FeatureFile {
    /// The features as CSV (RFC 4180): header `path,label,group,<feature names…>`,
    /// then one record per row; label is `0`/`1` or empty, values use Swift's
    /// shortest round-tripping decimal form (`nan`, `inf` for non-finite values).
    public func csv() -> String {
        var text = CSV.record(["path", "label", "group"] + featureNames)
        for (i, row) in rows.enumerated() {
            var fields = [row.path, row.label.map { String($0.rawValue) } ?? "", row.group ?? ""]
            fields.reserveCapacity(3 + matrix.cols)
            for j in 0..<matrix.cols { fields.append(Self.format(matrix[i, j])) }
            text += CSV.record(fields)
        }
        return text
    }

    /// Writes ``csv()`` to `path` atomically.
    public func writeCSV(to path: String) throws {
        try AtomicFile.write(csv(), to: path)
    }

    static func format(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }
}
