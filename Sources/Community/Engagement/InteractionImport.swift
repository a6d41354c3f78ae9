import Foundation
import Storage

/// History from a previous platform, as CSV with the header `network,account,kind,course,at`.
public enum InteractionImport {
    /// One invalid row.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number in the file.
        public var line: Int
        public var message: String

        public var description: String { "line \(line): \(message)" }
    }

    /// What an import did.
    public struct Report: Sendable, Hashable {
        /// Rows added.
        public var imported = 0
        /// Rows identical to one already stored, not added again.
        public var duplicates = 0
        /// Members whose state was rebuilt.
        public var members = 0
    }

    /// Reads `text`: every record, or every problem (and no records) when any row is invalid.
    public static func parse(
        _ text: String, knownNetworks: [String]? = nil
    ) -> Result<[InteractionRecord], ProblemList> {
        var records: [InteractionRecord] = []
        var problems: [Problem] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        let header = lines.first.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        guard header == ["network", "account", "kind", "course", "at"] else {
            return .failure(
                ProblemList(problems: [Problem(line: 1, message: "the header must be network,account,kind,course,at")]))
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count == 5 else {
                problems.append(Problem(line: number, message: "expected 5 fields, found \(fields.count)"))
                continue
            }
            let (network, account, kindText, course, at) = (fields[0], fields[1], fields[2], fields[3], fields[4])
            var rowProblems: [String] = []
            if network.isEmpty {
                rowProblems.append("network is empty")
            } else if let knownNetworks, !knownNetworks.contains(where: { $0.lowercased() == network.lowercased() }) {
                rowProblems.append(
                    "network \"\(network)\" is not configured (\(knownNetworks.joined(separator: ", ")))")
            }
            if account.isEmpty || account.contains(" ") {
                rowProblems.append("account \"\(account)\" is not an account")
            }
            let kind = InteractionKind(rawValue: kindText.lowercased())
            if kind == nil {
                rowProblems.append(
                    "kind \"\(kindText)\" is not one of "
                        + InteractionKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !course.isEmpty, !course.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
                rowProblems.append("course \"\(course)\" is not a slug")
            }
            let date = formatter.date(from: at) ?? fractional.date(from: at)
            if date == nil { rowProblems.append("at \"\(at)\" is not ISO-8601 with an offset") }
            guard rowProblems.isEmpty, let kind, let date else {
                problems.append(Problem(line: number, message: rowProblems.joined(separator: "; ")))
                continue
            }
            let canonicalNetwork = knownNetworks?.first { $0.lowercased() == network.lowercased() } ?? network
            records.append(
                InteractionRecord(
                    kind, of: Identity(network: canonicalNetwork, account: account),
                    course: course.isEmpty ? nil : course.lowercased(), at: date))
        }
        return problems.isEmpty ? .success(records) : .failure(ProblemList(problems: problems))
    }

    /// Every problem of a file.
    public struct ProblemList: Error, Sendable, Hashable {
        public var problems: [Problem]
    }
}

extension EngagementService {
    /// Adds the rows not already stored (identical network, account, kind, course and time),
    /// then rebuilds the state of every member they concern, exactly as if they had arrived live.
    public func importInteractions(_ records: [InteractionRecord]) async throws -> InteractionImport.Report {
        try await database.transaction { connection in
            var report = InteractionImport.Report()
            var fresh: [InteractionRecord] = []
            var seen: Set<InteractionRecord> = []
            for record in records {
                let exists = try connection.first(
                    """
                    SELECT id FROM interaction WHERE at = ? AND network = ? AND account = ? AND kind = ?
                        AND course_slug IS ?
                    """,
                    [
                        .real(record.at.timeIntervalSince1970), .text(record.identity.network),
                        .text(record.identity.account), .text(record.kind.rawValue), .text(record.course),
                    ])
                if exists != nil || !seen.insert(record).inserted {
                    report.duplicates += 1
                } else {
                    fresh.append(record)
                }
            }
            let recorded = try self.members.record(fresh, in: connection)
            report.imported = fresh.count
            let touched = Set(recorded.map(\.member))
            try self.rebuild(touched.sorted { $0.id < $1.id }, in: connection)
            report.members = touched.count
            return report
        }
    }
}
