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
                    "You are \(call.speaker.nick), not identified on \(call.speaker.network): log in with NickServ (or SASL) to link networks and keep subscriptions."
                )
            }
            let identity = Identity(network: call.speaker.network, account: account)
            let others = try await members.identities(of: members.member(of: identity)).filter { $0 != identity }
            var text = "You are \(call.speaker.nick), identified as \(account) on \(call.speaker.network)."
            if !others.isEmpty {
                text += " Linked: " + others.map { "\($0.account) on \($0.network)" }.joined(separator: ", ") + "."
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
            guard let typed = try call[code] else {
                let made = try await members.linkCode(for: identity, at: call.time)
                call.log.info("link code made", metadata: ["member": "\(identity)"])
                let lines = [
                    "Your link code is \(made) (valid 10 minutes). From your other network or account, send me: \(call.prefix)link \(made)"
                ]
                return call.conversation.isPrivate
                    ? .lines(lines) : .privately(lines, pointer: "Sent you a link code privately.")
            }
            guard call.conversation.isPrivate else {
                // Anyone in the channel could use it first and join the member's subscriptions.
                try await members.cancelLinkCode(typed, at: call.time)
                call.log.notice("link code shown in a channel; cancelled", metadata: ["member": "\(identity)"])
                throw UserError(
                    "Link codes work only in a private message to me, so that code is now cancelled. Send \(call.prefix)link for a new one and give it to me privately."
                )
            }
            let outcome: LinkOutcome
            do {
                outcome = try await members.link(typed, from: identity, at: call.time)
            } catch let error as LinkError {
                throw UserError(Self.reply(for: error, prefix: call.prefix))
            }
            let names = outcome.identities.map { "\($0.account) on \($0.network)" }.joined(separator: ", ")
            call.log.info(
                "identities linked",
                metadata: [
                    "member": "\(outcome.member)",
                    "identities": outcome.identities.map(\.description).joined(separator: ","),
                ])
            try await notices.notify(
                outcome.codeOwner,
                "\(identity.account) on \(identity.network) is now linked to you: your subscriptions and history are shared (\(names)). If this was not you, send \(call.prefix)unlink \(identity.network).",
                at: call.time, outlet: call.outlet, log: call.log)
            return .text("Linked: you are one member as \(names). Your subscriptions and history are shared.")
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
                    "\(separated.account) on \(separated.network) is a member of its own again; what you shared stays with you."
                )
            } catch let error as LinkError {
                switch error {
                case .onlyIdentity:
                    throw UserError(
                        "You have only one identity (\(identity.account) on \(identity.network)); there is nothing to unlink."
                    )
                default: throw UserError(Self.reply(for: error, prefix: call.prefix))
                }
            }
        }
    }

    static func reply(for error: LinkError, prefix: String) -> String {
        switch error {
        case .noSuchCode(let code): "There is no link code \(code); ask for a new one with \(prefix)link."
        case .codeExpired(let code):
            "The link code \(code) has expired or was used; ask for a new one with \(prefix)link."
        case .alreadyLinked: "That code is your own: send it from your other network or account."
        case .noIdentity(let network): "You have no identity on \(network); see \(prefix)whoami."
        case .onlyIdentity: "You have only one identity; there is nothing to unlink."
        }
    }
}
