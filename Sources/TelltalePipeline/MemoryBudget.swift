/// The per-file decoding budget (`--memory-budget`) where nothing is decoded.
enum MemoryBudget {
    /// Throws when a budget was given (`given` non-nil) but nothing will be decoded (say,
    /// feature files): an option that would be ignored is an error, never a silent no-op.
    public static func requireImages(_ decodes: Bool, given: Int?) throws {
        if given != nil && !decodes {
            throw PipelineError.inputs("--memory-budget is for decoding images, but the inputs are feature files: nothing is decoded")
        }
    }
}
