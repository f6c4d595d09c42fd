import TelltaleSupport

/// An identity for a training set: the SHA-256 of its rows' image hashes and
/// labels, so that a model file records exactly which labelled images it was
/// fitted on.
///
/// The rows are sorted (by hash, then label) and encoded one per line as
/// `<sha256>\t<label>\n` before hashing, so the fingerprint depends on the set
/// of (image, label) pairs, not on the order of the manifest.
public enum TrainingFingerprint {
    public static func compute(rows: [(sha256: String, label: Int)]) -> String {
        let sorted = rows.sorted { $0.sha256 != $1.sha256 ? $0.sha256 < $1.sha256 : $0.label < $1.label }
        var text = ""
        text.reserveCapacity(sorted.count * 68)
        for row in sorted { text += "\(row.sha256.lowercased())\t\(row.label)\n" }
        return Digest.sha256(text)
    }
}
