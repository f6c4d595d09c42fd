import Foundation
import TelltaleDatasets
import TelltaleSupport

/// Another detector's per-image scores (CNNDetection, UnivFD, NPR, any Python script),
/// or Telltale's own (`score`, `predict`, `evaluate`'s `scores.csv`), read for
/// `telltale evaluate --scores FILE`.
///
/// Two formats, told apart by the first character that is not white space (`{`: JSON Lines):
///
/// - **CSV** (RFC 4180, as ``CSV`` reads it; a header naming the columns, any order, any
///   case): `path` and `score` required; `label` (`0`/`1`/`real`/`fake`) and `group`
///   optional; `error` (a non-empty error means the detector could not score the image);
///   other columns (`sha256`, `decision`…) ignored. `predict`'s failure rows (empty score,
///   `decision` `error: REASON`) are failures too.
/// - **JSON Lines**: one object per line with the same keys; `score` a number (or null
///   with an `error`), `label` 0, 1 or a string as above, `group` and `error` strings or null.
///
/// A score is any finite number (a probability, a logit, a log-likelihood ratio: the
/// ranking metrics do not care; the threshold must be on the same scale). Higher means
/// more likely generated. Every refusal is a ``ScoreFileError`` naming the file and line.
public struct ScoreFile: Sendable {
    /// The decision threshold when none is given: an external detector has no model file
    /// to hold one, and 0.5 is what probability-scoring detectors' papers report accuracy at.
    public static let defaultThreshold = 0.5

    public enum Format: String, Sendable {
        case csv
        case jsonl
    }

    /// One record of the file.
    public struct Row: Sendable, Hashable {
        /// Line of the file where the record starts (1-based; the CSV header is line 1).
        public var line: Int
        /// The path as written.
        public var path: String
        /// nil when the detector could not score the image (``error`` says why).
        public var score: Double?
        public var label: Label?
        public var group: String?
        /// Why the detector could not score the image.
        public var error: String?
    }

    /// The file, as given.
    public var path: String
    public var format: Format
    /// SHA-256 of the file's bytes.
    public var sha256: String
    public var rows: [Row]
    /// Whether the file can carry labels: a CSV `label` column, or a `label` key on some JSON line.
    public var hasLabelColumn: Bool

    /// Reads and checks the file at `path`.
    public static func read(_ path: String) throws -> ScoreFile {
        let data: Data
        do {
            data = try FileReading.contents(of: path)
        } catch {
            throw ScoreFileError(path, reason: .unreadable(error.reason))
        }
        return try parse(data, path: path)
    }

    /// Parses the bytes of a score file; `path` names it in errors.
    public static func parse(_ data: Data, path: String) throws -> ScoreFile {
        guard let text = String(data: data, encoding: .utf8) else { throw ScoreFileError(path, reason: .notText) }
        let first = text.unicodeScalars.first { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{FEFF}" }
        guard let first else { throw ScoreFileError(path, reason: .empty) }
        let format: Format = first == "{" ? .jsonl : .csv
        var parsed = format == .csv ? try parseCSV(text, path: path) : try parseJSONLines(text, path: path)
        guard !parsed.rows.isEmpty else { throw ScoreFileError(path, reason: .empty) }
        var seen: [[UInt8]: Int] = [:]  // by bytes, as the walks compare paths
        for row in parsed.rows {
            let key = Array(ImageFiles.lexicallyNormalised(row.path).utf8)
            if let earlier = seen[key] { throw ScoreFileError(path, line: row.line, reason: .duplicatePath(row.path, firstLine: earlier)) }
            seen[key] = row.line
        }
        parsed.file.sha256 = Digest.sha256(data)
        parsed.file.rows = parsed.rows
        return parsed.file
    }

    /// One row's fields, checked: shared by both formats.
    private static func row(line: Int, path: String, score: String?, label: String?, group: String?, error: String?,
                            file: String) throws -> Row {
        func fail(_ reason: ScoreFileError.Reason) -> ScoreFileError { ScoreFileError(file, line: line, reason: reason) }
        guard !path.isEmpty else { throw fail(.emptyPath) }
        let scoreText = score?.trimmingCharacters(in: .whitespaces) ?? ""
        let error = error.flatMap { $0.isEmpty ? nil : $0 }
        var value: Double?
        if let error {
            guard scoreText.isEmpty else { throw fail(.scoreAndError(error)) }
        } else {
            guard !scoreText.isEmpty else { throw fail(.missingScore) }
            guard let number = Double(scoreText) else { throw fail(.notANumber(scoreText)) }
            guard number.isFinite else { throw fail(.notFinite(scoreText)) }
            value = number
        }
        var parsedLabel: Label?
        if let label, !label.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let l = Label(text: label) else { throw fail(.badLabel(label)) }
            parsedLabel = l
        }
        return Row(line: line, path: path, score: value, label: parsedLabel,
                   group: group.flatMap { $0.isEmpty ? nil : $0 }, error: error)
    }

