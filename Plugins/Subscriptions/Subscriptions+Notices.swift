import AgentCore
public import Community
public import Foundation
import PluginSupport

extension Subscriptions {
    /// What a member is told when an owner gives them access.
    public static func grantNotice(
        _ title: String, _ subscription: Subscription, prefix: String, timeZone: TimeZone
    ) -> String {
        "You have been given \(title) (\(ReplyDates.until(subscription.endsAt, in: timeZone))). See \(prefix)mycourses."
    }

    /// What a member is told when their payment is confirmed.
    public static func paymentNotice(
        _ title: String, order: String, _ subscription: Subscription, prefix: String, timeZone: TimeZone
    ) -> String {
        "Your payment for \(title) (order \(order)) is confirmed: you have it "
            + "\(ReplyDates.until(subscription.endsAt, in: timeZone)). See \(prefix)mycourses."
    }
}
