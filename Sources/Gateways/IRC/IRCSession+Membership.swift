import AgentCore
import IRC

extension IRCSession {
    /// The speaker for a message source, with the account the network vouches for.
    ///
    /// With `account-tag` on, the tag is authoritative for that very message (absent = not
    /// logged in); otherwise the tracked state (extended-join, account-notify, WHOX) is used.
    func speaker(for source: Source, message: Message) -> Speaker {
        let folded = nickKey(source.nick)
        var account = users[folded]?.account
        if enabledCapabilities.contains("account-tag") {
            account = message.tag("account").flatMap { $0.isEmpty || $0 == "*" ? nil : $0 }
        }
        let userHost = source.user.flatMap { user in source.host.map { "\(user)@\($0)" } } ?? users[folded]?.userHost
        return Speaker(network: settings.network, nick: source.nick, account: account, userHost: userHost)
    }

    mutating func remember(_ source: Source, account: String?? = .none) {
        let folded = nickKey(source.nick)
        var user = users[folded] ?? UserState(nick: source.nick)
        user.nick = source.nick
        if let user_ = source.user, let host = source.host { user.userHost = "\(user_)@\(host)" }
        if case .some(let value) = account {
            user.account = value
            user.accountKnown = true
        }
        users[folded] = user
    }

    mutating func receiveJoin(_ message: Message) -> [SessionAction] {
        guard let source = message.parsedSource, let channelName = message[parameter: 0] else { return [] }
        var actions: [SessionAction] = []
        let folded = channelKey(channelName)
        if enabledCapabilities.contains("extended-join"), let account = message[parameter: 1] {
            remember(source, account: .some(account == "*" ? nil : account))
        } else {
            remember(source)
        }
        if isOwnNick(source.nick) {
            channels[folded] = ChannelState(name: channelName)
            actions.append(.log(.info, "joined \(channelName)"))
            if let user = source.user, let host = source.host {
                actions.append(.ownPrefixKnown(nick: source.nick, user: user, host: host))
            }
            if support["WHOX"] != nil {
                actions.append(
                    .send(
                        Message(command: .who, parameters: [channelName, "%tcuhnfa,\(whoxToken)"]), .normal, .session))
            }
            // The channel's own modes (is it moderated?) for moderation.
            actions.append(.send(Message(command: .mode, parameters: [channelName]), .normal, .session))
        }
        let member = nickKey(source.nick)
        channels[folded, default: ChannelState(name: channelName)].members[member] = ChannelState.Member(
            nick: source.nick)
        let speaker = self.speaker(for: source, message: message)
        actions.append(.emit(.joined(speakerFromState(speaker), .channel(channelName, on: settings.network))))
        return actions
    }

    /// A JOIN's speaker: the account tracked for the nick is authoritative after extended-join.
    private func speakerFromState(_ speaker: Speaker) -> Speaker {
        var copy = speaker
        if let user = users[nickKey(speaker.nick)], user.accountKnown { copy.account = user.account }
        return copy
    }

    mutating func receivePart(_ message: Message) -> [SessionAction] {
        guard let source = message.parsedSource, let channelName = message[parameter: 0] else { return [] }
        let folded = channelKey(channelName)
        let speaker = self.speaker(for: source, message: message)
        var actions: [SessionAction] = []
        if isOwnNick(source.nick) {
            channels[folded] = nil
            actions.append(.log(.info, "left \(channelName)"))
        } else {
            let member = nickKey(source.nick)
            channels[folded]?.members[member] = nil
            forgetIfUnseen(source.nick)
        }
        actions.append(
            .emit(.left(speaker, .channel(channelName, on: settings.network), reason: message[parameter: 1] ?? "")))
        return actions
    }

