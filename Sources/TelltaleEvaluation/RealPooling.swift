/// Which real images join a generator's fakes in a per-group evaluation.
public enum RealPooling: String, Codable, Sendable, Hashable {
    /// Every real image, whatever its group (GRIP, Corvi et al. ICASSP 2023; the
    /// convention of pooled real sets): group g = fakes of g + all reals. A real
    /// that carries a group is still pooled into every row.
    case allReals
    /// Only the reals carrying the same group (ForenSynths/CNNDetection test folders
    /// `<generator>/{0_real,1_fake}`, Wang et al. CVPR 2020, where each generator
    /// comes with its own reals). Ungrouped reals join the "(ungrouped)" row only;
    /// reals of a group without fakes join no row.
    case sameGroup
}

/// How the per-group table chooses its ``RealPooling``: one of them, or ``auto``.
///
/// Pooling every real into every generator's row inflates the rows: a generator whose
/// own reals give ROC AUC 79.7 can read 92.8 against the pool, and precision then mostly
/// measures the ratio of the pooled reals to the generator's fakes. So when the data
/// allow it — **every row has reals of its own** — ``auto`` scores each generator against
/// its own reals (``RealPooling/sameGroup``, CNNDetection's protocol); otherwise (some
/// generator has fakes but no reals carrying its group, as when one real set serves every
/// generator) it pools all reals (``RealPooling/allReals``, GRIP's), and the table lists
/// the groups that decided it (``GroupTable/groupsWithoutOwnReals``).
public enum RealPoolingRule: String, Codable, Sendable, Hashable, CaseIterable {
    /// ``RealPooling/sameGroup`` when every group that has fakes also has reals carrying
    /// that group (fakes without a group: reals without a group), else ``RealPooling/allReals``.
    case auto
    case sameGroup
    case allReals

    /// The default everywhere (`evaluate --pooling`, bench specs, the library).
    public static let `default` = RealPoolingRule.auto

    /// The spelling on the command line and in bench specs: `auto`, `same-group`, `all-reals`.
    public var spelling: String {
        switch self {
        case .auto: "auto"
        case .sameGroup: "same-group"
        case .allReals: "all-reals"
        }
    }

    /// What the rule does, in a line (the command line's help).
    public var explanation: String {
        switch self {
        case .auto: "same-group when every generator with fakes has reals of its own, else all-reals"
        case .sameGroup: "each generator against its own reals (CNNDetection's ForenSynths protocol)"
        case .allReals: "every real pooled into every generator's row (GRIP's pooled real sets)"
        }
    }

    /// Parses `auto`, `same-group`/`sameGroup` or `all-reals`/`allReals` (the camelCase
    /// spellings are those of report.json and of older help texts); nil for anything else.
    public init?(spelling: String) {
        switch spelling {
        case "auto": self = .auto
        case "same-group", "sameGroup": self = .sameGroup
        case "all-reals", "allReals": self = .allReals
        default: return nil
        }
    }

    /// Accepts every spelling of ``init(spelling:)`` (a bench spec may write `same-group`).
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let rule = RealPoolingRule(spelling: text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not a pooling (one of: auto, same-group, all-reals)"))
        }
        self = rule
    }

    /// The pooling this rule gives for items with these labels (1 fake) and groups.
    public func resolve(labels: [Int], groups: [String?]) -> RealPooling {
        switch self {
        case .sameGroup: return .sameGroup
        case .allReals: return .allReals
        case .auto: return RealPoolingRule.groupsWithoutOwnReals(labels: labels, groups: groups).isEmpty ? .sameGroup : .allReals
        }
    }

    /// The per-group rows (groups of the fakes; fakes without a group form
    /// ``GroupTable/ungroupedName``) that have no real of their own group, sorted by
    /// their Unicode scalars.
    public static func groupsWithoutOwnReals(labels: [Int], groups: [String?]) -> [String] {
        var fakeGroups = Set<String>(), realGroups = Set<String>()
        for (label, group) in zip(labels, groups) {
            let name = group ?? GroupTable.ungroupedName
            if label == 1 { fakeGroups.insert(name) } else { realGroups.insert(name) }
        }
        return fakeGroups.subtracting(realGroups)
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }
}
