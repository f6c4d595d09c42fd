import ArgumentParser
import TelltaleImaging

/// `--memory-budget SIZE`, shared by every command that decodes images.
struct MemoryBudgetOption: ParsableArguments {
    @Option(name: .customLong("memory-budget"),
            help: ArgumentHelp(
                "Most memory one file may take, per worker: the file's bytes + the decoder's working memory + the decoded pixels (default: 256 MiB). A file that needs more is an error row, refused before the memory is allocated.",
                valueName: "size"),
            transform: MemoryBudgetOption.parse)
    var memoryBudget: Int?

    /// The budget in bytes (the default when the option is not given).
    var bytes: Int { memoryBudget ?? DecodeOptions.defaultMemoryBudget }

    /// `512M`, `1G`, `300000000`: K/M/G/T are binary multiples; at least 1 KiB.
    static func parse(_ text: String) throws -> Int {
        guard let bytes = ByteCount.parse(text) else {
            throw ValidationError("--memory-budget: '\(text)' is not a size (e.g. 512M, 2G, 300000000)")
        }
        guard bytes >= 1024 else { throw ValidationError("--memory-budget: \(text) is less than 1 KiB") }
        return bytes
    }
}
