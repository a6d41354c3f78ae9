import Foundation

/// Rows for scripts, written as CSV (RFC 4180: a header line, fields quoted when they hold a
/// comma, quote or line break) or as a JSON array of objects with the same keys.
struct TableOutput {
    enum Format: String, CaseIterable {
        case csv
        case json
    }

    var columns: [String]
    var rows: [[String]] = []

    /// The table in `format`, ending with a newline.
    func rendered(as format: Format) -> String {
        switch format {
        case .csv:
            return ([columns] + rows).map { $0.map(Self.csvField).joined(separator: ",") + "\n" }.joined()
        case .json:
            let objects = rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
            let data =
                (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]))
                ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    private static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
