extension CoreCommands {
    var roleCommand: Command {
        Command(
            "role", usage: "list | grant <account> <role> | revoke <account>",
            summary: "Show or change who holds the moderator and owner roles on this network.", minimumRole: .owner,
            examples: [
                Example("!role grant alice moderator"),
                Example("!role list"),
            ]
        ) { call in
            let network = call.speaker.network
            switch call.arguments[0]?.lowercased() {
            case "list", nil:
                let grants = info.roles.grants().filter { $0.network == network.lowercased() }
                guard !grants.isEmpty else { return .text("Nobody holds a role above member on \(network).") }
                let text = grants.map { "\($0.account) (\($0.role)\($0.fromConfiguration ? ", config" : ""))" }.joined(
                    separator: ", ")
                return .text("Roles on \(network): \(text)")
            case "grant":
                let account = try call.arguments.required(1, "account")
                let roleName = try call.arguments.required(2, "role")
                try call.arguments.expectAtMost(3)
                guard let role = Role(name: roleName) else {
                    throw UserError("<role> must be owner, moderator or member. Usage: \(call.arguments.usage)")
                }
                try await info.roles.grant(role, network: network, account: account, by: call.requireAccount())
                call.log.notice("role granted", metadata: ["account": account, "role": "\(role)"])
                return .text("\(account) is now a \(role) on \(network).")
            case "revoke":
                let account = try call.arguments.required(1, "account")
                try call.arguments.expectAtMost(2)
                let removed = try await info.roles.revoke(network: network, account: account)
                let remaining = info.roles.role(network: network, account: account)
                if remaining > .member {
                    return .text("\(account) keeps the \(remaining) role from the configuration file; edit it there.")
                }
                return .text(
                    removed
                        ? "\(account) is a member again on \(network)."
                        : "\(account) had no role to revoke on \(network).")
            default:
                throw UserError("Unknown action \"\(call.arguments[0] ?? "")\". Usage: \(call.arguments.usage)")
            }
        }
    }
}
