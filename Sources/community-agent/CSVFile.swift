import Foundation

/// Reads RFC 4180 CSV (quoted fields with commas, doubled quotes and line breaks; CRLF or LF)
/// with a header line, as rows keyed by column name.
struct CSVFile {
    let header: [String]
    let rows: [[String]]

    /// Parses `text`; the first record is the header.
    init(_ text: String) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r": break
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        header = records.first ?? []
        rows = Array(records.dropFirst())
    }

    /// The position of `column` in the header.
    func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw CSVError(message: "no column \"\(name)\" (columns: \(header.joined(separator: ",")))")
        }
        return index
    }

    /// A problem reading a CSV file.
    struct CSVError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
