import ArgumentParser

@main
struct Telltale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telltale",
        abstract: "Tells camera photographs from images made by generative models.",
        version: TelltaleVersion.string,
        subcommands: [])
}
