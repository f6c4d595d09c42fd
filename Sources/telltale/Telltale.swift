import ArgumentParser
import TelltaleSupport

@main
struct Telltale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telltale",
        abstract: "Tells camera photographs from images made by generative models.",
        discussion: """
        A research pipeline: decode (libpng, libjpeg-turbo) → features (frequency artefacts and \
        noise residuals, OpenBLAS) → small classifiers → honest evaluation.
        """,
        version: TelltaleVersion.string,
        subcommands: [
            InspectCommand.self, AuditCommand.self, SplitCommand.self, ExtractCommand.self, TrainCommand.self,
            PredictCommand.self, EvaluateCommand.self, CrossvalCommand.self, ScoreCommand.self,
            MergeScoresCommand.self, BenchCommand.self,
        ])

    /// Sets the allocator policy (``AllocatorTuning``), then parses and runs the command.
    static func main() {
        NativeBuild.requireSupportedCPU(program: "telltale")
        AllocatorTuning.keepLargeBlocksInHeap()
        main(nil)
    }
}
