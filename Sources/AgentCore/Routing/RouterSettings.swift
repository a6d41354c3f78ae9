public import Foundation

/// How the router recognises commands and answers mistakes; reloadable at run time.
public struct RouterSettings: Sendable, Hashable {
    /// What to answer for a command name nobody registered.
    public enum UnknownCommandPolicy: String, Sendable, Hashable {
        /// Suggest close names ("did you mean !courses?"); in channels only when there is a suggestion.
        case hint
        /// Say nothing.
        case silent
    }

    /// The default command prefix.
    public var prefix: String
    /// Prefix overrides by `network` or `network/#channel` (lower case).
    public var prefixOverrides: [String: String]
    /// Default answer to unknown commands.
    public var unknownCommands: UnknownCommandPolicy
    /// Unknown-command overrides by `network` or `network/#channel` (lower case).
    public var unknownCommandOverrides: [String: UnknownCommandPolicy]
    /// Per-person command rate limit.
    public var rateLimit: RateLimiter.Settings
    /// Seconds a command may take before the asker is told it took too long.
    public var handlerTimeout: Double = 30
    /// Reply lines a command may put in a channel; the rest goes privately, with a pointer.
    public var maxChannelLines = 7
    /// Roles the configuration requires for commands, by command name (`commands.echo_role`);
    /// they can raise a command's declared role, never lower it.
    public var commandRoles: [String: Role] = [:]
    /// Extra names for commands, such as Chinese ones (`课程` → `courses`); listed in `!help`.
    public var commandAliases: [String: String] = [:]
    /// Networks (lower case) whose people are never rate-limited: the local console, where the
    /// one person typing is the operator trying the agent.
    public var unlimitedNetworks: Set<String> = []
    /// The community's time zone, in which replies show dates.
    public var timeZone: TimeZone = .gmt
    /// The community's language: replies in channels, and privately to members who chose none.
    public var language: Language = .en
    /// Language overrides by `network` or `network/#channel` (lower case).
    public var languageOverrides: [String: Language] = [:]

    /// Creates settings; defaults: `!`, hints on, rate limit on.
    public init(
        prefix: String = "!", prefixOverrides: [String: String] = [:], unknownCommands: UnknownCommandPolicy = .hint,
        unknownCommandOverrides: [String: UnknownCommandPolicy] = [:], rateLimit: RateLimiter.Settings = .init()
    ) {
        self.prefix = prefix
        self.prefixOverrides = prefixOverrides
        self.unknownCommands = unknownCommands
        self.unknownCommandOverrides = unknownCommandOverrides
        self.rateLimit = rateLimit
    }

    /// The prefix in force in a conversation; a channel override matches the channel's name
    /// under the network's case mapping (`folding`).
    public func prefix(in conversation: Conversation, folding: NickFolding = .ascii) -> String {
        Self.override(in: prefixOverrides, for: conversation, folding: folding) ?? prefix
    }

    /// The unknown-command policy in force in a conversation (channel overrides matched as in
    /// `prefix(in:folding:)`).
    public func unknownCommandPolicy(
        in conversation: Conversation, folding: NickFolding = .ascii
    )
        -> UnknownCommandPolicy
    {
        Self.override(in: unknownCommandOverrides, for: conversation, folding: folding) ?? unknownCommands
    }

    /// The language of a conversation: its channel's or network's override, else the
    /// community's (a member's own choice is applied by the router for private replies).
    public func language(in conversation: Conversation, folding: NickFolding = .ascii) -> Language {
        Self.override(in: languageOverrides, for: conversation, folding: folding) ?? language
    }

    /// The `network/#channel` entry for the conversation's channel, else the `network` entry.
    private static func override<Value>(
        in overrides: [String: Value], for conversation: Conversation, folding: NickFolding
    ) -> Value? {
        guard !overrides.isEmpty else { return nil }
        let network = IdentityKey.network(conversation.network)
        if !conversation.isPrivate {
            let channel = "\(network)/" + folding.fold(conversation.name)
            for (key, value) in overrides where key.utf8.count == channel.utf8.count && folding.fold(key) == channel {
                return value
            }
        }
        return overrides[network]
    }
}

/// Decides whether a line is a command and, if so, returns the text after the prefix or address.
public enum CommandRecognizer {
    /// `!courses swift` → `courses swift`; `agent: courses` → `courses`; any line in a private
    /// conversation (an optional prefix is removed); nil for ordinary chat.
    public static func commandText(
        _ text: String, prefix: String, ownNick: String?, folding: NickFolding = .ascii, isPrivate: Bool
    ) -> String? {
        let trimmed = text.drop { $0 == " " }
        if !prefix.isEmpty, trimmed.hasPrefix(prefix) {
            let rest = trimmed.dropFirst(prefix.count)
            // "!" alone, or "! x", or "!!!" is not a command.
            guard let first = rest.first, first != " ", !prefix.contains(first) else {
                return isPrivate ? String(trimmed) : nil
            }
            return String(rest)
        }
        if let nick = ownNick, !nick.isEmpty, trimmed.utf8.count > nick.utf8.count, folding.hasPrefix(trimmed, nick) {
            let afterNick = trimmed[trimmed.utf8.index(trimmed.startIndex, offsetBy: nick.utf8.count)...]
            if let separator = afterNick.first, separator == ":" || separator == "," {
                let rest = afterNick.dropFirst().drop { $0 == " " }
                if !rest.isEmpty { return String(rest) }
            }
        }
        if isPrivate {
            return trimmed.isEmpty ? nil : String(trimmed)
        }
        return nil
    }
}
