import Foundation
import Synchronization

/// Turns chat events into command runs: recognises commands, checks roles, places and rate
/// limits, runs handlers with failures contained, and sends the replies back.
public final class Router: Sendable {
    /// The commands as the plugins declared them.
    private let declared: CommandRegistry
    /// Who holds which role.
    public let roles: RoleBook
    private let listeners: [Listener]
    private let outlet: any Outlet
    private let clock: any AgentClock
    private let log: Logger
    private let state: Mutex<State>
    private let timeLimit = TimeLimit()
    /// Counts commands and events for `/metrics`.
    public let metrics: Metrics

    /// Which command a line named and what became of it.
    struct Tally {
        /// The known command the line named.
        var command: String?
        /// Counted and answered already, at its time limit (`metrics` must not count it again).
        var answeredAtLimit = false
        var outcome: CommandOutcome = .ok
    }
    private let memberLanguages = Mutex<(any MemberLanguages)?>(nil)

    /// Installs where members' chosen languages are found (the member profile), used for
    /// replies in private conversations.
    public func setMemberLanguages(_ source: any MemberLanguages) {
        memberLanguages.withLock { $0 = source }
    }

    /// Installs a member-language lookup written as a closure (tests).
    public func setMemberLanguage(_ resolve: @escaping @Sendable (Speaker) async -> Language?) {
        setMemberLanguages(ClosureMemberLanguages(resolve: resolve))
    }

    /// The language to answer in: a channel's (or the community's) in channels; in private, an
    /// identified member's own choice first.
    func language(
        for speaker: Speaker, in conversation: Conversation, settings: RouterSettings, folding: NickFolding
    ) async -> Language {
        if conversation.isPrivate, speaker.account != nil, let source = memberLanguages.withLock({ $0 }),
            let chosen = await source.language(of: speaker)
        {
            return chosen
        }
        return settings.language(in: conversation, folding: folding)
    }

    private struct State {
        var settings: RouterSettings
        /// The declared commands with the configuration's role changes applied.
        var registry: CommandRegistry
        var limiter: RateLimiter
        var ownNicks: [String: String] = [:]
        var foldings: [String: NickFolding] = [:]
    }

    /// Creates a router over a registry, sending through `outlet`.
    public init(
        registry: CommandRegistry, roles: RoleBook, listeners: [Listener] = [], settings: RouterSettings,
        outlet: any Outlet, clock: any AgentClock, log: Logger, metrics: Metrics = Metrics()
    ) {
        self.metrics = metrics
        self.declared = registry
        self.roles = roles
        self.listeners = listeners
        self.outlet = outlet
        self.clock = clock
        self.log = log
        let (prepared, problems) = Self.prepare(registry, for: settings)
        for problem in problems { log.warning("command alias ignored", metadata: ["problem": problem]) }
        self.state = Mutex(
            State(settings: settings, registry: prepared, limiter: RateLimiter(settings: settings.rateLimit)))
    }

    /// The declared commands with the configuration's roles and aliases applied.
    private static func prepare(
        _ declared: CommandRegistry, for settings: RouterSettings
    ) -> (
        CommandRegistry, [String]
    ) {
        declared.raisingRoles(settings.commandRoles).addingAliases(settings.commandAliases)
    }

    /// The commands it knows, with the roles the configuration requires (`commands.echo_role`).
    public var registry: CommandRegistry { state.withLock { $0.registry } }

    /// The settings in force.
    public var settings: RouterSettings { state.withLock { $0.settings } }

    /// Replaces the settings (on configuration reload); rate-limit state starts afresh if it changed.
    public func update(_ settings: RouterSettings) {
        state.withLock { state in
            if state.settings.rateLimit != settings.rateLimit {
                state.limiter = RateLimiter(settings: settings.rateLimit)
            }
            if state.settings.commandRoles != settings.commandRoles
                || state.settings.commandAliases != settings.commandAliases
            {
                let (prepared, problems) = Self.prepare(declared, for: settings)
                for problem in problems { log.warning("command alias ignored", metadata: ["problem": problem]) }
                state.registry = prepared
            }
            state.settings = settings
        }
    }

