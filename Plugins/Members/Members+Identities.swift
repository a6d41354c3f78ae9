import AgentCore
import Community
import Foundation
import PluginSupport

extension Members {
    var whoamiCommand: Command {
        Command(
            "whoami",
            summary: "Show who the network says you are, and your linked identities.".zh("查看网络认定的你的身份，以及已关联的其他身份。"),
            examples: [Example("!whoami", replies: "You are example-owner, identified as example-owner on test.")]
        ) { call in
            guard let account = call.speaker.account else {
                return .text(
                    call.text(
                        Self.messages, "whoami.unidentified",
                        ["nick": .text(call.speaker.nick), "network": .text(call.speaker.network)]))
            }
            let identity = Identity(network: call.speaker.network, account: account)
            let others = try await members.identities(of: members.member(of: identity)).filter { $0 != identity }
            var text = call.text(
                Self.messages, "whoami.identified",
                ["nick": .text(call.speaker.nick), "account": .text(account), "network": .text(call.speaker.network)])
            if !others.isEmpty {
                text += call.text(Self.messages, "whoami.linked", ["identities": Self.names(others, call)])
            }
            return .text(text)
        }
    }

    var linkCommand: Command {
        let code = Parameter("code", .word).optional
        return Command(
            "link",
            summary:
                "Join your identities on several networks into one member: !link gives a code, !link <code> from the other network uses it."
                .zh("把你在多个网络上的身份合并为一个成员：!link 获取关联码，在另一个网络上发送 !link <关联码> 完成关联。"),
            parameters: [code],
            examples: [
                Example(
                    "!link", matches: "Your link code is [A-Z2-9]{4}-[A-Z2-9]{4} \\(valid 10 minutes\\)\\..*",
                    privately: true),
                Example(
                    "!link ZZZZ-ZZZZ", replies: "There is no link code ZZZZ-ZZZZ; ask for a new one with !link.",
                    privately: true),
            ]
        ) { call in
            let identity = try call.member()
            let command = MessageArgument.text(call.prefix + "link")
            guard let typed = try call[code] else {
                let made = try await members.linkCode(for: identity, at: call.time)
                call.log.info("link code made", metadata: ["member": "\(identity)"])
                let lines = [
                    call.text(
                        Self.messages, "link.code",
                        ["code": .text(made), "command": .text("\(call.prefix)link \(made)")])
                ]
                return call.conversation.isPrivate
                    ? .lines(lines) : .privately(lines, pointer: call.text(Self.messages, "link.codeSent"))
            }
            guard call.conversation.isPrivate else {
                // Anyone in the channel could use it first and join the member's subscriptions.
                try await members.cancelLinkCode(typed, at: call.time)
                call.log.notice("link code shown in a channel; cancelled", metadata: ["member": "\(identity)"])
                throw UserError(call.text(Self.messages, "link.notInChannel", ["command": command]))
            }
            let outcome: LinkOutcome
            do {
                outcome = try await members.link(typed, from: identity, at: call.time)
            } catch let error as LinkError {
                throw UserError(Self.reply(for: error, call))
            }
            call.log.info(
                "identities linked",
                metadata: [
                    "member": "\(outcome.member)",
                    "identities": outcome.identities.map(\.description).joined(separator: ","),
                ])
            // The other side is told in its own language when it chose one.
            let ownerLanguage =
                try await members.profile(of: outcome.codeOwner).language.flatMap(Language.init(code:))
                ?? call.language
            let notice = Self.messages.text(
                "link.notice",
                [
                    "identity": .text(Self.name(identity, in: ownerLanguage)),
                    "identities": .list(outcome.identities.map { Self.name($0, in: ownerLanguage) }),
                    "command": .text("\(call.prefix)unlink \(identity.network)"),
                ], in: ownerLanguage)
            try await notices.notify(outcome.codeOwner, notice, at: call.time, outlet: call.outlet, log: call.log)
            return .text(call.text(Self.messages, "link.done", ["identities": Self.names(outcome.identities, call)]))
        }
    }

    var unlinkCommand: Command {
        let network = Parameter("network", .word)
        return Command(
            "unlink",
            summary: "Separate your identity on a network from your member again.".zh("把某个网络上的身份从你的成员账号中解除关联。"),
            parameters: [network],
            examples: [
                Example(
                    "!unlink test",
                    replies: "You have only one identity (example-owner on test); there is nothing to unlink.")
            ]
        ) { call in
            let identity = try call.member()
            do {
                let separated = try await members.unlink(network: try call[network], of: identity, at: call.time)
                call.log.info("identity unlinked", metadata: ["member": "\(identity)", "separated": "\(separated)"])
                return .text(
                    call.text(
                        Self.messages, "unlink.done", ["identity": .text(Self.name(separated, in: call.language))]))
            } catch let error as LinkError {
                if case .onlyIdentity = error {
                    throw UserError(
                        call.text(
                            Self.messages, "unlink.only", ["identity": .text(Self.name(identity, in: call.language))]))
                }
                throw UserError(Self.reply(for: error, call))
            }
        }
    }

    /// `alice on libera` / `libera 上的 alice`.
    static func name(_ identity: Identity, in language: Language) -> String {
        messages.text(
            "identity", ["account": .text(identity.account), "network": .text(identity.network)], in: language)
    }

    static func names(_ identities: [Identity], _ call: Invocation) -> MessageArgument {
        .list(identities.map { name($0, in: call.language) })
    }

    static func reply(for error: LinkError, _ call: Invocation) -> String {
        switch error {
        case .noSuchCode(let code):
            call.text(messages, "link.noSuchCode", ["code": .text(code), "command": .text(call.prefix + "link")])
        case .codeExpired(let code):
            call.text(messages, "link.expired", ["code": .text(code), "command": .text(call.prefix + "link")])
        case .alreadyLinked: call.text(messages, "link.own")
        case .noIdentity(let network):
            call.text(
                messages, "unlink.noIdentity", ["network": .text(network), "command": .text(call.prefix + "whoami")])
        case .onlyIdentity: call.text(messages, "unlink.only", ["identity": .text("")])
        }
    }
}
