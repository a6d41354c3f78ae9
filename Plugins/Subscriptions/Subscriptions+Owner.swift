import AgentCore
import Community
import Foundation

extension Subscriptions {
    var grantCommand: Command {
        Command(
            "grant", usage: "<account> <slug> [days]", summary: "Give a member access to a course.",
            minimumRole: .owner,
            examples: [Example("!grant alice rust-ownership 30")]
        ) { call in
            let account = try call.arguments.required(0, "account")
            let slug = try call.arguments.required(1, "slug").lowercased()
            let days = try call.arguments.optional(2, "days", as: Int.self)
            try call.arguments.expectAtMost(3)
            let grantor = try call.requireAccount()
            let subscription = try await Self.explained {
                try await subscriptions.grant(
                    MemberID(network: call.speaker.network, account: account), slug, days: days, by: grantor,
                    at: call.time)
            }
            call.log.notice("access granted", metadata: ["account": account, "course": slug])
            return .text("\(account) now has \(slug) (\(Self.until(subscription))).")
        }
    }

    var revokeCommand: Command {
        Command(
            "revoke", usage: "<account> <slug>", summary: "End a member's access to a course now.", minimumRole: .owner,
            examples: [Example("!revoke alice rust-ownership")]
        ) { call in
            let account = try call.arguments.required(0, "account")
            let slug = try call.arguments.required(1, "slug").lowercased()
            try call.arguments.expectAtMost(2)
            let ended = try await subscriptions.cancel(
                MemberID(network: call.speaker.network, account: account), slug,
                note: "revoked by \(try call.requireAccount())", at: call.time)
            call.log.notice("access revoked", metadata: ["account": account, "course": slug, "had_access": "\(ended)"])
            return .text(
                ended ? "\(account) no longer has \(slug)." : "\(account) had no active subscription to \(slug).")
        }
    }

    var codesCommand: Command {
        Command(
            "codes", usage: "<slug> <count> [days] [uses]",
            summary: "Create redeem codes for a course (sent to you privately).",
            minimumRole: .owner, examples: [Example("!codes swift-concurrency 5 30 1")]
        ) { call in
            let slug = try call.arguments.required(0, "slug").lowercased()
            let count = try call.arguments.required(1, "count", as: Int.self)
            let days = try call.arguments.optional(2, "days", as: Int.self)
            let uses = try call.arguments.optional(3, "uses", as: Int.self) ?? 1
            try call.arguments.expectAtMost(4)
            guard (1...50).contains(count) else {
                throw UserError("<count> must be from 1 to 50 in chat; use the command line for more.")
            }
            let creator = try call.requireAccount()
            let codes = try await Self.explained {
                try await subscriptions.createCodes(
                    for: slug, count: count, accessDays: days, uses: uses, by: creator, at: call.time)
            }
            call.log.notice("codes created", metadata: ["course": slug, "count": "\(count)"])
            let access = days.map { "\($0) days" } ?? "the course's access period"
            let lines =
                [
                    "\(count) code\(count == 1 ? "" : "s") for \(slug) (\(uses) use\(uses == 1 ? "" : "s") each, \(access)):"
                ]
                + codes.map(\.code)
            return call.conversation.isPrivate
                ? .lines(lines)
                : .privately(lines, pointer: "Sent you \(count) code\(count == 1 ? "" : "s") privately.")
        }
    }

    var confirmCommand: Command {
        Command(
            "confirm", usage: "<order>", summary: "Confirm a paid order and start its access (once).",
            minimumRole: .owner,
            examples: [Example("!confirm OAB12CD34")]
        ) { call in
            let id = try call.arguments.required(0, "order")
            try call.arguments.expectAtMost(1)
            switch try await Self.explained({ try await subscriptions.confirmOrder(id, at: call.time) }) {
            case .activated(let subscription):
                call.log.notice(
                    "order confirmed", metadata: ["order": id.uppercased(), "course": subscription.courseSlug])
                return .text(
                    "Order \(id.uppercased()) confirmed: \(subscription.member.account) has \(subscription.courseSlug) (\(Self.until(subscription)))."
                )
            case .alreadyConfirmed(let order):
                return .text(
                    "Order \(order.id) was already \(order.status == .paid ? "confirmed" : order.status.rawValue); nothing changed."
                )
            }
        }
    }
}