    /// The agent's current nick on `network`, once connected.
    public func ownNick(on network: String) -> String? { state.withLock { $0.ownNicks[network] } }

    /// Handles one event: `observe`, then `process`. Never throws.
    public func handle(_ event: ChatEvent) async {
        observe(event)
        await process(event)
    }

    /// Updates what the router knows of the networks (its own nick); cheap and synchronous, so
    /// the runtime calls it in arrival order before events are handled concurrently.
    public func observe(_ event: ChatEvent) {
        metrics.eventReceived(event)
        switch event {
        case .connected(let network, let nick, let folding):
            state.withLock { state in
                state.ownNicks[network] = nick
                state.foldings[network] = folding
            }
        case .renamed(let speaker, let newNick):
            state.withLock { state in
                let folding = state.foldings[speaker.network] ?? .ascii
                if let own = state.ownNicks[speaker.network], folding.same(own, speaker.nick) {
                    state.ownNicks[speaker.network] = newNick
                }
            }
        default:
            break
        }
    }

    /// Runs the command an event carries, if any, then every listener. Never throws.
    public func process(_ event: ChatEvent) async {
        var command: String?
        if case .message(let speaker, let conversation, let text, _) = event {
            command = await handleMessage(from: speaker, in: conversation, text: text)
        }
        for listener in listeners {
            do {
                try await listener.handler(event, command, outlet)
            } catch {
                log.error("listener failed", metadata: ["listener": listener.name, "error": "\(error)"])
            }
        }
    }

    /// Runs the command `text` carries, if any; returns the name of the command it named when
    /// the agent knows one by that name.
    private func handleMessage(from speaker: Speaker, in conversation: Conversation, text: String) async -> String? {
        let (settings, ownNick, folding) = state.withLock {
            ($0.settings, $0.ownNicks[speaker.network], $0.foldings[speaker.network] ?? .ascii)
        }
        if let ownNick, folding.same(ownNick, speaker.nick) { return nil }
        let prefix = settings.prefix(in: conversation, folding: folding)
        guard
            let commandText = CommandRecognizer.commandText(
                text, prefix: prefix, ownNick: ownNick, folding: folding, isPrivate: conversation.isPrivate)
        else { return nil }
        let language = await self.language(for: speaker, in: conversation, settings: settings, folding: folding)
        let started = ContinuousClock.now
        var tally = Tally()
        let reply = await run(
            commandText, from: speaker, in: conversation, prefix: prefix, settings: settings, folding: folding,
            language: language, tally: &tally)
        if let command = tally.command, !tally.answeredAtLimit {
            metrics.commandFinished(
                command, outcome: tally.outcome, seconds: (ContinuousClock.now - started).inSeconds)
        }
        await deliver(reply, to: speaker, in: conversation, language: language)
        if let command = tally.command { return command }
        let name = commandText.prefix { !$0.isWhitespace }
        return name.isEmpty ? nil : registry.command(named: String(name))?.name
    }

