import ArgumentParser
import Foundation
import TelltalePipeline
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
        version: "\(TelltaleVersion.string) (commit \(BuildInfo.gitCommit), \(BuildInfo.flavour) build)",
        subcommands: [
            InspectCommand.self, AuditCommand.self, SplitCommand.self, ExtractCommand.self, TrainCommand.self,
            CalibrateCommand.self,
            PredictCommand.self, EvaluateCommand.self, CrossvalCommand.self, ScoreCommand.self,
            MergeScoresCommand.self, ExplainCommand.self, BenchCommand.self,
        ])

    /// Sets the allocator policy (``AllocatorTuning``), then parses and runs the command.
    static func main() {
        NativeBuild.requireSupportedCPU(program: "telltale")
        AllocatorTuning.keepLargeBlocksInHeap()
        main(arguments())
    }

    /// The command line as ``FileSystemPath`` strings: an argument that is not valid UTF-8
    /// (a file name in another encoding) keeps its bytes, where `CommandLine.arguments`
    /// would replace them with U+FFFD and name a file that does not exist.
    static func arguments() -> [String] {
        (1..<Int(CommandLine.argc)).map { i in
            guard let argument = CommandLine.unsafeArgv[i] else { return "" }
            return FileSystemPath.string(fromBytes: UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
        }
    }
}
