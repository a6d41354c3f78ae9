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
                in: call.timeZone,
                {
                    try await subscriptions.subscribe(member, to: course.slug, at: call.time)
                })
            {
            case .activated(let subscription):
                call.log.info(
                    "subscribed", metadata: ["member": "\(member)", "course": course.slug, "source": "free"])
                return .text(
                    "You're subscribed to \(course.title) (\(Self.until(subscription, in: call.timeZone))). Enjoy!")
            case .alreadyActive(let subscription):
                return .text("You already have \(course.title) (\(Self.until(subscription, in: call.timeZone))).")
            case .paymentNeeded(let order, let url):
                call.log.info(
                    "order awaiting payment",
                    metadata: [
                        "order": order.id, "member": "\(member)", "course": course.slug, "price": "\(order.price)",
                    ])
                let access = course.accessDays.map { "\($0) days of access" } ?? "unlimited access"
                let lines = [
                    "\(course.title) costs \(course.price) for \(access).",
                    "Pay here: \(url) (order \(order.id)). Access starts as soon as the payment is confirmed.",
                    "Have a code? Send me: \(call.prefix)redeem <code>",
                ]
                return call.conversation.isPrivate
                    ? .lines(lines)
                    : .privately(lines, pointer: "Sent you the payment details for \(course.slug) privately.")
            case .renewalNeeded(let order, let url, let current):
                call.log.info(
                    "renewal order awaiting payment",
                    metadata: [
                        "order": order.id, "member": "\(member)", "course": course.slug, "price": "\(order.price)",
                    ])
                let end = ReplyDates.day(current.endsAt ?? call.time, in: call.timeZone)
                let access = course.accessDays.map { "\($0) more days" } ?? "unlimited access"
                let lines = [
                    "You have \(course.title) until \(end). Renewing costs \(course.price) for \(access), counted from \(end).",
                    "Pay here: \(url) (order \(order.id)). Your access continues without a gap once it is confirmed.",
                    "Have a code? Send me: \(call.prefix)redeem <code> (it also extends from \(end)).",
                ]
                return call.conversation.isPrivate
                    ? .lines(lines)
                    : .privately(lines, pointer: "Sent you the renewal details for \(course.slug) privately.")
            }
        }
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
            let redemption = try await Self.explained(in: call.timeZone) {
                try await subscriptions.redeem(try call[code], for: member, at: call.time)
            }
            let subscription = redemption.subscription
            let title = try await catalog.course(subscription.courseSlug)?.title ?? subscription.courseSlug
            call.log.info(
                "code redeemed",
                metadata: [
                    "member": "\(member)", "course": subscription.courseSlug, "extended": "\(redemption.extended)",
                ])
            let until = ReplyDates.until(subscription.endsAt, in: call.timeZone)
            var text =
                redemption.extended
                ? "Code accepted: your access to \(title) now runs \(until)."
                : "Code accepted: you have \(title) (\(until))."
            if !redemption.closedOrders.isEmpty {
                let ids = redemption.closedOrders.map(\.id).joined(separator: ", ")
                let noun = redemption.closedOrders.count == 1 ? "order \(ids) is" : "orders \(ids) are"
                text += " Your pending \(noun) no longer needed and closed."
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
                throw UserError("You have no active subscription to \(slug); see \(call.prefix)mycourses.")
            }
            guard try call[confirm] != nil else {
                return .text(
                    "This ends your access to \(slug) now (otherwise \(Self.until(current, in: call.timeZone))). To confirm: \(call.prefix)unsubscribe \(slug) confirm"
                )
            }
            try await subscriptions.cancel(member, slug, note: "cancelled by the member", at: call.time)
            call.log.info("unsubscribed", metadata: ["member": "\(member)", "course": slug])
            return .text("Done: your subscription to \(slug) has ended.")
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
                return .text("You have no courses yet; see \(call.prefix)courses.")
            }
            var parts = Dictionary(grouping: active, by: \.courseSlug).keys.sorted().map { slug -> String in
                let latest = active.filter { $0.courseSlug == slug }
                let end = latest.contains { $0.endsAt == nil } ? nil : latest.compactMap(\.endsAt).max()
                return "\(slug) (\(ReplyDates.until(end, in: call.timeZone)))"
            }
            parts += pending.map { "\($0.courseSlug) (awaiting payment, order \($0.id))" }
            return .text("Your courses: \(parts.joined(separator: ", "))")
        }
    }
}
