import Foundation

/// Files committed in the repository (the bundled sample), found from this source file's path.
public enum RepositoryFiles {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The files of a folder under the root (`datasets/sample/stylegan2-ffhq/real`), sorted by name.
    public static func files(in folder: String) throws -> [String] {
        let dir = root.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { dir.appendingPathComponent($0).path }
    }
}
