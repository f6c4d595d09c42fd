import Foundation

/// One number measured under several seeds: the values, their mean and their sample
/// standard deviation (n − 1 in the denominator; 0 for a single seed). Reported as
/// `mean ± std` beside each number when a command runs with `--seeds`.
public struct SeedSpread: Codable, Sendable, Hashable, CustomStringConvertible {
    public var values: [Double]
    public var mean: Double
    public var std: Double

    public init(_ values: [Double]) {
        self.values = values
        let n = Double(values.count)
        mean = values.isEmpty ? .nan : values.reduce(0, +) / n
        let m = mean
        std = values.count < 2 ? 0 : (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
    }

    /// The spread of `values`, or nil when any is undefined (e.g. a ROC AUC on one class).
    public static func ifDefined(_ values: [Double?]) -> SeedSpread? {
        values.contains(nil) ? nil : SeedSpread(values.map { $0! })
    }

    /// `0.9312 ± 0.0121`.
    public var description: String { String(format: "%.4f ± %.4f", mean, std) }

    /// The comma-separated seeds of `--seeds` (`0,1,2`); nil unless each is an unsigned integer
    /// and none repeats.
    public static func seeds(_ text: String) -> [UInt64]? {
        let seeds = text.split(separator: ",").map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !seeds.isEmpty, seeds.allSatisfy({ $0 != nil }), Set(seeds).count == seeds.count else { return nil }
        return seeds.map { $0! }
    }
}
