/// The on-disk conventions Telltale recognises for labelled image sets.
///
/// Each class-folder layout is a pair of folder names, one for camera
/// photographs (label 0) and one for generated images (label 1):
///
/// | layout | real | fake | benchmark |
/// |---|---|---|---|
/// | ``realFake`` | `real/` | `fake/` | common ad-hoc layout |
/// | ``forenSynths`` | `0_real/` | `1_fake/` | ForenSynths / CNNDetection (Wang et al., CVPR 2020): `<set>/<generator>/{0_real,1_fake}` |
/// | ``genImage`` | `nature/` | `ai/` | GenImage (Zhu et al., NeurIPS 2023): `<generator>/{train,val}/{nature,ai}` |
/// | ``cifake`` | `REAL/` | `FAKE/` | CIFAKE (Bird & Lotfi, IEEE Access 2024): `{train,test}/{REAL,FAKE}` |
///
/// ``manifest`` is a CSV file listing `path,label[,group][,split]`.
public enum DatasetLayout: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case realFake = "real/fake"
    case forenSynths = "0_real/1_fake"
    case genImage = "nature/ai"
    case cifake = "REAL/FAKE"
    case manifest = "manifest"

    /// The class-folder layouts, in the order they are tried.
    public static let folderLayouts: [DatasetLayout] = [.realFake, .forenSynths, .genImage, .cifake]

    /// The folder name for each class, or nil for ``manifest``.
    public func folderName(for label: Label) -> String? {
        switch (self, label) {
        case (.realFake, .real): "real"
        case (.realFake, .fake): "fake"
        case (.forenSynths, .real): "0_real"
        case (.forenSynths, .fake): "1_fake"
        case (.genImage, .real): "nature"
        case (.genImage, .fake): "ai"
        case (.cifake, .real): "REAL"
        case (.cifake, .fake): "FAKE"
        case (.manifest, _): nil
        }
    }

    /// The folder layout and class a directory name denotes, if any.
    ///
    /// Names are matched exactly, except that `real`/`fake` in any mixed case
    /// other than all-capitals (CIFAKE's spelling) count as ``realFake``.
    public static func classFolder(named name: String) -> (layout: DatasetLayout, label: Label)? {
        for layout in folderLayouts {
            for label in Label.allCases where layout.folderName(for: label) == name {
                return (layout, label)
            }
        }
        switch name.lowercased() {
        case "real": return (.realFake, .real)
        case "fake": return (.realFake, .fake)
        default: return nil
        }
    }

    public var description: String { rawValue }
}
