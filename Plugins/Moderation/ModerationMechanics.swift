import AgentCore

/// How a mute or a ban is put on a channel, decided from what the server advertises rather than
/// assumed: an account extban where there is one (InspIRCd `R:`, Solanum `$a:`), else a
/// `*!*@host` mask; a mute with the quiet mode (`+q`) or the mute extban (InspIRCd `m:`), else
/// by taking voice in a moderated channel.
struct ModerationMechanics {
    /// One mode change on a channel, and how it is undone.
    struct Change: Equatable {
        var mode: String
        var argument: String

        /// `+b R:alice`.
        var text: String { "\(mode) \(argument)" }

        /// The change that undoes this one.
        var inverse: Change {
            Change(mode: (mode.first == "+" ? "-" : "+") + mode.dropFirst(), argument: argument)
        }

        /// Reads `+b R:alice` back.
        init?(text: String) {
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].count == 2, parts[0].first == "+" || parts[0].first == "-" else {
                return nil
            }
            self.init(mode: parts[0], argument: parts[1])
        }

        init(mode: String, argument: String) {
            self.mode = mode
            self.argument = argument
        }
    }

    /// Why a change cannot be made.
    enum Refusal: Error, Equatable {
        /// The agent holds no operator status in the channel.
        case notOperator
        /// The server has no way to mute that the agent knows (no quiet mode, no mute extban,
        /// the channel not moderated).
        case cannotMute
        /// Nothing to match on: no account and no host known.
        case noMask
        /// A host mask that would also match the agent (nil) or a moderator (named).
        case wouldMatch(String?)
    }

    let facts: ChannelFacts
    /// Whether an account holds a moderator role or above.
    let isModerator: (String) -> Bool

    /// The mask that bans `person`: by account when the server has an account extban, else by host.
    func banMask(for person: ChannelFacts.Person) throws(Refusal) -> String {
        if let account = person.account, let extended = facts.extendedBans {
            if extended.prefix.isEmpty, extended.letters.contains("R") { return "R:\(account)" }
            if !extended.prefix.isEmpty, extended.letters.contains("a") { return "\(extended.prefix)a:\(account)" }
        }
        guard let host = person.userHost?.split(separator: "@").last.map(String.init), !host.isEmpty else {
            throw .noMask
        }
        let mask = "*!*@\(host)"
        try checkSafe(mask)
        return mask
    }

    /// The change that bans `person`.
    func ban(_ person: ChannelFacts.Person) throws(Refusal) -> Change {
        guard facts.agentIsOperator else { throw .notOperator }
        return Change(mode: "+b", argument: try banMask(for: person))
    }

    /// The change that bans an explicit mask typed by a moderator.
    func ban(mask: String) throws(Refusal) -> Change {
        guard facts.agentIsOperator else { throw .notOperator }
        if mask.contains("!") || mask.contains("@") { try checkSafe(mask) }
        return Change(mode: "+b", argument: mask)
    }

    /// The change that mutes `person`.
    func mute(_ person: ChannelFacts.Person) throws(Refusal) -> Change {
        guard facts.agentIsOperator else { throw .notOperator }
        if let extended = facts.extendedBans, extended.prefix.isEmpty, extended.letters.contains("m") {
            // InspIRCd's muteban: m:<any ban>, by account where that extban exists too.
            if let account = person.account, extended.letters.contains("R") {
                return Change(mode: "+b", argument: "m:R:\(account)")
            }
            return Change(mode: "+b", argument: "m:" + (try banMask(for: person)))
        }
        if facts.listModes.contains("q"), !facts.prefixModes.contains("q") {
            return Change(mode: "+q", argument: try banMask(for: person))
        }
        if facts.moderated, person.modes.contains("v") {
            return Change(mode: "-v", argument: person.nick)
        }
        throw .cannotMute
    }

    /// Refuses a mask that also matches the agent or a moderator in the channel.
    func checkSafe(_ mask: String) throws(Refusal) {
        if let own = facts.ownUserHost, Self.matches(mask, nick: nil, userHost: own) {
            throw .wouldMatch(nil)
        }
        for person in facts.people {
            guard let account = person.account, isModerator(account) else { continue }
            if Self.matches(mask, nick: person.nick, userHost: person.userHost) { throw .wouldMatch(person.nick) }
        }
    }

    /// Whether an IRC wildcard mask (`*`, `?`) matches `nick!user@host`, case-insensitively.
    static func matches(_ mask: String, nick: String?, userHost: String?) -> Bool {
        guard let userHost else { return false }
        let subject = (nick ?? "*") + "!" + userHost
        let pattern = Array(mask.lowercased())
        let text = Array(subject.lowercased())
        // With no nick known, only the user@host part is compared.
        if nick == nil, let bang = pattern.firstIndex(of: "!") {
            return wildcard(Array(pattern[(bang + 1)...]), Array(userHost.lowercased()))
        }
        return wildcard(pattern, text)
    }

    private static func wildcard(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
