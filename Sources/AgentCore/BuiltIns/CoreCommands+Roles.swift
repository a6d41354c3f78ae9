extension CoreCommands {
    var roleCommand: Command {
        let account = Parameter("account", .account)
        let role = Parameter("role", .choice(["owner", "moderator", "member"]))
        let scope = Parameter("member", .choice(["member"])).optional
        return Command(
            "role",
            summary: "Show or change who holds the moderator and owner roles on this network.".zh("查看或修改本网络上的版主和管理员。"),
            forms: [
                .subcommand(
                    "grant",
                    summary:
                        "Give an account a role on this network; with member, every identity linked to its member gets it too."
                        .zh(
                            "给某个账号授予本网络上的角色；加上 member 时，与其关联的所有身份都会获得该角色。"),
                    minimumRole: .owner, parameters: [account, role, scope],
                    examples: [
                        Example("!role grant alice moderator", replies: "alice is now a moderator on test."),
                        Example(
                            "!role grant alice moderator member",
                            replies:
                                "alice is now a moderator on test, with every identity of the member: alice on test."),
                    ]
                ) { call in
                    let network = call.speaker.network
                    let account = try call[account]
                    guard let role = Role(name: try call[role]) else { return .silent }
                    let grantor = try call.requireAccount()
                    let identities =
                        try call[scope] == nil
                        ? [(network: network, account: account)]
                        : try await info.memberIdentities(network: network, account: account)
                    for identity in identities {
                        try await info.roles.grant(
                            role, network: identity.network, account: identity.account, by: grantor)
                        call.log.info(
                            "role granted",
                            metadata: [
                                "network": identity.network, "account": identity.account, "role": "\(role)",
                                "by": grantor,
                            ])
                    }
                    let roleName = MessageArgument.text(call.text(CoreMessages.catalog, "role.an.\(role)"))
                    guard try call[scope] != nil else {
                        return .text(
                            call.text(
                                CoreMessages.catalog, "role.granted",
                                ["account": .text(account), "role": roleName, "network": .text(network)]))
                    }
                    let names = identities.map {
                        call.text(
                            CoreMessages.catalog, "identity.on",
                            ["account": .text($0.account), "network": .text($0.network)])
                    }
                    return .text(
                        call.text(
                            CoreMessages.catalog, "role.grantedMember",
                            [
                                "account": .text(account), "role": roleName, "network": .text(network),
                                "identities": .list(names),
                            ]))
                },
                .subcommand(
                    "list", summary: "Show who holds a role above member.".zh("列出拥有版主或管理员角色的人。"), minimumRole: .owner,
                    examples: [Example("!role list", matches: "Roles on test: .*alice \\(moderator\\).*")]
                ) { call in
                    let network = call.speaker.network
                    let grants = info.roles.grants().filter { $0.network == IdentityKey.network(network) }
                    guard !grants.isEmpty else {
                        return .text(call.text(CoreMessages.catalog, "role.nobody", ["network": .text(network)]))
                    }
                    let entries = grants.map { grant in
                        call.text(
                            CoreMessages.catalog, grant.fromConfiguration ? "role.entryConfig" : "role.entry",
                            [
                                "account": .text(grant.account),
                                "role": .text(call.text(CoreMessages.catalog, "role.name.\(grant.role)")),
                            ])
                    }
                    return .text(
                        call.text(
                            CoreMessages.catalog, "role.list", ["network": .text(network), "grants": .list(entries)]))
                },
                .subcommand(
                    "revoke", summary: "Make an account a plain member again.".zh("把某个账号恢复为普通成员。"), minimumRole: .owner,
                    parameters: [account],
                    examples: [Example("!role revoke alice", replies: "alice is a member again on test.")]
                ) { call in
                    let network = call.speaker.network
                    let account = try call[account]
                    let removed = try await info.roles.revoke(network: network, account: account)
                    let remaining = info.roles.role(network: network, account: account)
                    if remaining > .member {
                        let role =
                            call.language == .zh
                            ? call.text(CoreMessages.catalog, "role.an.\(remaining)") : "\(remaining)"
                        return .text(
                            call.text(
                                CoreMessages.catalog, "role.fromConfig",
                                ["account": .text(account), "role": .text(role)]))
                    }
                    return .text(
                        call.text(
                            CoreMessages.catalog, removed ? "role.revoked" : "role.noRole",
                            ["account": .text(account), "network": .text(network)]))
                },
            ])
    }
}
