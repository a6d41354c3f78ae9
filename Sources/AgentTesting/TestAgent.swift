public import AgentCore
public import Foundation
import Storage

/// Drives plugins in-process, with no network: feed a line as a given speaker, get the replies.
///
/// Each TestAgent has its own SQLite file in a temporary directory (for roles and the
/// scheduler), removed when the TestAgent is released.
public final class TestAgent: Sendable {
    /// The network name speakers are on.
    public let network = "test"
    /// The router under test.
    public let router: Router
    /// The manual clock the router and scheduler use.
    public let clock: ManualClock
    /// Every request the plugins made.
    public let outlet = CapturingOutlet()
    /// Everything logged.
    public let logs = CapturingLogSink()
    /// The roles in force.
    public let roles: RoleBook
    /// The scheduler holding the plugins' jobs (run it with `scheduler.runDue()`).
    public let scheduler: Scheduler
    private let directory: URL
    private let ownsDirectory: Bool

    /// Builds an agent from `plugins` (plus the built-in commands); `roles` grants roles by account.
    /// With `directory`, its database (roles, the scheduler's jobs) lives there and outlasts the
    /// agent, so a test can start another agent on it as after a restart.
    public init(
        _ plugins: [any Plugin], roles grants: [String: Role] = [:],
        settings: RouterSettings = RouterSettings(rateLimit: .init(enabled: false)), clock: ManualClock = ManualClock(),
        includeBuiltIns: Bool = true, directory kept: URL? = nil
    ) async throws {
        ownsDirectory = kept == nil
        directory =
            kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("test-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try Database(path: directory.appendingPathComponent("agent.sqlite").path)
        let log = Logger(label: "test", level: .debug, sink: logs)
        var configured = grants.map { (network: "test", account: $0.key, role: $0.value) }
        configured.append((network: "test", account: Self.exampleOwner, role: .owner))
        roles = try await RoleBook(database: database, configured: configured)
        let info = AgentInfo(startedAt: clock.now, roles: roles)
        let all: [any Plugin] = (includeBuiltIns ? [CoreCommands(info: info)] : []) + plugins
        let registry = try CommandRegistry(all.flatMap(\.commands))
        self.clock = clock
        router = Router(
            registry: registry, roles: roles, listeners: all.flatMap(\.listeners), settings: settings, outlet: outlet,
            clock: clock, log: log)
        info.setCommands(from: router)
        let router = self.router
        scheduler = try await Scheduler(
            database: database, clock: clock, calendar: Self.utcCalendar, outlet: outlet, log: log,
            prefix: { network in router.settings.prefix(in: .privateChat(with: "", on: network)) })
        try await scheduler.register(all.flatMap(\.jobs))
        for plugin in all { plugin.planner?.attach(scheduler) }
        await router.handle(.connected(network: network, nick: "agent"))
    }

    /// One plugin.
    public convenience init(_ plugin: any Plugin, roles: [String: Role] = [:]) async throws {
        try await self.init([plugin], roles: roles)
    }

    /// The account examples are replayed as; it always holds the owner role.
    public static let exampleOwner = "example-owner"

    deinit { if ownsDirectory { try? FileManager.default.removeItem(at: directory) } }

    /// A UTC Gregorian calendar.
    public static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }

    /// Sends `text` as `nick` (identified as `account`, when given) in `channel` (nil: privately)
    /// and returns the texts of every line the agent sent in response, public and private.
    public func send(
        _ text: String, nick: String = "alice", account: String? = "alice", in channel: String? = "#test"
    ) async -> [String] {
        await sendDetailed(text, nick: nick, account: account, in: channel).compactMap { request in
            if case .say(_, let line) = request { return line }
            if case .reply(_, let line, _) = request { return line }
            return nil
        }
    }

    /// Like `send`, returning the full requests (with their conversations).
    public func sendDetailed(
        _ text: String, nick: String = "alice", account: String? = "alice", in channel: String? = "#test"
    ) async
        -> [GatewayRequest]
    {
        _ = outlet.take()
        let speaker = Speaker(network: network, nick: nick, account: account)
        let conversation =
            channel.map { Conversation.channel($0, on: network) } ?? .privateChat(with: nick, on: network)
        await router.handle(.message(from: speaker, in: conversation, text: text, time: clock.now))
        return outlet.take()
    }

