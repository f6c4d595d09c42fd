import Foundation
import TelltaleSupport

extension FeatureFile {
    /// The features as CSV (RFC 4180): header `path,label,group,<feature names…>`,
    /// then one record per row; label is `0`/`1` or empty, values use Swift's
    /// shortest round-tripping decimal form (`nan`, `inf` for non-finite values). Tile rows
    /// (rows carrying a ``TileBox``) add `image,tile,x,y,width,height` after `group`.
    public func csv() -> String {
        let tiles = rows.contains { $0.tile != nil }
        var text = CSV.record(["path", "label", "group"] + (tiles ? ["image", "tile", "x", "y", "width", "height"] : [])
                              + featureNames)
        for (i, row) in rows.enumerated() {
            var fields = [row.path, row.label.map { String($0.rawValue) } ?? "", row.group ?? ""]
            if tiles {
                let t = row.tile
                fields += [row.image.map(String.init) ?? "", t.map { String($0.index) } ?? "", t.map { String($0.x) } ?? "",
                           t.map { String($0.y) } ?? "", t.map { String($0.width) } ?? "", t.map { String($0.height) } ?? ""]
            }
            fields.reserveCapacity(fields.count + matrix.cols)
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