    private static func parseCSV(_ text: String, path: String) throws -> (file: ScoreFile, rows: [Row]) {
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text)
        } catch {
            throw ScoreFileError(path, line: error.line, reason: .malformed(error.reason))
        }
        guard let header = records.first else { throw ScoreFileError(path, reason: .empty) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (i, name) in names.enumerated() where names[..<i].contains(name) && !name.isEmpty {
            throw ScoreFileError(path, line: header.line, reason: .repeatedColumn(name))
        }
        let missing = ["path", "score"].filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw ScoreFileError(path, line: header.line, reason: .missingColumns(missing, found: header.fields))
        }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        let (pathColumn, scoreColumn) = (column("path")!, column("score")!)
        let (labelColumn, groupColumn, errorColumn, decisionColumn) = (column("label"), column("group"), column("error"), column("decision"))
        var rows: [Row] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw ScoreFileError(path, line: record.line, reason: .fieldCount(expected: names.count, found: record.fields.count))
            }
            let f = record.fields
            var error = errorColumn.map { f[$0] }
            // `telltale predict` writes a failure as an empty score and `error: REASON` as its decision.
            if error?.isEmpty ?? true, f[scoreColumn].isEmpty, let d = decisionColumn.map({ f[$0] }), d.hasPrefix("error: ") {
                error = String(d.dropFirst("error: ".count))
            }
            rows.append(try row(line: record.line, path: f[pathColumn], score: f[scoreColumn], label: labelColumn.map { f[$0] },
                                group: groupColumn.map { f[$0] }, error: error, file: path))
        }
        let file = ScoreFile(path: path, format: .csv, sha256: "", rows: [], hasLabelColumn: labelColumn != nil)
        return (file, rows)
    }

    private static func parseJSONLines(_ text: String, path: String) throws -> (file: ScoreFile, rows: [Row]) {
        var rows: [Row] = []
        var hasLabel = false
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            if trimmed.isEmpty { continue }
            func fail(_ reason: ScoreFileError.Reason) -> ScoreFileError { ScoreFileError(path, line: number, reason: reason) }
            let object = try jsonObject(trimmed, fail: fail)
            func string(_ key: String) throws -> String? {
                switch object[key] {
                case nil, .null?: return nil
                case .string(let s)?: return s
                default: throw fail(.wrongType(key: key, expected: "a string or null"))
                }
            }
            guard let p = try string("path") else { throw fail(.missingColumns(["path"], found: object.keys.sorted())) }
            let score: String?
            switch object["score"] {
            case nil, .null?: score = nil
            case .number(let n)?: score = n.isFinite ? "\(n)" : (n.isNaN ? "NaN" : n > 0 ? "Infinity" : "-Infinity")
            case .string(let s)?: throw fail(.notANumber(s))
            default: throw fail(.wrongType(key: "score", expected: "a number"))
            }
            let label: String?
            switch object["label"] {
            case nil, .null?: label = nil
            case .number(let n)?: label = n == 0 || n == 1 ? String(Int(n)) : "\(n)"
            case .string(let s)?: label = s
            case .bool(let b)?: throw fail(.badLabel(String(b)))
            default: throw fail(.badLabel("a JSON array or object"))
            }
            hasLabel = hasLabel || object["label"] != nil
            rows.append(try row(line: number, path: p, score: score, label: label, group: try string("group"),
                                error: try string("error"), file: path))
        }
        return (ScoreFile(path: path, format: .jsonl, sha256: "", rows: [], hasLabelColumn: hasLabel), rows)
    }

    /// A line's object. Python's `json.dumps` writes a NaN or infinite score as the bare
    /// tokens `NaN` and `Infinity`, which JSON does not allow: such a line is read leniently
    /// (JSON5) so that the refusal can say what is wrong with the score.
    private static func jsonObject(_ line: String, fail: (ScoreFileError.Reason) -> ScoreFileError) throws -> [String: JSONValue] {
        let data = Data(line.utf8)
        if let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) { return object }
        if (try? JSONDecoder().decode(JSONValue.self, from: data)) != nil { throw fail(.malformed("not a JSON object")) }
        let lenient = JSONDecoder()
        lenient.allowsJSON5 = true
        if let object = try? lenient.decode([String: JSONValue].self, from: data), case .number(let n)? = object["score"], !n.isFinite {
            throw fail(.notFinite(n.isNaN ? "NaN" : n > 0 ? "Infinity" : "-Infinity"))
        }
        throw fail(.malformed("not valid JSON"))
    }
}

