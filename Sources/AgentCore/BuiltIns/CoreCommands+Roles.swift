extension CoreCommands {
    var roleCommand: Command {
        let account = Parameter("account", .account)
        let role = Parameter("role", .choice(["owner", "moderator", "member"]))
        return Command(
            "role", summary: "Show or change who holds the moderator and owner roles on this network.",
            forms: [
                .subcommand(
                    "grant", summary: "Give an account a role on this network.", minimumRole: .owner,
                    parameters: [account, role],
                    examples: [Example("!role grant alice moderator", replies: "alice is now a moderator on test.")]
                ) { call in
                    let network = call.speaker.network
                    let account = try call[account]
                    guard let role = Role(name: try call[role]) else { return .silent }
                    try await info.roles.grant(role, network: network, account: account, by: call.requireAccount())
                    call.log.notice("role granted", metadata: ["account": account, "role": "\(role)"])
                    return .text("\(account) is now \(role.withArticle) on \(network).")
                },
                .subcommand(
                    "list", summary: "Show who holds a role above member.", minimumRole: .owner,
                    examples: [Example("!role list", matches: "Roles on test: .*alice \\(moderator\\).*")]
                ) { call in
                    let network = call.speaker.network
                    let grants = info.roles.grants().filter { $0.network == IdentityKey.network(network) }
                    guard !grants.isEmpty else { return .text("Nobody holds a role above member on \(network).") }
                    let text = grants.map { "\($0.account) (\($0.role)\($0.fromConfiguration ? ", config" : ""))" }
                    return .text("Roles on \(network): \(text.joined(separator: ", "))")
                },
                .subcommand(
                    "revoke", summary: "Make an account a plain member again.", minimumRole: .owner,
                    parameters: [account],
                    examples: [Example("!role revoke alice", replies: "alice is a member again on test.")]
                ) { call in
                    let network = call.speaker.network
                    let account = try call[account]
                    let removed = try await info.roles.revoke(network: network, account: account)
                    let remaining = info.roles.role(network: network, account: account)
                    if remaining > .member {
                        return .text(
                            "\(account) keeps the \(remaining) role from the configuration file; edit it there.")
                    }
                    return .text(
                        removed
                            ? "\(account) is a member again on \(network)."
                            : "\(account) had no role to revoke on \(network).")
                },
            ])
    }
}
