import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleSupport

extension ScoreFile {
    /// The labelled scores of the file alone: labels and groups from its own columns, rows
    /// in file order, paths as written. Rows with an error are failures; a row without a
    /// label is refused (``ScoreFileError/Reason/noLabel``), and so is a file without a
    /// label column (``ScoreFileError/Reason/noLabels``).
    public func labelledScores(threshold: Double, reporter: any PipelineReporter) throws -> LabelledScoreSet {
        guard hasLabelColumn else { throw ScoreFileError(path, reason: .noLabels) }
        var items: [ScoredItem] = [], failures: [InputFailure] = []
        for row in rows {
            if let error = row.error {
                failures.append(InputFailure(path: row.path, reason: error))
                reporter.failure(row.path, reason: error)
                continue
            }
            guard let label = row.label, let score = row.score else { throw ScoreFileError(path, line: row.line, reason: .noLabel) }
            items.append(ScoredItem(path: row.path, label: label.rawValue, group: row.group, score: score))
        }
        let source = ScoreSource(file: path, format: format.rawValue, sha256: sha256, rows: rows.count, labels: "file",
                                 datasets: [], failedRows: failures.count, unscoredImages: 0, unmatchedRows: 0)
        return LabelledScoreSet(items: items, failures: failures, threshold: threshold, source: source)
    }

    /// The labelled scores of `images` (the datasets' images, in order), each joined with
    /// the row naming it. Labels and groups are the datasets'; a label or group the file
    /// also gives must agree (a group the dataset lacks is taken from the file).
    ///
    /// A row names an image when both paths lead to the same name in the same folder:
    /// relative paths are taken from the current folder, paths are normalised lexically
    /// (``ImageFiles/lexicallyNormalised(_:)``, as the walks do), and the folder part is
    /// resolved on disk (`realpath`: symbolic links, `..`) — so `datasets/x/a.png`, `./datasets/x/a.png`,
    /// a manifest's `split/../datasets/x/a.png` and the absolute path are one image, while a
    /// link to a file stays a name of its own, as in the walks.
    ///
    /// - An image with no row, or whose row has an error, is a failure (listed, never dropped).
    /// - Rows for paths that are not images of the datasets are not used; they are counted
    ///   (``ScoreSource/unmatchedRows``, and a note), since a detector's file often covers more
    ///   images than the test set. If no row at all names an image, the file is refused
    ///   (``ScoreFileError/Reason/nothingMatched(example:datasetExample:)``: the paths are
    ///   written from another folder).
    public func labelledScores(joining images: [LabelledImage], datasets: [String], threshold: Double,
                               reporter: any PipelineReporter) throws -> LabelledScoreSet {
        var resolver = ImagePathResolver()
        var rowOfKey: [[UInt8]: Int] = [:]
        for (r, row) in rows.enumerated() {
            let key = resolver.key(row.path)
            if let earlier = rowOfKey[key] {
                throw ScoreFileError(path, line: row.line, reason: .sameImage(row.path, firstLine: rows[earlier].line))
            }
            rowOfKey[key] = r
        }
        var used = [Bool](repeating: false, count: rows.count)
        var items: [ScoredItem] = [], failures: [InputFailure] = []
        var failedRows = 0, unscored = 0
        for image in images {
            guard let label = image.label else {
                failures.append(InputFailure(path: image.path, reason: "no label"))
                reporter.failure(image.path, reason: "no label")
                continue
            }
            guard let r = rowOfKey[resolver.key(image.path)] else {
                unscored += 1
                let reason = "no score in \(FileSystemPath.display(path))"
                failures.append(InputFailure(path: image.path, reason: reason))
                reporter.failure(image.path, reason: reason)
                continue
            }
            used[r] = true
            let row = rows[r]
            if let fileLabel = row.label, fileLabel != label {
                throw ScoreFileError(path, line: row.line, reason: .conflict(field: "label", file: fileLabel.description, dataset: label.description))
            }
            if let fileGroup = row.group, let group = image.group, fileGroup != group {
                throw ScoreFileError(path, line: row.line, reason: .conflict(field: "group", file: fileGroup, dataset: group))
            }
            if let error = row.error {
                failedRows += 1
                failures.append(InputFailure(path: image.path, reason: error))
                reporter.failure(image.path, reason: error)
                continue
            }
            items.append(ScoredItem(path: image.path, label: label.rawValue, group: image.group ?? row.group, score: row.score!))
        }
        let unmatched = used.lazy.filter { !$0 }.count
        if unmatched == rows.count, let example = rows.first, let image = images.first {
            throw ScoreFileError(path, reason: .nothingMatched(example: example.path, datasetExample: image.path))
        }
        if unmatched > 0 {
            let first = rows[used.firstIndex(of: false)!].path
            reporter.note("\(FileSystemPath.display(path)): \(unmatched) of \(rows.count) rows are for paths that are not images of the datasets; not used (first: \(FileSystemPath.display(first)))")
        }
        let source = ScoreSource(file: path, format: format.rawValue, sha256: sha256, rows: rows.count, labels: "datasets",
                                 datasets: datasets, failedRows: failedRows, unscoredImages: unscored, unmatchedRows: unmatched)
        return LabelledScoreSet(items: items, failures: failures, threshold: threshold, source: source)
    }

    /// The scores of the score file at `path`: joined with `images` when datasets are given,
    /// labelled by the file otherwise. What joining found is reported through `reporter`.
    public static func labelledScores(_ path: String, images: [LabelledImage]?, datasets: [String], threshold: Double,
                                      reporter: any PipelineReporter) throws -> LabelledScoreSet {
        let file = try ScoreFile.read(path)
        if let images { return try file.labelledScores(joining: images, datasets: datasets, threshold: threshold, reporter: reporter) }
        return try file.labelledScores(threshold: threshold, reporter: reporter)
    }
}

/// The key under which a score file's row and a dataset's image are the same image (see
/// ``ScoreFile/labelledScores(joining:datasets:threshold:reporter:)``): the absolute,
/// lexically normalised path with its folder resolved by `realpath` when the folder exists.
struct ImagePathResolver {
    private var folders: [String: String] = [:]
    private let currentFolder: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return FileSystemPath.string(fromBytes: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
    }()

    mutating func key(_ path: String) -> [UInt8] {
        let absolute = ImageFiles.lexicallyNormalised(path.hasPrefix("/") ? path : currentFolder + "/" + path)
        guard let slash = absolute.lastIndex(of: "/") else { return Array(absolute.utf8) }
        let folder = slash == absolute.startIndex ? "/" : String(absolute[..<slash])
        let name = absolute[absolute.index(after: slash)...]
        let resolved: String
        if let known = folders[folder] {
            resolved = known
        } else {
            resolved = Self.resolve(folder) ?? folder
            folders[folder] = resolved
        }
        return Array(((resolved == "/" ? "" : resolved) + "/" + name).utf8)
    }

    private static func resolve(_ folder: String) -> String? {
        guard let resolved = realpath(fileSystemPath(folder), nil) else { return nil }
        defer { free(resolved) }
        return FileSystemPath.string(fromBytes: UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }
}
