import Foundation
import TelltaleEvaluation

/// The cross-generator protocol under several seeds (`crossval --seeds`): each cell's
/// ROC AUC, average precision and accuracy as mean ± std across the seeds.
public struct CrossGeneratorSpread: Codable, Sendable, Hashable {
    public struct Cell: Codable, Sendable, Hashable {
        /// The training generator, or `all but X` for a leave-one-out row.
        public var train: String
        public var test: String
        /// nil when the test set holds one class.
        public var rocAUC: SeedSpread?
        public var averagePrecision: SeedSpread?
        public var accuracy: SeedSpread
    }

    public var seeds: [String]
    public var cells: [Cell]

    /// The spread of the matrices, one per seed (same generators in each).
    public init(seeds: [UInt64], matrices: [CrossGeneratorMatrix]) {
        self.seeds = seeds.map(String.init)
        var cells = matrices[0].cells.indices.map { k in
            Cell(train: matrices[0].cells[k].train, test: matrices[0].cells[k].test,
                 rocAUC: SeedSpread.ifDefined(matrices.map { $0.cells[k].rocAUC }),
                 averagePrecision: SeedSpread.ifDefined(matrices.map { $0.cells[k].averagePrecision }),
                 accuracy: SeedSpread(matrices.map { $0.cells[k].accuracy }))
        }
        cells += matrices[0].leaveOneOut.indices.map { k in
            Cell(train: "all but \(matrices[0].leaveOneOut[k].heldOut)", test: matrices[0].leaveOneOut[k].heldOut,
                 rocAUC: SeedSpread.ifDefined(matrices.map { $0.leaveOneOut[k].rocAUC }),
                 averagePrecision: SeedSpread.ifDefined(matrices.map { $0.leaveOneOut[k].averagePrecision }),
                 accuracy: SeedSpread(matrices.map { $0.leaveOneOut[k].accuracy }))
        }
        self.cells = cells
    }

    /// The Markdown table appended to `crossval.md`.
    public func markdown() -> String {
        var md = "\n## Across \(seeds.count) seeds (\(seeds.joined(separator: ", "))): mean ± std (n − 1)\n\n"
        md += "| trained on | tested on | ROC AUC | AP | accuracy |\n|---|---|---|---|---|\n"
        for c in cells {
            md += "| \(c.train) | \(c.test) | \(c.rocAUC?.description ?? "—") | \(c.averagePrecision?.description ?? "—") | \(c.accuracy) |\n"
        }
        return md
    }
}

extension CrossGenerator {
    /// The protocol once per seed (folds, initial weights and the grid search follow the
    /// seed): the first seed's result, with the spread across all of them.
    public func run(seeds: [UInt64]) throws -> Result {
        var results: [Result] = []
        for seed in seeds {
            var run = self
            run.settings.seed = seed
            results.append(try run.run())
        }
        var first = results[0]
        if seeds.count > 1 {
            first.acrossSeeds = CrossGeneratorSpread(seeds: seeds, matrices: results.map(\.matrix))
            first.provenance.seeds = seeds.map(String.init)
            first.provenance.selectionsPerSeed = results.map(\.provenance.selections)
        }
        return first
    }
}