    mutating func receiveKick(_ message: Message) -> [SessionAction] {
        guard let source = message.parsedSource, let channelName = message[parameter: 0],
            let victim = message[parameter: 1]
        else { return [] }
        let folded = channelKey(channelName)
        let reason = message[parameter: 2] ?? ""
        let kicker = speaker(for: source, message: message)
        var actions: [SessionAction] = [
            .emit(.kicked(nick: victim, from: .channel(channelName, on: settings.network), by: kicker, reason: reason))
        ]
        if isOwnNick(victim) {
            channels[folded] = nil
            if settings.rejoinDelay >= 0, settings.channels.contains(where: { caseMapping.equal($0.name, channelName) })
            {
                actions.append(.rejoinLater(channel: channelName, delay: settings.rejoinDelay))
            }
        } else {
            let member = nickKey(victim)
            channels[folded]?.members[member] = nil
            forgetIfUnseen(victim)
        }
        return actions
    }

    mutating func receiveQuit(_ message: Message) -> [SessionAction] {
        guard let source = message.parsedSource else { return [] }
        let speaker = self.speaker(for: source, message: message)
        let folded = nickKey(source.nick)
        for key in channels.keys { channels[key]?.members[folded] = nil }
        users[folded] = nil
        var actions: [SessionAction] = [.emit(.left(speaker, nil, reason: message[parameter: 0] ?? ""))]
        if caseMapping.equal(source.nick, settings.nick), let regain = regainNick() { actions.append(regain) }
        return actions
    }

    mutating func receiveNick(_ message: Message) -> [SessionAction] {
        guard let source = message.parsedSource, let newNick = message[parameter: 0] else { return [] }
        let speaker = self.speaker(for: source, message: message)
        let oldFolded = nickKey(source.nick)
        let newFolded = nickKey(newNick)
        if isOwnNick(source.nick) { nick = newNick }
        for key in channels.keys {
            if var member = channels[key]?.members.removeValue(forKey: oldFolded) {
                member.nick = newNick
                channels[key]?.members[newFolded] = member
            }
        }
        if var user = users.removeValue(forKey: oldFolded) {
            user.nick = newNick
            users[newFolded] = user
        }
        var actions: [SessionAction] = [.emit(.renamed(speaker, to: newNick))]
        if caseMapping.equal(source.nick, settings.nick), !caseMapping.equal(newNick, settings.nick),
            let regain = regainNick()
        {
            actions.append(regain)
        }
        return actions
    }

    mutating func receiveAccount(_ message: Message) -> [SessionAction] {
        guard let source = message.parsedSource, let account = message[parameter: 0] else { return [] }
        let value = account == "*" ? nil : account
        remember(source, account: .some(value))
        if isOwnNick(source.nick) { ownAccount = value }
        var speaker = self.speaker(for: source, message: message)
        speaker.account = value
        return [.emit(.accountChanged(speaker, account: value))]
    }

    mutating func receiveChangedHost(_ message: Message) -> [SessionAction] {
        guard let source = message.parsedSource, let user = message[parameter: 0], let host = message[parameter: 1]
        else { return [] }
        let key = nickKey(source.nick)
        users[key, default: UserState(nick: source.nick)].userHost = "\(user)@\(host)"
        return isOwnNick(source.nick) ? [.ownPrefixKnown(nick: nick, user: user, host: host)] : []
    }

    mutating func receiveMode(_ message: Message) -> [SessionAction] {
        guard message.parameters.count >= 2, let channelName = message[parameter: 0], support.isChannel(channelName)
        else { return [] }
        let folded = channelKey(channelName)
        guard channels[folded] != nil else { return [] }
        let modes = support.channelModes
        let prefixModes = Set(support.prefixes.map(\.mode))
        var adding = true
        var argumentIndex = 2
        for character in message.parameters[1] {
            switch character {
            case "+": adding = true
            case "-": adding = false
            default:
                let takesArgument =
                    prefixModes.contains(character) || modes.list.contains(character)
                    || modes.alwaysParameter.contains(character)
                    || (adding && modes.setParameter.contains(character))
                guard takesArgument else {
                    if modes.noParameter.contains(character) {
                        if adding {
                            channels[folded]?.flags.insert(character)
                        } else {
                            channels[folded]?.flags.remove(character)
                        }
                    }
                    continue
                }
                defer { argumentIndex += 1 }
                guard prefixModes.contains(character), let target = message[parameter: argumentIndex] else { continue }
                let member = nickKey(target)
                if adding {
                    channels[folded]?.members[member]?.modes.insert(character)
                } else {
                    channels[folded]?.members[member]?.modes.remove(character)
                }
            }
        }
        return []
    }

