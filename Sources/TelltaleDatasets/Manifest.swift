import Foundation
import TelltaleSupport

/// A CSV manifest listing a dataset's images.
///
/// The first record is a header naming the columns (case-insensitive, any
/// order): `path` and `label` are required, `group` and `split` optional,
/// other columns ignored. `label` accepts `0`/`1`/`real`/`fake`; an empty
/// group or split is nil; a split is canonicalised by ``DatasetSplit`` when it
/// is one of the known spellings and kept as written otherwise. Relative paths
/// are resolved against the folder holding the manifest. Every listed path
/// must exist (a dangling link or a special file is kept: its row says why it cannot
/// be read), not be a folder, and be listed once. Quoting follows RFC 4180 (``CSV``).
public enum Manifest {
    /// Reads the manifest at `path`.
    public static func load(_ path: String) throws -> Dataset {
        let data: Data
        do {
            data = try FileReading.contents(of: path)
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError.badManifestHeader(manifest: path, reason: "not UTF-8 text")
        }
        let folder = (path as NSString).deletingLastPathComponent
        return Dataset(root: path, layout: .manifest, items: try parse(text, manifest: path, baseDirectory: folder))
    }

    /// Parses manifest text; `manifest` names it in errors and `baseDirectory`
    /// resolves relative paths (nil: keep them as written). Files are checked
    /// for existence only when `checkFiles` is true.
    public static func parse(
        _ text: String, manifest: String, baseDirectory: String?, checkFiles: Bool = true
    ) throws -> [LabelledImage] {
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text)
        } catch {
            throw DatasetError.badManifestRow(manifest: manifest, line: error.line, reason: error.reason)
        }
        guard let header = records.first else {
            throw DatasetError.badManifestHeader(manifest: manifest, reason: "empty manifest (expected a header path,label[,group][,split])")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let pathColumn = column("path"), let labelColumn = column("label") else {
            throw DatasetError.badManifestHeader(
                manifest: manifest,
                reason: "header must name the columns path and label (got \(header.fields.joined(separator: ",")))")
        }
        let groupColumn = column("group")
        let splitColumn = column("split")

        var items: [LabelledImage] = []
        var seen: [[UInt8]: Int] = [:]  // by bytes: canonically equivalent names are different files
        for record in records.dropFirst() {
            func fail(_ reason: String) -> DatasetError {
                .badManifestRow(manifest: manifest, line: record.line, reason: reason)
            }
            guard record.fields.count == names.count else {
                throw fail("expected \(names.count) fields, found \(record.fields.count)")
            }
            let written = record.fields[pathColumn]
            guard !written.isEmpty else { throw fail("empty path") }
            let labelText = record.fields[labelColumn]
            guard let label = Label(text: labelText) else {
                throw fail("label '\(labelText)' is not one of 0, 1, real, fake")
            }
            let path: String
            if written.hasPrefix("/") || baseDirectory == nil {
                path = written
            } else {
                path = baseDirectory!.isEmpty ? written : ImageFiles.join(baseDirectory!, written)
            }
            if let earlier = seen[Array(path.utf8)] { throw fail("\(written) is listed twice (first on line \(earlier))") }
            seen[Array(path.utf8)] = record.line
            if checkFiles {
                // Anything but a folder is a row: a dangling link or a FIFO is refused with its
                // reason when it is read, like the same entry in a folder layout.
                guard FileSystemPath.exists(path) else { throw fail("no such file: \(FileSystemPath.display(path))") }
                if FileSystemPath.isDirectory(path) { throw fail("a folder, not a file: \(FileSystemPath.display(path))") }
            }
            let group = groupColumn.map { record.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            let split = splitColumn.map { record.fields[$0] }.flatMap { $0.isEmpty ? nil : (DatasetSplit.canonical($0) ?? $0) }
            items.append(LabelledImage(path: path, label: label, group: group, split: split))
        }
        return items
    }
}
