public import AgentCore
public import Community
public import Foundation
import PluginSupport

extension Subscriptions {
    /// What a member is told when an owner gives them access.
    public static func grantNotice(
        _ title: String, _ subscription: Subscription, prefix: String, timeZone: TimeZone, language: Language = .en
    ) -> String {
        messages.text(
            "notice.grant",
            [
                "title": .text(title), "until": .text(until(subscription.endsAt, in: language, zone: timeZone)),
                "command": .text(prefix + "mycourses"),
            ], in: language)
    }

    /// What a member is told when their payment is confirmed.
    public static func paymentNotice(
        _ title: String, order: String, _ subscription: Subscription, prefix: String, timeZone: TimeZone,
        language: Language = .en
    ) -> String {
        messages.text(
            "notice.payment",
            [
                "title": .text(title), "order": .text(order),
                "until": .text(until(subscription.endsAt, in: language, zone: timeZone)),
                "command": .text(prefix + "mycourses"),
            ], in: language)
    }

    /// The language a member reads notices in: their own choice, else the community's.
    func language(of identity: Identity) async throws -> Language {
        try await members.profile(of: identity).language.flatMap(Language.init(code:)) ?? settings.language
    }
}
