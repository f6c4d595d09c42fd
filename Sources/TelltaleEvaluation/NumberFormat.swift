import Foundation

/// Fixed-precision, locale-independent number formatting for the text writers,
/// so that output bytes never depend on the environment.
enum NumberFormat {
    /// `value` with `digits` decimals ("-0.0" printed as "0.0").
    static func fixed(_ value: Double, _ digits: Int) -> String {
        let s = String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    /// A rate in [0, 1] as a percentage with one decimal, or "n/a".
    static func percent(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return fixed(value * 100, 1)
    }

    /// A target rate as a percentage with as few decimals as it needs: 0.01 → "1 %", 0.001 → "0.1 %".
    static func percentTarget(_ value: Double) -> String {
        let p = value * 100
        for digits in 0 ... 4 where abs(p - (Double(fixed(p, digits)) ?? .infinity)) < 1e-9 { return fixed(p, digits) + " %" }
        return fixed(p, 4) + " %"
    }

    /// The shortest round-tripping decimal representation (Swift's `description`).
    static func exact(_ value: Double) -> String { "\(value)" }
}