    /// Every command form or argument whose description lacks a language or whose Chinese is
    /// set the English way, one line each (`!courses: no zh summary`).
    public func missingTranslations() -> [String] {
        var missing: [String] = []
        for command in router.registry.commands {
            for form in command.forms {
                let label = "!" + command.name + (form.word.map { " " + $0 } ?? "")
                for language in Language.allCases where form.summary.texts[language] == nil {
                    missing.append("\(label): no \(language) summary")
                }
                for problem in ChineseTypesetting.problems(in: form.summary.text(in: .zh)) {
                    missing.append("\(label): zh summary has \(problem)")
                }
                for parameter in form.parameters {
                    for language in Language.allCases where parameter.expected.texts[language] == nil {
                        missing.append("\(label) \(parameter.synopsis): no \(language) description")
                    }
                    for problem in ChineseTypesetting.problems(in: parameter.expected.text(in: .zh)) {
                        missing.append("\(label) \(parameter.synopsis): zh description has \(problem)")
                    }
                }
            }
        }
        return missing
    }

    /// Replays every example of every command, form by form in declaration order, each typed by
    /// its declared caller in a channel or privately; returns one line per problem: a form
    /// without an example, an example that does not invoke its own form, or a reply that is not
    /// the one declared. Prepare the world the examples describe (courses, codes, orders) first.
    public func exampleFailures() async -> [String] {
        var failures: [String] = []
        for command in router.registry.commands {
            for form in command.forms {
                let label = "!" + command.name + (form.word.map { " " + $0 } ?? "")
                if form.examples.isEmpty { failures.append("\(label) has no example") }
                for example in form.examples {
                    if let problem = Self.mismatch(example, of: form, in: command) {
                        failures.append("\(label): example \"\(example.input)\" \(problem)")
                        continue
                    }
                    let replies = await replay(example)
                    if !example.accepts(replies.first) {
                        failures.append("\(example.input): expected \"\(example.shownReply)\", got \(replies)")
                    }
                }
            }
        }
        return failures
    }

    /// Why an example does not invoke the form it belongs to, or nil when it does.
    /// Replays every example as `exampleFailures()` does (in Chinese where the example has a
    /// Chinese input) and returns the replies that read as an English sentence (three English
    /// words in a row, no Chinese) — in an agent whose router answers in Chinese, the texts that
    /// were never translated — and the Chinese replies set the English way (see
    /// `ChineseTypesetting`). Lines in `content` (what the community wrote, such as course
    /// descriptions) are not the agent's to translate.
    public func untranslatedReplies(content: Set<String> = []) async -> [String] {
        var found: [String] = []
        let englishRun = /[A-Za-z]{2,}[,.]? [A-Za-z]{2,}[,.]? [A-Za-z]{2,}/
        for command in router.registry.commands {
            for form in command.forms {
                for example in form.examples where Self.mismatch(example, of: form, in: command) == nil {
                    let replies = await replay(example, in: .zh)
                    for reply in replies where !content.contains(reply) {
                        if !ChineseTypesetting.containsChinese(reply), reply.contains(englishRun) {
                            found.append("\(example.input(in: .zh)) → \(reply)")
                        }
                        for problem in ChineseTypesetting.problems(in: reply) {
                            found.append("\(example.input(in: .zh)) → \(reply) (\(problem))")
                        }
                    }
                }
            }
        }
        return found
    }

    /// Sends an example's input as its declared caller, where it says; returns the reply texts.
    private func replay(_ example: Example, in language: Language = .en) async -> [String] {
        let (nick, account): (String, String?) =
            switch example.caller {
            case .owner: (Self.exampleOwner, Self.exampleOwner)
            case .member: ("example-member", "example-member")
            case .anonymous: ("guest", nil)
            }
        return await send(
            example.input(in: language), nick: nick, account: account, in: example.isPrivate ? nil : "#test")
    }

    private static func mismatch(_ example: Example, of form: CommandForm, in command: Command) -> String? {
        let words = example.input.split(separator: " ").map { $0.lowercased() }
        guard let first = words.first, first.hasPrefix("!"),
            ([command.name] + command.aliases).contains(String(first.dropFirst()))
        else { return "does not start with !\(command.name)" }
        let second = words.dropFirst().first
        if let word = form.word, second != word { return "does not use the subcommand \(word)" }
        if form.word == nil, let second, command.subcommand(second) != nil {
            return "uses a subcommand instead of the main form"
        }
        if let chinese = example.chineseInput {
            let chineseWords = chinese.split(separator: " ").map { $0.lowercased() }
            let length = form.word == nil ? 1 : 2
            if Array(chineseWords.prefix(length)) != Array(words.prefix(length)) {
                return "has a Chinese input \"\(chinese)\" with other command words"
            }
        }
        return nil
    }
}
