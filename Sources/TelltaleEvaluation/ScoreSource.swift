/// Where the scores of an evaluation came from when no Telltale model computed them:
/// another detector's per-image score file (`telltale evaluate --scores FILE`), and what
/// joining it with the labelled images found. Recorded in the report so that its numbers
/// can be traced to the file's bytes.
public struct ScoreSource: Codable, Sendable, Hashable {
    /// The score file, as given.
    public var file: String
    /// `csv` or `jsonl`.
    public var format: String
    /// SHA-256 of the file's bytes.
    public var sha256: String
    /// Records in the file (the CSV header not counted).
    public var rows: Int
    /// Where the labels (and groups) came from: `file` (its label and group columns) or
    /// `datasets` (the datasets or manifests given with it; the file's own label and group
    /// columns, where filled in, had to agree).
    public var labels: String
    /// The datasets the file was joined with (empty when the labels came from the file).
    public var datasets: [String]
    /// Rows whose detector could not score the image (an `error` column): failures.
    public var failedRows: Int
    /// Images of the datasets with no row in the file: failures.
    public var unscoredImages: Int
    /// Rows for paths that are not images of the datasets: not used, counted here.
    public var unmatchedRows: Int

    public init(file: String, format: String, sha256: String, rows: Int, labels: String, datasets: [String],
                failedRows: Int, unscoredImages: Int, unmatchedRows: Int) {
        self.file = file
        self.format = format
        self.sha256 = sha256
        self.rows = rows
        self.labels = labels
        self.datasets = datasets
        self.failedRows = failedRows
        self.unscoredImages = unscoredImages
        self.unmatchedRows = unmatchedRows
    }
}
