import AgentCore
import Community
import Foundation
import PluginSupport

extension Subscriptions {
    /// Runs `body`, turning the subscription service's refusals into replies for the person.
    /// Dates in the replies are days in `zone`.
    static func explained<T>(in zone: TimeZone, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SubscriptionError {
            throw UserError(reply(for: error, in: zone))
        }
    }

    /// The chat reply for each refusal of the subscription service.
    static func reply(for error: SubscriptionError, in zone: TimeZone) -> String {
        switch error {
        case .noSuchCourse(let slug): "There is no course \"\(slug)\"."
        case .noSuchOrder(let id): "There is no order \"\(id)\"."
        case .orderCourseGone(let id, let slug): "Order \(id) is for \(slug), which is no longer in the catalog."
        case .malformedCode(let text): "\"\(text)\" is not a valid code."
        case .noSuchCode(let code): "The code \(code) does not exist; check for typos."
        case .codeCourseWithdrawn: "The course of this code is no longer offered."
        case .codeNotYetValid(let code, let from): "The code \(code) is valid from \(ReplyDates.day(from, in: zone))."
        case .codeExpired(let code): "The code \(code) has expired."
        case .alreadyRedeemed(let code): "You have already redeemed \(code)."
        case .alreadyActive(let slug, let until):
            "You already have \(slug)\(until.map { " until \(ReplyDates.day($0, in: zone))" } ?? ""); keep the code for someone else."
        case .codeExhausted(let code): "The code \(code) has been used up."
        case .codeRevoked(let code): "The code \(code) has been withdrawn."
        case .codeCountOutOfRange: "Create between 1 and 1000 codes at a time."
        case .usesOutOfRange: "A code allows between 1 and 100000 uses."
        case .daysOutOfRange(_, let maximum): "Days must be from 1 to \(maximum)."
        }
    }

    /// `until 2026-12-01` or `no end date`.
    static func until(_ subscription: Subscription, in zone: TimeZone) -> String {
        ReplyDates.until(subscription.endsAt, in: zone)
    }
}
