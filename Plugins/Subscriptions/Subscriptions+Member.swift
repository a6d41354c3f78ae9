import AgentCore
import Community
import Foundation
import PluginSupport

extension Subscriptions {
    var subscribeCommand: Command {
        let course = Parameter("course", .course(in: catalog, .published))
        return Command(
            "subscribe",
            summary: "Subscribe to a course (free ones at once; paid ones get payment details privately).".zh(
                "订阅课程（免费课程立即开通；付费课程会私聊发送付款方式）。"),
            parameters: [course],
            examples: [
                Example("!subscribe swift-basics", replies: "You're subscribed to Swift Basics (no end date). Enjoy!"),
                Example(
                    "!subscribe rust-ownership", replies: "Sent you the payment details for rust-ownership privately."),
            ]
        ) { call in
            let member = try call.member()
            let course = try call[course]
            switch try await Self.explained(
                call,
                {
                    try await subscriptions.subscribe(member, to: course.slug, at: call.time)
                })
            {
            case .activated(let subscription):
                call.log.info(
                    "subscribed", metadata: ["member": "\(member)", "course": course.slug, "source": "free"])
                return .text(
                    call.text(
                        Self.messages, "subscribe.done",
                        ["title": .text(course.title), "until": .text(Self.until(subscription, call))]))
            case .alreadyActive(let subscription):
                return .text(
                    call.text(
                        Self.messages, "subscribe.already",
                        ["title": .text(course.title), "until": .text(Self.until(subscription, call))]))
            case .paymentNeeded(let order, let url):
                let (access, price) = Self.terms(of: course, daysKey: "access.days", call)
                return Self.paymentDetails(
                    [
                        call.text(
                            Self.messages, "pay.cost",
                            ["title": .text(course.title), "price": price, "access": access]),
                        call.text(Self.messages, "pay.link", ["url": .text(url), "order": .text(order.id)]),
                        call.text(Self.messages, "pay.code", ["command": .text(call.prefix + "redeem")]),
                    ], pointer: "pay.sent", order: order, of: member, renewal: false, call)
            case .renewalNeeded(let order, let url, let current):
                let end = MessageArgument.text(Self.day(current.endsAt ?? call.time, call))
                let (access, price) = Self.terms(of: course, daysKey: "access.moreDays", call)
                return Self.paymentDetails(
                    [
                        call.text(
                            Self.messages, "renew.cost",
                            ["title": .text(course.title), "end": end, "price": price, "access": access]),
                        call.text(Self.messages, "renew.link", ["url": .text(url), "order": .text(order.id)]),
                        call.text(Self.messages, "renew.code", ["command": .text(call.prefix + "redeem"), "end": end]),
                    ], pointer: "renew.sent", order: order, of: member, renewal: true, call)
            }
        }
    }

    /// A paid course's access period (`daysKey` words a number of days) and price, for the reader.
    static func terms(
        of course: Course, daysKey: String, _ call: Invocation
    ) -> (
        access: MessageArgument, price: MessageArgument
    ) {
        let access =
            course.accessDays.map { call.text(messages, daysKey, ["days": .number($0)]) }
            ?? call.text(messages, "access.unlimited")
        return (.text(access), .text("\(course.price)"))
    }

    /// Logs the order and sends its details privately (with a pointer in a channel).
    static func paymentDetails(
        _ lines: [String], pointer: String, order: Order, of member: Identity, renewal: Bool, _ call: Invocation
    ) -> Reply {
        call.log.info(
            renewal ? "renewal order awaiting payment" : "order awaiting payment",
            metadata: [
                "order": order.id, "member": "\(member)", "course": order.courseSlug, "price": "\(order.price)",
            ])
        guard !call.conversation.isPrivate else { return .lines(lines) }
        return .privately(lines, pointer: call.text(messages, pointer, ["course": .text(order.courseSlug)]))
    }