    /// 324: `me #channel +mnt [arguments]`, the channel's modes when the agent asked.
    mutating func receiveChannelModes(_ message: Message) -> [SessionAction] {
        guard message.parameters.count >= 3 else { return [] }
        let folded = channelKey(message.parameters[1])
        guard channels[folded] != nil else { return [] }
        let noParameter = support.channelModes.noParameter
        channels[folded]?.flags = Set(message.parameters[2].filter { noParameter.contains($0) })
        return []
    }

    /// What the session knows about `channelName`, for moderation; nil when the agent is not in it.
    func channelFacts(_ channelName: String) -> ChannelFacts? {
        guard let channel = channels[channelKey(channelName)] else { return nil }
        let people = channel.members.values.map { member in
            let user = users[nickKey(member.nick)]
            return ChannelFacts.Person(
                nick: member.nick, userHost: user?.userHost, account: user?.account, modes: member.modes)
        }.sorted { $0.nick < $1.nick }
        let extended = support.extendedBans.map {
            ChannelFacts.ExtendedBans(prefix: $0.prefix, letters: Set($0.letters))
        }
        return ChannelFacts(
            channel: channel.name, ownNick: nick, ownModes: channel.members[nickKey(nick)]?.modes ?? [],
            ownUserHost: users[nickKey(nick)]?.userHost, prefixModes: support.prefixes.map(\.mode),
            listModes: Set(support.channelModes.list), extendedBans: extended, moderated: channel.flags.contains("m"),
            people: people)
    }

    mutating func receiveInvite(_ message: Message) -> [SessionAction] {
        guard let channelName = message[parameter: 1], let target = message[parameter: 0], isOwnNick(target) else {
            return []
        }
        return rejoin(channelName).map { [$0] } ?? []
    }

    /// 353: `= #channel :@alice +bob carol` (with multi-prefix and userhost-in-names forms).
    mutating func receiveNames(_ message: Message) -> [SessionAction] {
        guard message.parameters.count >= 4 else { return [] }
        let channelName = message.parameters[2]
        let folded = channelKey(channelName)
        guard channels[folded] != nil else { return [] }
        let symbols = Dictionary(support.prefixes.map { ($0.symbol, $0.mode) }, uniquingKeysWith: { first, _ in first })
        for entry in message.parameters[3].split(separator: " ") {
            var rest = Substring(entry)
            var modes = Set<Character>()
            while let first = rest.first, let mode = symbols[first] {
                modes.insert(mode)
                rest = rest.dropFirst()
            }
            let source = Source(raw: String(rest))
            guard !source.nick.isEmpty else { continue }
            remember(source)
            let member = nickKey(source.nick)
            channels[folded]?.members[member] = ChannelState.Member(nick: source.nick, modes: modes)
        }
        return []
    }

    /// 354 for our `WHO #channel %tcuhnfa,<token>`: token, channel, user, host, nick, flags, account.
    mutating func receiveWhox(_ message: Message) -> [SessionAction] {
        guard message.parameters.count >= 8, message.parameters[1] == whoxToken else { return [] }
        let user = message.parameters[3], host = message.parameters[4], nick = message.parameters[5]
        let account = message.parameters[7]
        remember(
            Source(nick: nick, user: user, host: host), account: .some(account == "0" || account == "*" ? nil : account)
        )
        return []
    }

    /// Drops what we know of a user who no longer shares a channel with us.
    private mutating func forgetIfUnseen(_ nick: String) {
        let folded = nickKey(nick)
        if !channels.values.contains(where: { $0.members[folded] != nil }) { users[folded] = nil }
    }
}
