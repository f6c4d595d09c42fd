import Foundation

/// Byte counts for people: binary units, three significant digits.
public enum ByteCount {
    /// `1536` → `1.5 KiB`, `268435456` → `256 MiB`, `1700000000` → `1.58 GiB`.
    public static func format(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while abs(value) >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let text: String
        if value >= 100 || value == value.rounded() {
            text = String(Int(value.rounded()))
        } else if value >= 10 {
            text = String((value * 10).rounded() / 10)
        } else {
            text = String((value * 100).rounded() / 100)
        }
        return "\(text) \(units[unit])"
    }

    /// Parses `256M`, `1G`, `512MiB`, `300000000` (bytes; K/M/G/T are binary multiples).
    public static func parse(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
            digits.removeLast(suffix.count)
            break
        }
        let multipliers: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var multiplier = 1
        if let last = digits.last, let m = multipliers[last] {
            multiplier = m
            digits.removeLast()
        }
        guard let value = Double(digits), value.isFinite, value > 0 else { return nil }
        let bytes = value * Double(multiplier)
        guard bytes < Double(Int.max) else { return nil }
        return Int(bytes.rounded())
    }
}
