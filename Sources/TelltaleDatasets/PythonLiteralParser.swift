/// Parses the tiny subset of Python literal syntax that `.npy` headers use:
/// a dict with string keys whose values are strings, `True`/`False` or tuples
/// of integers.
struct PythonLiteralParser {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    struct Failure: Error {
        var reason: String
    }

    private let scalars: [Unicode.Scalar]
    private var i = 0

    init(text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func parseDict() throws(Failure) -> [String: Value] {
        try expect("{")
        var dict: [String: Value] = [:]
        while true {
            skipSpace()
            if peek() == "}" { i += 1; break }
            let key = try parseString()
            try expect(":")
            dict[key] = try parseValue()
            skipSpace()
            if peek() == "," { i += 1; continue }
            try expect("}")
            break
        }
        skipSpace()
        guard i == scalars.count else { throw Failure(reason: "unexpected text after the dict") }
        return dict
    }

    private mutating func parseValue() throws(Failure) -> Value {
        skipSpace()
        switch peek() {
        case "'", "\"": return .string(try parseString())
        case "(": return .tuple(try parseTuple())
        default:
            if consumeWord("True") { return .bool(true) }
            if consumeWord("False") { return .bool(false) }
            throw Failure(reason: "unexpected value at offset \(i)")
        }
    }

    private mutating func parseTuple() throws(Failure) -> [Int] {
        try expect("(")
        var values: [Int] = []
        while true {
            skipSpace()
            if peek() == ")" { i += 1; return values }
            var digits = ""
            while let c = peek(), c.properties.numericType != nil || c == "L" {
                if c != "L" { digits.unicodeScalars.append(c) }
                i += 1
            }
            guard let value = Int(digits) else { throw Failure(reason: "bad integer in shape at offset \(i)") }
            values.append(value)
            skipSpace()
            if peek() == "," { i += 1; continue }
            try expect(")")
            return values
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        skipSpace()
        guard let quote = peek(), quote == "'" || quote == "\"" else {
            throw Failure(reason: "expected a string at offset \(i)")
        }
        i += 1
        var result = String.UnicodeScalarView()
        while let c = peek(), c != quote {
            result.append(c)
            i += 1
        }
        guard peek() == quote else { throw Failure(reason: "unterminated string") }
        i += 1
        return String(result)
    }

    private mutating func expect(_ c: Unicode.Scalar) throws(Failure) {
        skipSpace()
        guard peek() == c else { throw Failure(reason: "expected '\(c)' at offset \(i)") }
        i += 1
    }

    private mutating func consumeWord(_ word: String) -> Bool {
        let w = Array(word.unicodeScalars)
        guard i + w.count <= scalars.count, Array(scalars[i..<(i + w.count)]) == w else { return false }
        i += w.count
        return true
    }

    private mutating func skipSpace() {
        while let c = peek(), c == " " || c == "\n" || c == "\t" || c == "\r" { i += 1 }
    }

    private func peek() -> Unicode.Scalar? {
        i < scalars.count ? scalars[i] : nil
    }
}
