import AgentCore
import Community
import Foundation
import PluginSupport

/// Owners' views of who has what: orders, subscribers and codes. Member data always goes
/// privately, with a pointer where the command was typed.
extension Subscriptions {
    var ordersCommand: Command {
        let status = Parameter("status", .choice(["pending", "paid", "cancelled"])).optional
        return Command(
            "orders",
            summary: "List orders by status (pending when left out), with revenue for paid ones.".zh(
                "按状态列出订单（默认待付款），已付款订单附带收入合计。"),
            minimumRole: .owner, parameters: [status],
            examples: [
                Example("!orders pending", matches: "[0-9]+ pending orders?:|No pending orders\\.", privately: true)
            ]
        ) { call in
            let wanted = Order.Status(rawValue: try call[status] ?? "pending") ?? .pending
            let orders = try await subscriptions.orders(status: wanted)
            let status = MessageArgument.text(call.text(Self.messages, "status.\(wanted.rawValue)"))
            guard !orders.isEmpty else { return .text(call.text(Self.messages, "views.noOrders", ["status": status])) }
            var header = call.text(Self.messages, "views.orders", ["count": .number(orders.count), "status": status])
            if wanted == .paid {
                let revenue = try await subscriptions.revenue().map(\.description)
                header += call.text(Self.messages, "views.revenue", ["revenue": .list(revenue)])
            }
            let lines = orders.map { order in
                "\(order.id)  \(order.member)  \(order.courseSlug)  \(order.price)  " + Self.day(order.createdAt, call)
            }
            return Self.ownerView([call.text(Self.messages, "views.header", ["text": .text(header)])] + lines, call)
        }
    }

    var subscribersCommand: Command {
        let course = Parameter("course", .course(in: catalog, .any)).optional
        return Command(
            "subscribers",
            summary: "Who has a course now; without a course, how many have each.".zh("查看谁在学某门课程；不指定课程时列出每门课程的人数。"),
            minimumRole: .owner, parameters: [course],
            examples: [
                Example(
                    "!subscribers rust-ownership", matches: "[0-9]+ members? ha(s|ve) rust-ownership:",
                    privately: true),
                Example("!subscribers", matches: "Active subscriptions: .*", privately: true),
            ]
        ) { call in
            guard let course = try call[course] else {
                let counts = try await subscriptions.activeCounts(at: call.time)
                guard !counts.isEmpty else { return .text(call.text(Self.messages, "views.nobody")) }
                let list = counts.map { "\($0.course) \($0.members)" }
                return Self.ownerView([call.text(Self.messages, "views.counts", ["counts": .list(list)])], call)
            }
            let active = try await subscriptions.subscriptions(course: course.slug, status: .active, at: call.time)
            var latest: [Identity: Subscription] = [:]
            for subscription in active where latest[subscription.member] == nil {
                latest[subscription.member] = subscription
            }
            guard !latest.isEmpty else {
                return .text(call.text(Self.messages, "views.nobodyHas", ["course": .text(course.slug)]))
            }
            let lines = latest.values.sorted { "\($0.member)" < "\($1.member)" }.map { subscription in
                let source = call.text(Self.messages, "source.\(subscription.source.rawValue)")
                return call.text(
                    Self.messages, "views.subscriber",
                    [
                        "member": .text("\(subscription.member)"), "until": .text(Self.until(subscription, call)),
                        "source": .text(source + (subscription.reference.map { " \($0)" } ?? "")),
                    ])
            }
            let header = call.text(
                Self.messages, "views.members", ["count": .number(latest.count), "course": .text(course.slug)])
            return Self.ownerView([header] + lines, call)
        }
    }

    /// `!codes list <course>`: every code for a course with its uses and state.
    var codesListForm: CommandForm {
        let course = Parameter("course", .course(in: catalog, .any))
        return .subcommand(
            "list", summary: "List a course's codes with their uses.".zh("列出某门课程的兑换码及使用次数。"), minimumRole: .owner,
            parameters: [course],
            examples: [
                Example(
                    "!codes list swift-concurrency", matches: "[0-9]+ codes? for swift-concurrency:", privately: true)
            ]
        ) { call in
            let slug = try call[course].slug
            let codes = try await subscriptions.codes(course: slug)
            guard !codes.isEmpty else {
                return .text(call.text(Self.messages, "views.noCodes", ["course": .text(slug)]))
            }
            let lines = codes.map { code in
                var state = call.text(
                    Self.messages, "views.codeUses", ["uses": .number(code.uses), "max": .number(code.maximumUses)])
                if let until = code.validUntil {
                    state += call.text(Self.messages, "views.codeValid", ["end": .text(Self.day(until, call))])
                }
                if code.revokedAt != nil { state += call.text(Self.messages, "views.codeWithdrawn") }
                return "\(code.code)  \(state)"
            }
            let header = call.text(
                Self.messages, "views.codes", ["count": .number(codes.count), "course": .text(slug)])
            return Self.ownerView([header] + lines, call)
        }
    }

    /// `!codes revoke <code>`: withdraws a leaked code.
    var codesRevokeForm: CommandForm {
        let code = Parameter("code", .word)
        return .subcommand(
            "revoke", summary: "Withdraw a code so it can no longer be redeemed.".zh("作废兑换码，之后无法再使用。"),
            minimumRole: .owner,
            parameters: [code],
            examples: [
                Example(
                    "!codes revoke K7QX-M2PD-ZR9T",
                    replies:
                        "Code K7QX-M2PD-ZR9T withdrawn: it can no longer be redeemed (1 of 1 use taken; access already given stays)."
                )
            ]
        ) { call in
            let revoked = try await Self.explained(call) {
                try await subscriptions.revokeCode(try call[code], at: call.time)
            }
            call.log.info(
                "code withdrawn",
                metadata: ["code": revoked.code, "course": revoked.courseSlug, "by": try call.requireAccount()])
            return .text(
                call.text(
                    Self.messages, "views.withdrawn",
                    [
                        "code": .text(revoked.code), "uses": .number(revoked.uses),
                        "max": .number(revoked.maximumUses),
                    ]))
        }
    }

    /// Owner data goes privately; in a channel, only a pointer stays there.
    static func ownerView(_ lines: [String], _ call: Invocation) -> Reply {
        call.conversation.isPrivate
            ? .lines(lines) : .privately(lines, pointer: call.text(messages, "views.sent"))
    }
}
