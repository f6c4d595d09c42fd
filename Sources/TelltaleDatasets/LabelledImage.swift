/// One image of a dataset: where it is, what it is (if known), which generator
/// or source group it belongs to and which split the dataset's authors put it in.
public struct LabelledImage: Sendable, Hashable, Codable {
    /// The file's path: the dataset root joined with the path inside it, or a
    /// manifest's path resolved against the manifest's folder.
    public var path: String
    /// Real (0) or fake (1); nil for unlabelled inputs.
    public var label: Label?
    /// The generator or source group (e.g. `progan`, `stable_diffusion_v_1_4`), if the layout names one.
    public var group: String?
    /// The split the dataset's layout assigns (`train`, `val`, `test`), if any.
    public var split: String?

    public init(path: String, label: Label?, group: String? = nil, split: String? = nil) {
        self.path = path
        self.label = label
        self.group = group
        self.split = split
    }
}
