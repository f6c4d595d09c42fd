/// A minimal RFC 4180 CSV reader and writer.
///
/// Fields are separated by commas and records by CRLF or LF. A field may be
/// enclosed in double quotes, in which case it may contain commas, line
/// breaks and doubled quotes (`""` → `"`). A quote inside an unquoted field,
/// or text after a closing quote, is an error. A leading UTF-8 byte-order mark
/// is ignored; blank lines are skipped.
public enum CSV {
    /// A record and the 1-based line on which it starts.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// A malformed record.
    public struct ParseError: Error, Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    /// Splits `text` into records.
    public static func parse(_ text: String) throws(ParseError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [Unicode.Scalar] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var wasQuoted = false  // the current field was quoted and its closing quote has been seen
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        func endField() {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: field)
            fields.append(String(s))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll()
        }

        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                        wasQuoted = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else {
                switch c {
                case ",":
                    endField()
                case "\r" where i + 1 < scalars.count && scalars[i + 1] == "\n":
                    break  // the LF ends the record
                case "\n":
                    endRecord()
                    line += 1
                    recordLine = line
                case "\"":
                    guard field.isEmpty, !wasQuoted else {
                        throw ParseError(line: line, reason: "quote inside an unquoted field")
                    }
                    inQuotes = true
                default:
                    if wasQuoted {
                        throw ParseError(line: line, reason: "text after a closing quote")
                    }
                    field.append(c)
                }
            }
            i += 1
        }
        if inQuotes { throw ParseError(line: recordLine, reason: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }

    /// Quotes a field if it contains a comma, quote or line break.
    public static func escape(_ field: String) -> String {
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// One record, fields escaped, terminated by LF.
    public static func record(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\n"
    }
}

import Foundation
