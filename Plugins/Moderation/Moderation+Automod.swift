import AgentCore
import Community
import Foundation
import PluginSupport

extension Moderation {
    /// The rules for `channel`: its own, else the `*` ones, else none.
    func rules(for channel: String) -> AutomodRules? {
        settings.automod[channel.lowercased()] ?? settings.automod["*"]
    }

    /// Watches every channel line for the automod rules; remembers joins (for the link rule).
    func watch(_ event: ChatEvent, outlet: any Outlet) async throws {
        switch event {
        case .joined(let speaker, let conversation):
            automod.joined(Self.key(speaker, conversation), at: clock.now)
        case .message(let speaker, let conversation, let text, _) where !conversation.isPrivate:
            guard let rules = rules(for: conversation.name) else { return }
            guard !settings.servicesNicks.contains(speaker.nick.lowercased()) else { return }
            if let account = speaker.account, roleOf(speaker.network, account) >= settings.exemptRole { return }
            let now = clock.now
            let key = Self.key(speaker, conversation)
            guard
                let broken = try await broken(
                    rules, by: speaker, in: conversation, text: text, key: key, outlet: outlet, at: now)
            else { return }
            guard !automod.actedRecently(key, at: now) else { return }
            let facts = await outlet.channelFacts(conversation.name, on: speaker.network)
            if let facts, facts.ownNick.lowercased() == speaker.nick.lowercased() { return }
            let person = facts?.person(speaker.nick)
            let target = ModerationTarget(
                nick: speaker.nick, account: speaker.account, userHost: speaker.userHost ?? person?.userHost,
                person: person)
            let context = ActionContext(
                network: speaker.network, channel: conversation.name, actor: "automod", outlet: outlet, now: now,
                language: settings.language, prefix: "!", timeZone: settings.timeZone)
            do {
                let lines = try await act(
                    .warn, on: target, duration: nil, reason: broken,
                    rule: Self.messages.text("rule.automod", in: settings.language), context)
                log.notice(
                    "automod acted",
                    metadata: ["channel": conversation.name, "nick": speaker.nick, "rule": broken, "cases": "\(lines)"])
                if speaker.account == nil {
                    // No account: no notice can wait for them; tell the nick now.
                    await outlet.perform(
                        .say(
                            .privateChat(with: speaker.nick, on: speaker.network),
                            Self.messages.text(
                                "automod.anonymous", ["rule": .text(broken), "channel": .text(conversation.name)],
                                in: settings.language)), on: speaker.network)
                }
            } catch let refusal as UserError {
                log.info("automod did not act", metadata: ["nick": speaker.nick, "why": refusal.message])
            }
        default:
            return
        }
    }

    /// The rule a line breaks, in words (`flood: 5 lines in 10 s`), or nil.
    private func broken(
        _ rules: AutomodRules, by speaker: Speaker, in conversation: Conversation, text: String, key: String,
        outlet: any Outlet, at now: Date
    ) async throws -> String? {
        let language = settings.language
        let window = max(rules.flood?.seconds ?? 0, rules.repeats?.seconds ?? 0, 1)
        let recent = automod.add(key, text: AutomodRules.normalised(text), at: now, window: window)
        if let flood = rules.flood {
            let count = recent.filter { now.timeIntervalSince($0.at) <= flood.seconds }.count
            if count >= flood.count {
                return Self.messages.text(
                    "rule.flood", ["count": .number(count), "seconds": .number(Int(flood.seconds))], in: language)
            }
        }
        if let repeats = rules.repeats, let last = recent.last {
            let same = recent.filter { now.timeIntervalSince($0.at) <= repeats.seconds && $0.text == last.text }.count
            if same >= repeats.count {
                return Self.messages.text(
                    "rule.repeats", ["count": .number(same), "seconds": .number(Int(repeats.seconds))], in: language)
            }
        }
        if let pattern = rules.bannedPattern(in: text) {
            return Self.messages.text("rule.pattern", ["pattern": .text(pattern)], in: language)
        }
        if let minutes = rules.linksJoinedMinutes, AutomodRules.hasLink(text), let joined = automod.joinedAt(key),
            now.timeIntervalSince(joined) < minutes * 60
        {
            return Self.messages.text("rule.link", ["minutes": .number(Int(minutes))], in: language)
        }
        if let limit = rules.highlights {
            let words = Set(
                text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ":" }).map { $0.lowercased() })
            if words.count >= limit, let facts = await outlet.channelFacts(conversation.name, on: speaker.network) {
                let named = facts.people.filter {
                    $0.nick.lowercased() != speaker.nick.lowercased() && words.contains($0.nick.lowercased())
                }.count
                if named >= limit {
                    return Self.messages.text("rule.highlights", ["count": .number(named)], in: language)
                }
            }
        }
        return nil
    }

    /// Per channel and person: `network/#channel/nick`.
    static func key(_ speaker: Speaker, _ conversation: Conversation) -> String {
        "\(IdentityKey.network(speaker.network))/\(conversation.name.lowercased())/\(speaker.nick.lowercased())"
    }
}
