/// Names of split folders (`train/`, `val/`, `test/` and their common spellings).
public enum DatasetSplit {
    /// The canonical split (`train`, `val` or `test`) a folder name denotes, or nil.
    ///
    /// Accepted spellings (case-insensitive): train, training; val, valid,
    /// validation; test, testing.
    public static func canonical(_ folderName: String) -> String? {
        switch folderName.lowercased() {
        case "train", "training": "train"
        case "val", "valid", "validation": "val"
        case "test", "testing": "test"
        default: nil
        }
    }
}