/// Why a score file was refused: the file, the line (when one is to blame) and the reason.
public struct ScoreFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// The file cannot be read (the operating system's reason), or is not a text file of lines.
        case unreadable(String)
        case notText
        /// No header, or no record.
        case empty
        /// Required columns (CSV) or keys (JSON) missing, and those found.
        case missingColumns([String], found: [String])
        case repeatedColumn(String)
        /// Not CSV (RFC 4180) or not a JSON object.
        case malformed(String)
        case fieldCount(expected: Int, found: Int)
        case emptyPath
        case wrongType(key: String, expected: String)
        /// Neither a score nor an error.
        case missingScore
        case notANumber(String)
        case notFinite(String)
        /// A score and an error on one row.
        case scoreAndError(String)
        case badLabel(String)
        case duplicatePath(String, firstLine: Int)
        /// No label on a row (labels come from the file when no dataset is given).
        case noLabel
        /// The file has no label column and no dataset was given.
        case noLabels
        /// The file's label or group differs from the dataset's.
        case conflict(field: String, file: String, dataset: String)
        /// Two rows name the same image of the datasets.
        case sameImage(String, firstLine: Int)
        /// No row names an image of the datasets.
        case nothingMatched(example: String, datasetExample: String)
    }

    public var path: String
    public var line: Int?
    public var reason: Reason

    public init(_ path: String, line: Int? = nil, reason: Reason) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let place = FileSystemPath.display(path) + (line.map { ":\($0)" } ?? "")
        return "\(place): \(text)"
    }

    private var text: String {
        func show(_ p: String) -> String { FileSystemPath.display(p) }
        switch reason {
        case .unreadable(let why): return "cannot read the score file: \(why)"
        case .notText: return "not a score file: not UTF-8 text"
        case .empty: return "no scores (a CSV header path,score[,label][,group] and rows, or JSON Lines)"
        case .missingColumns(let names, let found):
            return "missing \(names.count == 1 ? "column" : "columns") \(names.joined(separator: ", ")) "
                + "(found: \(found.isEmpty ? "none" : found.joined(separator: ",")); a score file needs path and score)"
        case .repeatedColumn(let name): return "column \(name) is named twice"
        case .malformed(let why): return "malformed: \(why)"
        case .fieldCount(let expected, let found): return "expected \(expected) fields, found \(found)"
        case .emptyPath: return "empty path"
        case .wrongType(let key, let expected): return "\(key) must be \(expected)"
        case .missingScore: return "no score (and no error saying why)"
        case .notANumber(let s): return "score '\(s)' is not a number"
        case .notFinite(let s): return "score '\(s)' is not a finite number"
        case .scoreAndError(let error): return "a score and an error ('\(error)') on one row"
        case .badLabel(let s): return "label '\(s)' is not one of 0, 1, real, fake"
        case .duplicatePath(let p, let first): return "\(show(p)) is listed twice (first on line \(first))"
        case .noLabel:
            return "no label: give every row a label, or give the datasets or manifests the paths belong to"
        case .noLabels:
            return "has no label column: give the datasets or manifests the paths belong to (evaluate --scores FILE DATASET...), or add a label column"
        case .conflict(let field, let file, let dataset): return "\(field) '\(file)' differs from the dataset's '\(dataset)'"
        case .sameImage(let p, let first): return "names the same image as line \(first) (\(show(p)))"
        case .nothingMatched(let example, let datasetExample):
            return "no row names an image of the datasets (a row: \(show(example)); an image: \(show(datasetExample))); "
                + "paths are compared with relative paths taken from the current folder and folders resolved (symbolic links, ..)"
        }
    }
}
