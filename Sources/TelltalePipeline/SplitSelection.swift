import TelltaleDatasets

/// Which of the datasets' splits a command works on (`--split`): the split folders
/// (`train/`, `val/`, `test/` and their spellings, see ``TelltaleDatasets/DatasetSplit``)
/// and a manifest's `split` column, as each image or feature row records them.
///
/// Training on `train/` and `val/` together, or evaluating on the images a model was
/// trained on, is the commonest way to publish a number that means nothing; so a
/// command that learns or measures (`train`, `evaluate`, `crossval`) given images of
/// several splits without `--split` refuses, naming them. `--split all` uses them
/// together on purpose; `extract` takes every split by default (each row keeps its
/// split, so `train --split train` can pick from the feature file later).
public enum SplitSelection: Sendable, Hashable, CustomStringConvertible {
    /// The rows of one split (canonical name: `train`, `val`, `test`, or a manifest's own name).
    case named(String)
    /// Every row, whatever its split.
    case all

    /// Whether a row of split `split` is selected: every row for ``all``; for a name, the rows
    /// of that split, compared without regard to case (`Holdout` is `holdout`).
    public func includes(_ split: String?) -> Bool {
        switch self {
        case .all: true
        case .named(let name): split?.lowercased() == name.lowercased()
        }
    }

    /// `all`, or a split name (canonicalised: `validation` → `val`).
    public init(_ text: String) {
        self = text == "all" ? .all : .named(DatasetSplit.canonical(text) ?? text)
    }

    public var description: String {
        switch self {
        case .named(let name): name
        case .all: "all"
        }
    }

    /// The indices of the rows of `splits` (one split per row; nil: the row has none)
    /// that `selection` keeps. With `selection` nil the rows must share one split (or
    /// have none); otherwise a ``PipelineError/inputs(_:)`` names the splits and their
    /// counts. `what` names the rows in messages ("images", "feature rows").
    public static func select(_ splits: [String?], _ selection: SplitSelection?, what: String = "images") throws -> [Int] {
        switch selection {
        case .all:
            return Array(splits.indices)
        case .named:
            let kept = splits.indices.filter { selection!.includes(splits[$0]) }
            guard !kept.isEmpty else {
                throw PipelineError.inputs("no \(what) in split '\(selection!)' (the inputs have \(census(splits)))")
            }
            return kept
        case nil:
            let distinct = Set(splits.map { $0 ?? "" })
            guard distinct.count <= 1 else {
                let names = distinct.filter { !$0.isEmpty }.sorted().map { "--split \($0)" }.joined(separator: ", ")
                throw PipelineError.inputs("the inputs hold \(what) of several splits (\(census(splits))): training and testing on the same data is the commonest leak — give \(names), or --split all to use them together on purpose")
            }
            return Array(splits.indices)
        }
    }

    /// `train 120, val 40, no split 3`.
    static func census(_ splits: [String?]) -> String {
        var counts: [String: Int] = [:]
        for s in splits { counts[s ?? "", default: 0] += 1 }
        return counts.keys.sorted().map { ($0.isEmpty ? "no split" : $0) + " \(counts[$0]!)" }.joined(separator: ", ")
    }
}
