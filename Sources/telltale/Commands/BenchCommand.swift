import ArgumentParser
import Foundation
import TelltalePipeline

/// `telltale bench`: a reproducible benchmark run from a spec file, and its check.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark from a JSON spec into a run folder; --check re-runs a recorded run and reports any difference.",
        discussion: """
        SPEC (JSON) names the train and test datasets (and their splits), the features, the model \
        and its grid, the seed (or seeds) and the protocol (raw and/or neutralised, test-time \
        perturbations); see the README. The run folder holds spec.resolved.json, inputs.csv \
        (SHA-256 of every input image), model-<protocol>.json, metrics/ (metrics.json and \
        metrics.md side by side, and each protocol's full report) — with several seeds, the \
        models and reports of each in seed-<N>/ — environment.json and timings.json. Everything but the last two \
        is byte-identical when the same spec is run again on the same inputs. \
        --check RUN first verifies every input's SHA-256, then re-runs RUN/spec.resolved.json into \
        a temporary folder and compares the files; the exit status is 0 only when nothing differs.
        """)

    @Argument(help: "The spec file (JSON).")
    var spec: String?

    @Option(help: ArgumentHelp("Re-run a recorded run folder and report any difference (instead of SPEC).", valueName: "run"))
    var check: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The run folder to create (default: runs/<spec name>).", valueName: "run"))
    var output: String?

    @Flag(help: "Replace an existing run folder.")
    var force = false

    func validate() throws {
        if spec == nil && check == nil { throw ValidationError("give a SPEC to run, or --check RUN") }
        if spec != nil && check != nil { throw ValidationError("give a SPEC to run or --check RUN, not both") }
        if check != nil && (output != nil || force) { throw ValidationError("--check writes nothing: --output and --force do not apply") }
    }

    func run() throws {
        if let check { try runCheck(check) } else if let spec { try runSpec(spec) }
    }

    private func runSpec(_ specPath: String) throws {
        let (folder, metrics, timings) = try BenchRun.run(specPath: specPath, output: output, force: force,
                                                           reporter: ConsoleReporter())
        print(metrics.markdown)
        print("timings: " + timings.steps.map { "\($0.step) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
              + "; total \(String(format: "%.2f", timings.totalSeconds)) s")
        print("wrote \(folder)/")
    }

    private func runCheck(_ run: String) throws {
        let (lines, error) = try BenchRun.check(run, reporter: ConsoleReporter()).report(run: run)
        for line in lines { print(line) }
        if let error {
            Console.error("error: " + error)
            throw ExitCode.failure
        }
    }
}
