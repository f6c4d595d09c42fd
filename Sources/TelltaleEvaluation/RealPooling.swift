/// Which real images join a generator's fakes in a per-group evaluation.
public enum RealPooling: String, Codable, Sendable, Hashable {
    /// Every real image, whatever its group (GRIP, Corvi et al. ICASSP 2023; the
    /// convention of pooled real sets): group g = fakes of g + all reals. A real
    /// that carries a group is still pooled into every row.
    case allReals
    /// Only the reals carrying the same group (ForenSynths/CNNDetection test folders
    /// `<generator>/{0_real,1_fake}`, Wang et al. CVPR 2020, where each generator
    /// comes with its own reals). Ungrouped reals join the "(ungrouped)" row only.
    case sameGroup
}
