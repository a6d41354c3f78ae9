import AgentCore
public import Community
public import Foundation
import PluginSupport
import Synchronization

extension Subscriptions {
    /// Tells `member` privately now when the network vouches that they are here under the nick
    /// they were last seen with; otherwise the notice waits (three days) until they are seen.
    func notify(_ member: Identity, _ text: String, at now: Date, outlet: any Outlet, log: Logger) async throws {
        try await members.queueNotice(text, for: member, at: now)
        waiting.add(member)
        try await deliverWaiting(to: member, outlet: outlet, at: now, log: log)
    }

    /// Sends `member`'s waiting notices when they can be reached: `nick` when they were just
    /// seen speaking or joining, else their last nick if the network confirms it is them.
    func deliverWaiting(
        to member: Identity, seenAs nick: String? = nil, outlet: any Outlet, at now: Date, log: Logger
    ) async throws {
        let target: String
        if let nick {
            target = nick
        } else {
            guard let last = try await members.lastNick(of: member),
                case .identified(let account) = await outlet.lookUp(nick: last, on: member.network),
                account.lowercased() == member.account
            else { return }
            target = last
        }
        for notice in try await members.waitingNotices(for: member, at: now) {
            guard try await members.markDelivered(notice, at: now) else { continue }
            await outlet.perform(.say(.privateChat(with: target, on: member.network), notice.text), on: member.network)
            log.info("notice delivered", metadata: ["member": "\(member)", "nick": target, "notice": "\(notice.id)"])
        }
        waiting.remove(member)
    }

    /// Re-reads who has notices waiting (the command line queues them too) and delivers those
    /// whose member can be reached now.
    func deliverAllWaiting(outlet: any Outlet, at now: Date, log: Logger) async throws {
        let pending = Set(try await members.waitingNotices(at: now).map(\.member))
        waiting.replace(with: pending)
        for member in pending { try await deliverWaiting(to: member, outlet: outlet, at: now, log: log) }
    }
}

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

/// The members with notices waiting, kept in memory so the chat path checks a set, not SQLite.
final class WaitingNotices: Sendable {
    private let members = Mutex<Set<Identity>>([])

    func add(_ member: Identity) { _ = members.withLock { $0.insert(member) } }
    func remove(_ member: Identity) { _ = members.withLock { $0.remove(member) } }
    func contains(_ member: Identity) -> Bool { members.withLock { $0.contains(member) } }
    func replace(with members: Set<Identity>) { self.members.withLock { $0 = members } }
}
