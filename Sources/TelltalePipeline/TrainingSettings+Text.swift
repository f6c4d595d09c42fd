import Foundation

/// The grids of hyper-parameters as one line of text, as the command line and `--help`
/// show them.
extension TrainingSettings {
    /// `0.01, 0.1` → [0.01, 0.1]; nil unless every comma-separated item is a finite number.
    public static func numbers(_ text: String) -> [Double]? {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        return values.map { $0! }
    }

    /// `64;128,32` → [[64], [128, 32]] (`;` separates grid settings, `,` layers); nil
    /// unless every size is a positive integer.
    public static func layerGrid(_ text: String) -> [[Int]]? {
        let grid = text.split(separator: ";").map { setting in
            setting.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        guard !grid.isEmpty, grid.allSatisfy({ $0.allSatisfy { $0 != nil && $0! > 0 } }) else { return nil }
        return grid.map { $0.map { $0! } }
    }

    /// [0.01, 1] → `0.01,1`, the inverse of ``numbers(_:)``.
    public static func text(numbers values: [Double]) -> String {
        values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }.joined(separator: ",")
    }

    /// [[64], [128, 32]] → `64;128,32`, the inverse of ``layerGrid(_:)``.
    public static func text(layerGrid grid: [[Int]]) -> String {
        grid.map { $0.map(String.init).joined(separator: ",") }.joined(separator: ";")
    }
}
