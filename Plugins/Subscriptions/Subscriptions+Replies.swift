import AgentCore
import Community
import Foundation
import PluginSupport

extension Subscriptions {
    /// Runs `body`, turning the subscription service's refusals into replies for the person.
    /// Replies are in the caller's language, dates in the community's zone.
    static func explained<T>(_ call: Invocation, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SubscriptionError {
            throw UserError(reply(for: error, in: call.language, zone: call.timeZone))
        }
    }

    /// The chat reply for each refusal of the subscription service.
    static func reply(for error: SubscriptionError, in language: Language, zone: TimeZone) -> String {
        let (key, arguments): (String, [String: MessageArgument]) =
            switch error {
            case .noSuchCourse(let slug): ("error.noSuchCourse", ["course": .text(slug)])
            case .noSuchOrder(let id): ("error.noSuchOrder", ["order": .text(id)])
            case .orderCourseGone(let id, let slug):
                ("error.orderCourseGone", ["order": .text(id), "course": .text(slug)])
            case .malformedCode(let text): ("error.malformedCode", ["code": .text(text)])
            case .noSuchCode(let code): ("error.noSuchCode", ["code": .text(code)])
            case .codeCourseWithdrawn: ("error.codeCourseWithdrawn", [:])
            case .codeNotYetValid(let code, let from):
                ("error.codeNotYetValid", ["code": .text(code), "from": .day(from)])
            case .codeExpired(let code): ("error.codeExpired", ["code": .text(code)])
            case .alreadyRedeemed(let code): ("error.alreadyRedeemed", ["code": .text(code)])
            case .alreadyActive(let slug, let until):
                (
                    "error.alreadyActive",
                    ["course": .text(slug), "until": .text(Self.until(until, in: language, zone: zone))]
                )
            case .codeExhausted(let code): ("error.codeExhausted", ["code": .text(code)])
            case .codeRevoked(let code): ("error.codeRevoked", ["code": .text(code)])
            case .codeCountOutOfRange: ("error.codeCount", [:])
            case .usesOutOfRange: ("error.uses", [:])
            case .daysOutOfRange(_, let maximum): ("error.days", ["maximum": .number(maximum)])
            }
        return messages.text(key, arguments, in: language, timeZone: zone)
    }

    /// `until 2026-12-01` or `no end date`.

}
