import AgentCore
import Community
import Foundation

extension Subscriptions {
    var subscribeCommand: Command {
        Command(
            "subscribe", usage: "<slug>",
            summary: "Subscribe to a course (free ones at once; paid ones get payment details privately).",
            examples: [Example("!subscribe swift-basics")]
        ) { call in
            let member = try member(call)
            let slug = try call.arguments.required(0, "slug").lowercased()
            try call.arguments.expectAtMost(1)
            guard let course = try await catalog.course(slug), course.status == .published else {
                throw try await unknownCourse(slug, call)
            }
            switch try await subscriptions.subscribe(member, to: slug, at: call.time) {
            case .activated(let subscription):
                call.log.info("subscribed", metadata: ["course": slug, "source": "free"])
                return .text("You're subscribed to \(course.title) (\(Self.until(subscription))). Enjoy!")
            case .alreadyActive(let subscription):
                return .text("You already have \(course.title) (\(Self.until(subscription))).")
            case .paymentNeeded(let order, let url):
                let access = course.accessDays.map { "\($0) days of access" } ?? "unlimited access"
                let lines = [
                    "\(course.title) costs \(course.price) for \(access).",
                    "Pay here: \(url) (order \(order.id)). Access starts as soon as the payment is confirmed.",
                    "Have a code? Send me: \(call.prefix)redeem <code>",
                ]
                return call.conversation.isPrivate
                    ? .lines(lines) : .privately(lines, pointer: "Sent you the payment details for \(slug) privately.")
            }
        }
    }

    var redeemCommand: Command {
        Command(
            "redeem", usage: "<code>", summary: "Redeem a code for a course (best sent privately).",
            examples: [Example("!redeem K7QX-M2PD-ZR9T")]
        ) { call in
            let member = try member(call)
            let code = try call.arguments.required(0, "code")
            try call.arguments.expectAtMost(1)
            let subscription = try await Self.explained {
                try await subscriptions.redeem(code, for: member, at: call.time)
            }
            let title = try await catalog.course(subscription.courseSlug)?.title ?? subscription.courseSlug
            call.log.info("code redeemed", metadata: ["course": subscription.courseSlug])
            return .text("Code accepted: you have \(title) (\(Self.until(subscription))).")
        }
    }

    var unsubscribeCommand: Command {
        Command(
            "unsubscribe", usage: "<slug> [confirm]", summary: "End your subscription to a course (asks to confirm).",
            examples: [Example("!unsubscribe swift-basics confirm")]
        ) { call in
            let member = try member(call)
            let slug = try call.arguments.required(0, "slug").lowercased()
            try call.arguments.expectAtMost(2)
            let confirmed = call.arguments[1]?.lowercased() == "confirm"
            if let extra = call.arguments[1], !confirmed {
                throw UserError("\"\(extra)\" is not \"confirm\". Usage: \(call.arguments.usage)")
            }
            let active = try await subscriptions.activeSubscriptions(of: member, at: call.time).filter {
                $0.courseSlug == slug
            }
            guard let current = active.last else {
                throw UserError("You have no active subscription to \(slug); see \(call.prefix)mycourses.")
            }
            guard confirmed else {
                return .text(
                    "This ends your access to \(slug) now (otherwise \(Self.until(current))). To confirm: \(call.prefix)unsubscribe \(slug) confirm"
                )
            }
            try await subscriptions.cancel(member, slug, note: "cancelled by the member", at: call.time)
            call.log.info("unsubscribed", metadata: ["course": slug])
            return .text("Done: your subscription to \(slug) has ended.")
        }
    }

    var myCoursesCommand: Command {
        Command("mycourses", summary: "List your courses and their end dates.", examples: [Example("!mycourses")]) {
            call in
            let member = try member(call)
            let active = try await subscriptions.activeSubscriptions(of: member, at: call.time)
            let pending = try await subscriptions.pendingOrders(of: member)
            guard !active.isEmpty || !pending.isEmpty else {
                return .text("You have no courses yet; see \(call.prefix)courses.")
            }
            var parts = Dictionary(grouping: active, by: \.courseSlug).keys.sorted().map { slug -> String in
                let latest = active.filter { $0.courseSlug == slug }
                let end = latest.contains { $0.endsAt == nil } ? nil : latest.compactMap(\.endsAt).max()
                return "\(slug) (\(end.map { "until \(Self.day($0))" } ?? "no end date"))"
            }
            parts += pending.map { "\($0.courseSlug) (awaiting payment, order \($0.id))" }
            return .text("Your courses: \(parts.joined(separator: ", "))")
        }
    }

    /// The unknown-course reply shared with the Courses plugin's wording.
    func unknownCourse(_ slug: String, _ call: Invocation) async throws -> UserError {
        let close = Suggestions.closest(to: slug, among: try await catalog.slugs(), limit: 2)
        let hint = close.isEmpty ? " See \(call.prefix)courses." : " Did you mean \(close.joined(separator: " or "))?"
        return UserError("There is no course \"\(slug)\".\(hint)")
    }
}
