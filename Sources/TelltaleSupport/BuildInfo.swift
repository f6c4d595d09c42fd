/// What this binary was built from and how: the version, the git commit of the source
/// (recorded at build time by the `BuildInfo` plugin; `+dirty` when tracked files had
/// uncommitted changes, "unknown" outside a git checkout), and the build flavour.
public enum BuildInfo {
    /// `git rev-parse HEAD` of the package when it was built.
    public static let gitCommit = GeneratedBuildInfo.gitCommit

    /// `debug` or `release`, and `native` for the x86-64-v3 build (``NativeBuild``).
    public static var flavour: String {
        #if DEBUG
        let mode = "debug"
        #else
        let mode = "release"
        #endif
        return NativeBuild.isNative ? mode + ", native (x86-64-v3)" : mode
    }
}