    var redeemCommand: Command {
        let code = Parameter("code", .word)
        return Command(
            "redeem", summary: "Redeem a code for a course (best sent privately).".zh("使用兑换码开通课程（建议私聊发送）。"),
            parameters: [code],
            examples: [
                Example(
                    "!redeem K7QX-M2PD-ZR9T",
                    replies: "Code accepted: you have Swift Concurrency 并发编程 (until 2027-01-05).",
                    privately: true)
            ]
        ) { call in
            let member = try call.member()
            let redemption = try await Self.explained(call) {
                try await subscriptions.redeem(try call[code], for: member, at: call.time)
            }
            let subscription = redemption.subscription
            let title = try await catalog.course(subscription.courseSlug)?.title ?? subscription.courseSlug
            call.log.info(
                "code redeemed",
                metadata: [
                    "member": "\(member)", "course": subscription.courseSlug, "extended": "\(redemption.extended)",
                ])
            let until = MessageArgument.text(Self.until(subscription, call))
            var text = call.text(
                Self.messages, redemption.extended ? "redeem.extended" : "redeem.done",
                ["title": .text(title), "until": until])
            if !redemption.closedOrders.isEmpty {
                text += call.text(
                    Self.messages, "redeem.closed",
                    [
                        "count": .number(redemption.closedOrders.count),
                        "orders": .list(redemption.closedOrders.map(\.id)),
                    ])
            }
            return .text(text)
        }
    }

    var unsubscribeCommand: Command {
        let course = Parameter("course", .course(in: catalog, .any))
        let confirm = Parameter("confirm", .choice(["confirm"])).optional
        return Command(
            "unsubscribe", summary: "End your subscription to a course (asks to confirm).".zh("退订课程（会先请你确认）。"),
            parameters: [course, confirm],
            examples: [
                Example(
                    "!unsubscribe swift-basics",
                    replies:
                        "This ends your access to swift-basics now (otherwise no end date). To confirm: !unsubscribe swift-basics confirm"
                ),
                Example(
                    "!unsubscribe swift-basics confirm", replies: "Done: your subscription to swift-basics has ended."),
            ]
        ) { call in
            let member = try call.member()
            let slug = try call[course].slug
            let active = try await subscriptions.activeSubscriptions(of: member, at: call.time).filter {
                $0.courseSlug == slug
            }
            guard let current = active.last else {
                throw UserError(
                    call.text(
                        Self.messages, "unsubscribe.none",
                        ["course": .text(slug), "command": .text(call.prefix + "mycourses")]))
            }
            guard try call[confirm] != nil else {
                return .text(
                    call.text(
                        Self.messages, "unsubscribe.confirm",
                        [
                            "course": .text(slug), "until": .text(Self.until(current, call)),
                            "command": .text("\(call.prefix)unsubscribe \(slug) confirm"),
                        ]))
            }
            try await subscriptions.cancel(member, slug, note: "cancelled by the member", at: call.time)
            call.log.info("unsubscribed", metadata: ["member": "\(member)", "course": slug])
            return .text(call.text(Self.messages, "unsubscribe.done", ["course": .text(slug)]))
        }
    }

    var myCoursesCommand: Command {
        Command(
            "mycourses", summary: "List your courses and their end dates.".zh("列出你的课程及到期日期。"),
            examples: [
                Example(
                    "!mycourses",
                    matches:
                        "Your courses: swift-concurrency \\(until 2027-01-05\\), rust-ownership \\(awaiting payment, order O[A-Z0-9]{8}\\)"
                )
            ]
        ) { call in
            let member = try call.member()
            let active = try await subscriptions.activeSubscriptions(of: member, at: call.time)
            let pending = try await subscriptions.pendingOrders(of: member)
            guard !active.isEmpty || !pending.isEmpty else {
                return .text(call.text(Self.messages, "mycourses.none", ["command": .text(call.prefix + "courses")]))
            }
            var parts = Dictionary(grouping: active, by: \.courseSlug).keys.sorted().map { slug -> String in
                let latest = active.filter { $0.courseSlug == slug }
                let end = latest.contains { $0.endsAt == nil } ? nil : latest.compactMap(\.endsAt).max()
                let until = Self.until(end, in: call.language, zone: call.timeZone)
                return call.text(Self.messages, "mycourses.item", ["course": .text(slug), "until": .text(until)])
            }
            parts += pending.map {
                call.text(
                    Self.messages, "mycourses.pending", ["course": .text($0.courseSlug), "order": .text($0.id)])
            }
            return .text(call.text(Self.messages, "mycourses.list", ["courses": .list(parts)]))
        }
    }
}
