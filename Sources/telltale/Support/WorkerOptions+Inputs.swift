import ArgumentParser
import TelltaleDatasets

extension WorkerOptions {
    /// Refuses `--workers` when every input is a feature file: nothing would be decoded.
    func requireImages(_ inputs: [String]) throws {
        if given != nil, !inputs.isEmpty, inputs.allSatisfy(FeatureFile.isFeatureFile) {
            throw ValidationError("--workers has nothing to run in parallel: feature files are read, not decoded")
        }
    }
}
