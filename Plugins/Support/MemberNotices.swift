public import AgentCore
public import Community
public import Foundation
import Synchronization

/// Private messages for members that may be away: sent at once when the network vouches the
/// member is online under the nick they were last seen with, otherwise kept (three days) and
/// sent when they are next seen. One instance is shared by every plugin that tells members
/// things, so the chat path checks an in-memory set rather than SQLite.
public final class MemberNotices: Sendable {
    let members: MemberDirectory
    private let waiting = Mutex<Set<Identity>>([])
    /// The nick each member was last remembered with, so the directory is written only on change.
    private let lastNicks = Mutex<[Identity: String]>([:])

    /// Notices kept in `members`' tables.
    public init(members: MemberDirectory) {
        self.members = members
    }

    /// Queues `text` for `identity` and sends it now if they can be reached; otherwise it waits
    /// for them for `keepFor` seconds (three days unless said).
    public func notify(
        _ identity: Identity, _ text: String, at now: Date, keepFor: TimeInterval = 3 * 86_400, outlet: any Outlet,
        log: Logger
    )
        async throws
    {
        try await members.queueNotice(text, for: identity, at: now, keepFor: keepFor)
        _ = waiting.withLock { $0.insert(identity) }
        try await deliver(to: identity, outlet: outlet, at: now, log: log)
    }

    /// What a chat event tells about members: the nick an identified member speaks or joins
    /// with is remembered (so later notices reach them), and what waited for them is handed
    /// over. Every plugin that sends notices calls this from a listener; calls after the first
    /// for the same event cost a lookup, and a notice is never delivered twice.
    public func observe(_ event: ChatEvent, outlet: any Outlet, at now: Date, log: Logger) async throws {
        var speaker: Speaker
        var time = now
        switch event {
        case .message(let from, _, _, let sent):
            speaker = from
            time = sent ?? now
        case .joined(let from, _):
            speaker = from
        case .accountChanged(let from, let account):
            speaker = from
            speaker.account = account
        default:
            return
        }
        guard let account = speaker.account else { return }
        let member = Identity(network: speaker.network, account: account)
        let changed = lastNicks.withLock { nicks in
            if nicks[member] == speaker.nick { return false }
            if nicks.count > 50_000 { nicks.removeAll() }
            nicks[member] = speaker.nick
            return true
        }
        if changed { try await members.saw(member, as: speaker.nick, at: time) }
        if hasWaiting(member) {
            try await deliver(to: member, seenAs: speaker.nick, outlet: outlet, at: time, log: log)
        }
    }

    /// Whether `identity` has notices waiting (as far as this process knows).
    public func hasWaiting(_ identity: Identity) -> Bool { waiting.withLock { $0.contains(identity) } }

    /// Sends `identity`'s waiting notices when they can be reached: to `nick` when they were just
    /// seen speaking or joining, else to their last nick if the network confirms it is them.
    public func deliver(
        to identity: Identity, seenAs nick: String? = nil, outlet: any Outlet, at now: Date, log: Logger
    ) async throws {
        let target: String
        if let nick {
            target = nick
        } else {
            guard let last = try await members.lastNick(of: identity),
                case .identified(let account) = await outlet.lookUp(nick: last, on: identity.network),
                IdentityKey.account(account) == identity.account
            else { return }
            target = last
        }
        for notice in try await members.waitingNotices(for: identity, at: now) {
            guard try await members.markDelivered(notice, at: now) else { continue }
            await outlet.perform(
                .say(.privateChat(with: target, on: identity.network), notice.text), on: identity.network)
            log.info("notice delivered", metadata: ["member": "\(identity)", "nick": target, "notice": "\(notice.id)"])
        }
        _ = waiting.withLock { $0.remove(identity) }
    }

    /// Re-reads who has notices waiting (the command line queues them too) and delivers those
    /// who can be reached now.
    public func deliverAll(outlet: any Outlet, at now: Date, log: Logger) async throws {
        let pending = Set(try await members.waitingNotices(at: now).map(\.member))
        waiting.withLock { $0 = pending }
        for identity in pending { try await deliver(to: identity, outlet: outlet, at: now, log: log) }
    }
}