    /// Runs a command line (without prefix) and returns the reply to deliver.
    func run(
        _ commandText: String, from speaker: Speaker, in conversation: Conversation, prefix: String,
        settings: RouterSettings, folding: NickFolding = .ascii, language: Language = .en,
        tally: inout Tally
    ) async -> Reply {
        let words: CommandWords
        do {
            words = try CommandWords(commandText)
        } catch {
            return .text(error.message)
        }
        guard let name = words.words.first?.lowercased() else { return .silent }
        let registry = self.registry
        guard let command = registry.command(named: name) else {
            metrics.unknownCommand()
            return unknownCommand(
                name, in: conversation, prefix: prefix, settings: settings, folding: folding, language: language)
        }

        tally.command = command.name
        tally.outcome = .refused
        let now = clock.now
        let limiterKey = speaker.key(folding: folding)
        let role = roles.role(of: speaker)
        if role < .owner, !settings.unlimitedNetworks.contains(IdentityKey.network(speaker.network)) {
            let verdict = state.withLock({ $0.limiter }).check(limiterKey, at: now)
            if verdict != .allow { tally.outcome = .rateLimited }
            switch verdict {
            case .allow: break
            case .warn(let seconds):
                log.notice("rate limit reached", metadata: ["speaker": "\(speaker)", "network": speaker.network])
                return .text(
                    CoreMessages.text(
                        "router.rateLimited", ["nick": .text(speaker.nick), "seconds": .number(seconds)],
                        in: language))
            case .ignore: return .silent
            }
        }

        let subcommand = words.words.count > 1 ? command.subcommand(words.words[1]) : nil
        guard let form = subcommand ?? command.mainForm else {
            let usable = command.forms.filter { $0.minimumRole <= role }
            guard !usable.isEmpty else {
                return Self.refusal(
                    prefix + command.name, needs: command.minimumRole, speaker: speaker, language: language)
            }
            tally.outcome = .userError
            let forms = MessageArgument.text(
                usable.map { $0.synopsis(of: command, prefix: prefix) }.joined(separator: " | "))
            guard words.words.count > 1 else {
                return .text(CoreMessages.text("router.usage", ["forms": forms], in: language))
            }
            return .text(
                CoreMessages.text(
                    "router.unknownAction", ["action": .quoted(words.words[1]), "forms": forms],
                    in: language))
        }
        if role < form.minimumRole {
            let formName = prefix + command.name + (form.word.map { " " + $0 } ?? "")
            return Self.refusal(formName, needs: form.minimumRole, speaker: speaker, language: language)
        }
        switch (command.place, conversation.kind) {
        case (.privateOnly, .channel):
            return .text(
                CoreMessages.text("router.privateOnly", ["command": .text(prefix + command.name)], in: language))
        case (.channelOnly, .privateChat):
            return .text(
                CoreMessages.text("router.channelOnly", ["command": .text(prefix + command.name)], in: language))
        default: break
        }

        let context = ParsingContext(
            speaker: speaker, conversation: conversation, role: role, prefix: prefix, outlet: outlet,
            language: language)
        let arguments: ParsedArguments
        do {
            arguments = try await ArgumentReader.read(
                words, from: form.word == nil ? 1 : 2, for: form, of: command, context: context, log: log)
        } catch {
            tally.outcome = .userError
            return .text(error.message(in: language))
        }
        let invocation = Invocation(
            speaker: speaker, conversation: conversation, name: name, arguments: arguments, role: role, time: now,
            commandLog: log, command: command.name, prefix: prefix,
            timeZone: settings.timeZone, outlet: outlet, language: language)
        do {
            let handler = form.handler
            tally.outcome = .failed
            // Answered at the limit, in order before the person's later commands, when the
            // command runs in a lane; the lane then goes on without it.
            let started = ContinuousClock.now
            let onExpiry: @Sendable () async -> Void = { [self] in
                let exceeded = TimeLimit.Exceeded(seconds: settings.handlerTimeout)
                metrics.commandFinished(
                    command.name, outcome: .timeout, seconds: (ContinuousClock.now - started).inSeconds)
                let reply = timeoutReply(
                    exceeded, command: command, prefix: prefix, language: language,
                    speaker: speaker, in: conversation)
                await deliver(reply, to: speaker, in: conversation, language: language)
            }
            let reply = try await timeLimit.run(seconds: settings.handlerTimeout, onExpiry: onExpiry) {
                try await handler(invocation)
            }
            tally.outcome = .ok
            return reply
        } catch let error as UserError {
            tally.outcome = .userError
            return .text(error.message(in: language))
        } catch let error as TimeLimit.Exceeded {
            tally.outcome = .timeout
            if error.answered {
                // Counted and answered at the limit; what the work returned now is dropped.
                tally.answeredAtLimit = true
                return .silent
            }
            return timeoutReply(
                error, command: command, prefix: prefix, language: language, speaker: speaker, in: conversation)
        } catch {
            let id = logFailure("command failed", error, command: command, speaker: speaker, in: conversation)
            return .text(
                CoreMessages.text(
                    "router.failed", ["command": .text(prefix + command.name), "id": .text(id)], in: language))
        }
    }

