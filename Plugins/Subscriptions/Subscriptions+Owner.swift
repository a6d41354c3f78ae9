import AgentCore
import Community
import Foundation
import PluginSupport

extension Subscriptions {
    var grantCommand: Command {
        let account = Parameter("account", .account)
        let course = Parameter("course", .course(in: catalog, .any))
        let days = Parameter("days", .integer(in: 1...settings.maximumDays)).optional
        return Command(
            "grant",
            summary: "Give a member access to a course (days: the course's own period when left out).".zh(
                "为成员开通课程（不填天数时按课程自身的有效期）。"),
            minimumRole: .owner, parameters: [account, course, days],
            examples: [
                Example("!grant alice rust-ownership 30", replies: "alice now has rust-ownership (until 2026-02-04).")
            ]
        ) { call in
            let account = try call[account]
            let course = try call[course]
            let slug = course.slug
            let grantor = try call.requireAccount()
            let member = Identity(network: call.speaker.network, account: account)
            let subscription = try await Self.explained(call) {
                try await subscriptions.grant(member, slug, days: try call[days], by: grantor, at: call.time)
            }
            call.log.info(
                "access granted",
                metadata: [
                    "member": "\(member)", "course": slug, "by": grantor,
                    "until": subscription.endsAt.map { $0.formatted(.iso8601) } ?? "no end",
                ])
            try await notices.notify(
                member,
                Self.grantNotice(
                    course.title, subscription, prefix: call.prefix, timeZone: call.timeZone,
                    language: try await language(of: member)),
                at: call.time, outlet: call.outlet, log: call.log)
            return .text(
                call.text(
                    Self.messages, "owner.granted",
                    ["account": .text(account), "course": .text(slug), "until": .text(Self.until(subscription, call))]))
        }
    }

    var revokeCommand: Command {
        let account = Parameter("account", .account)
        let course = Parameter("course", .course(in: catalog, .any))
        return Command(
            "revoke", summary: "End a member's access to a course now.".zh("立即结束某位成员的课程权限。"), minimumRole: .owner,
            parameters: [account, course],
            examples: [Example("!revoke alice rust-ownership", replies: "alice no longer has rust-ownership.")]
        ) { call in
            let account = try call[account]
            let slug = try call[course].slug
            let ended = try await subscriptions.cancel(
                Identity(network: call.speaker.network, account: account), slug,
                note: "revoked by \(try call.requireAccount())", at: call.time)
            call.log.info(
                "access revoked",
                metadata: [
                    "member": "\(Identity(network: call.speaker.network, account: account))", "course": slug,
                    "had_access": "\(ended)",
                    "by": try call.requireAccount(),
                ])
            return .text(
                call.text(
                    Self.messages, ended ? "owner.revoked" : "owner.notRevoked",
                    ["account": .text(account), "course": .text(slug)]))
        }
    }

    var codesCommand: Command {
        let course = Parameter("course", .course(in: catalog, .any))
        let count = Parameter("count", .integer(in: 1...50))
        let days = Parameter("days", .integer(in: 1...settings.maximumDays)).optional
        let uses = Parameter("uses", .integer(in: 1...100_000)).optional
        let create = CommandForm.main(
            summary: "Create redeem codes for a course (sent to you privately; more than 50 from the command line).".zh(
                "为课程生成兑换码（私聊发给你；超过 50 个请用命令行）。"),
            minimumRole: .owner, parameters: [course, count, days, uses],
            examples: [Example("!codes swift-concurrency 5 30 1", replies: "Sent you 5 codes privately.")]
        ) { call in
            let slug = try call[course].slug
            let (count, days, uses) = (try call[count], try call[days], try call[uses] ?? 1)
            let creator = try call.requireAccount()
            let codes = try await Self.explained(call) {
                try await subscriptions.createCodes(
                    for: slug, count: count, accessDays: days, uses: uses, by: creator, at: call.time)
            }
            call.log.info("codes created", metadata: ["course": slug, "count": "\(count)", "by": creator])
            let access =
                days.map { call.text(Self.messages, "owner.codesAccess", ["days": .number($0)]) }
                ?? call.text(Self.messages, "owner.codesCourseAccess")
            let lines =
                [
                    call.text(
                        Self.messages, "owner.codes",
                        [
                            "count": .number(count), "course": .text(slug), "uses": .number(uses),
                            "access": .text(access),
                        ])
                ]
                + codes.map(\.code)
            return call.conversation.isPrivate
                ? .lines(lines)
                : .privately(lines, pointer: call.text(Self.messages, "owner.codesSent", ["count": .number(count)]))
        }
        return Command(
            "codes", summary: "Create, list and withdraw redeem codes.".zh("生成、查看和作废兑换码。"),
            forms: [create, codesListForm, codesRevokeForm])
    }

    var confirmCommand: Command {
        let order = Parameter("order", .word)
        return Command(
            "confirm", summary: "Confirm a paid order and start its access (once).".zh("确认已付款的订单并开通课程（只会开通一次）。"),
            minimumRole: .owner,
            parameters: [order],
            examples: [
                Example(
                    "!confirm OAB12CD34",
                    replies: "Order OAB12CD34 confirmed: bob has rust-ownership (until 2026-07-04).")
            ]
        ) { call in
            let id = try call[order]
            switch try await Self.explained(
                call, { try await subscriptions.confirmOrder(id, at: call.time) })
            {
            case .activated(let subscription):
                call.log.info(
                    "order confirmed",
                    metadata: [
                        "order": id.uppercased(), "member": "\(subscription.member)",
                        "course": subscription.courseSlug, "by": try call.requireAccount(),
                    ])
                let title = try await catalog.course(subscription.courseSlug)?.title ?? subscription.courseSlug
                try await notices.notify(
                    subscription.member,
                    Self.paymentNotice(
                        title, order: id.uppercased(), subscription, prefix: call.prefix, timeZone: call.timeZone,
                        language: try await language(of: subscription.member)),
                    at: call.time, outlet: call.outlet, log: call.log)
                return .text(
                    call.text(
                        Self.messages, "owner.confirmed",
                        [
                            "order": .text(id.uppercased()), "account": .text(subscription.member.account),
                            "course": .text(subscription.courseSlug), "until": .text(Self.until(subscription, call)),
                        ])
                )
            case .alreadyConfirmed(let order):
                return .text(
                    call.text(
                        Self.messages, order.status == .paid ? "owner.alreadyConfirmed" : "owner.alreadyCancelled",
                        ["order": .text(order.id)])
                )
            }
        }
    }
}
