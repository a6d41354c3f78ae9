import AgentCore
import Community
import Foundation

/// `members export ACCOUNT` (the member's data as JSON on stdout) and `members forget ACCOUNT`
/// (delete it, keeping orders and moderation cases without the name) for operators, the
/// command-line side of `!mydata` and `!forgetme`.
enum MemberDataCommands {
    static func run(_ action: String, _ identity: Identity, services: Services, log: Logger) async throws -> Int32 {
        if action == "export" {
            guard let export = try await services.members.exportData(of: identity) else {
                CommandLineInterface.standardError("error: the community knows no member \(identity)")
                return 1
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(export) + Data("\n".utf8))
            log.notice("member data exported", metadata: ["member": "\(identity)", "by": "command line"])
            return 0
        }
        guard let report = try await services.members.forget(identity) else {
            CommandLineInterface.standardError("error: the community knows no member \(identity)")
            return 1
        }
        log.notice(
            "member forgotten", metadata: ["pseudonym": report.pseudonym, "by": "command line"])
        print("forgot \(identity): deleted \(report.removed.values.reduce(0, +)) records")
        for (what, count) in report.removed.sorted(by: { $0.key < $1.key }) where count > 0 {
            print("  deleted \(what): \(count)")
        }
        for kept in report.kept {
            print("  kept without the name (as \(report.pseudonym)): \(kept.what): \(kept.rows) (\(kept.why.rawValue))")
        }
        print("Tell the member what was kept and why; logs older than this keep their own retention.")
        return 0
    }
}