    /// "Sorry, !x took too long to answer (error …)", with the error id logged.
    private func timeoutReply(
        _ error: TimeLimit.Exceeded, command: Command, prefix: String, language: Language, speaker: Speaker,
        in conversation: Conversation
    ) -> Reply {
        let id = logFailure("command took too long", error, command: command, speaker: speaker, in: conversation)
        return .text(
            CoreMessages.text(
                "router.tookTooLong", ["command": .text(prefix + command.name), "id": .text(id)], in: language))
    }

    /// "Sorry, !x is for owners." — with how to identify when the person is not.
    private static func refusal(_ name: String, needs role: Role, speaker: Speaker, language: Language) -> Reply {
        let arguments: [String: MessageArgument] = [
            "command": .text(name), "role": .text(CoreMessages.rolePlural(role, in: language)),
        ]
        let key = speaker.account == nil ? "router.refusalUnidentified" : "router.refusal"
        return .text(CoreMessages.text(key, arguments, in: language))
    }

    /// Logs a failed command under a fresh error id and returns the id for the reply.
    private func logFailure(
        _ message: String, _ error: any Error, command: Command, speaker: Speaker, in conversation: Conversation
    ) -> String {
        let id = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        log.error(
            message,
            metadata: [
                "error_id": id, "command": command.name, "speaker": "\(speaker)", "conversation": "\(conversation)",
                "error": "\(error)",
            ])
        return id
    }

    private func unknownCommand(
        _ name: String, in conversation: Conversation, prefix: String, settings: RouterSettings, folding: NickFolding,
        language: Language
    ) -> Reply {
        guard settings.unknownCommandPolicy(in: conversation, folding: folding) == .hint else { return .silent }
        let shown = String(name.prefix(40))
        let suggestions = Suggestions.closest(to: name, among: registry.commands.map(\.name), limit: 2)
        if let best = suggestions.first {
            return .text(
                CoreMessages.text(
                    "router.unknownCommandHint",
                    ["command": .text(prefix + shown), "suggestion": .text(prefix + best)], in: language))
        }
        guard conversation.isPrivate else { return .silent }
        return .text(
            CoreMessages.text(
                "router.unknownCommandTry", ["command": .text(prefix + shown), "help": .text(prefix + "help")],
                in: language))
    }

    /// Sends a reply in one hop per conversation: its lines where the command came from, private
    /// lines to the speaker. In a channel, lines beyond `maxChannelLines` go privately instead,
    /// with a one-line pointer in the channel.
    func deliver(_ reply: Reply, to speaker: Speaker, in conversation: Conversation, language: Language = .en) async {
        var publicLines = reply.lines
        var privateLines = reply.privateLines
        let limit = conversation.isPrivate ? Int.max : max(1, state.withLock { $0.settings.maxChannelLines })
        if publicLines.count > limit {
            let moved = Array(publicLines[(limit - 1)...])
            publicLines = Array(publicLines.prefix(limit - 1))
            publicLines.append(
                CoreMessages.text(
                    "router.movedPrivately", ["nick": .text(speaker.nick), "count": .number(moved.count)], in: language)
            )
            privateLines = moved + privateLines
        }
        if !conversation.isPrivate, !publicLines.isEmpty {
            // Each line addressed to the speaker, so a gateway keeps one person's replies in order.
            await outlet.perform(
                publicLines.map { .reply(conversation, $0, to: speaker.nick) }, on: conversation.network)
        } else if !publicLines.isEmpty {
            await outlet.perform(publicLines.map { .say(conversation, $0) }, on: conversation.network)
        }
        if !privateLines.isEmpty {
            let privateChat = Conversation.privateChat(with: speaker.nick, on: speaker.network)
            await outlet.perform(privateLines.map { .say(privateChat, $0) }, on: speaker.network)
        }
    }
}
