import AgentCore
import Foundation
import OperatorAPI
import Storage

/// `community-agent api-token create NAME | list | revoke NAME [--config FILE]`: operator
/// tokens for the HTTP API. A new token is printed once; only its hash is stored.
enum APITokenCommand {
    static let usage =
        "usage: community-agent api-token create NAME | api-token list | api-token revoke NAME [--config FILE]"

    static func run(_ arguments: [String]) async -> Int32 {
        let parsed: CommandLineOptions
        switch CommandLineOptions.parse(arguments, known: ["config"]) {
        case .success(let options): parsed = options
        case .failure(let problem):
            CommandLineInterface.standardError("\(problem.message)\n\(usage)")
            return 2
        }
        let positional = parsed.positional
        guard let action = positional.first,
            (action == "list" && positional.count == 1)
                || (["create", "revoke"].contains(action) && positional.count == 2)
        else {
            CommandLineInterface.standardError(usage)
            return 2
        }
        var databasePath = AgentConfiguration.consoleDefault().databasePath
        if let path = parsed.values["config"] {
            guard let checked = CheckedConfiguration.load(path: path, secrets: .skip) else { return 1 }
            databasePath = checked.configuration.databasePath
        }
        do {
            let database = try Database(path: databasePath)
            let tokens = try await APITokens(database: database)
            switch action {
            case "create":
                let token = try await tokens.create(positional[1])
                print(token)
                CommandLineInterface.standardError(
                    "token \"\(positional[1])\" created; it is shown only now. Use it as: Authorization: Bearer <token>"
                )
            case "revoke":
                try await tokens.revoke(positional[1])
                print("token \"\(positional[1])\" revoked")
            default:
                var table = TableOutput(columns: ["name", "created_at", "last_used_at", "revoked_at"])
                for entry in try await tokens.list() {
                    table.rows.append([
                        entry.name, entry.createdAt.formatted(.iso8601),
                        entry.lastUsedAt?.formatted(.iso8601) ?? "", entry.revokedAt?.formatted(.iso8601) ?? "",
                    ])
                }
                print(table.rendered(as: .csv), terminator: "")
            }
            try await database.close()
            return 0
        } catch let problem as APITokens.Problem {
            CommandLineInterface.standardError("error: \(problem)")
            return 1
        } catch {
            CommandLineInterface.standardError("error: \(error)")
            return 1
        }
    }
}
