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

    /// Builds an agent from `plugins` (plus the built-in commands); `roles` grants roles by account.
    public init(
        _ plugins: [any Plugin], roles grants: [String: Role] = [:],
        settings: RouterSettings = RouterSettings(rateLimit: .init(enabled: false)), clock: ManualClock = ManualClock(),
        includeBuiltIns: Bool = true
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("test-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try Database(path: directory.appendingPathComponent("agent.sqlite").path)
        let log = Logger(label: "test", level: .debug, sink: logs)
        var configured = grants.map { (network: "test", account: $0.key, role: $0.value) }
        configured.append((network: "test", account: Self.exampleOwner, role: .owner))
        roles = try await RoleBook(database: database, configured: configured)
        let info = AgentInfo(startedAt: clock.now, roles: roles)
        let all: [any Plugin] = (includeBuiltIns ? [CoreCommands(info: info)] : []) + plugins
        let registry = try CommandRegistry(all.flatMap(\.commands))
        info.setCommands(registry)
        self.clock = clock
        router = Router(
            registry: registry, roles: roles, listeners: all.flatMap(\.listeners), settings: settings, outlet: outlet,
            clock: clock, log: log)
        scheduler = try await Scheduler(
            database: database, clock: clock, calendar: Self.utcCalendar, outlet: outlet, log: log)
        try await scheduler.register(all.flatMap(\.jobs))
        await router.handle(.connected(network: network, nick: "agent"))
    }

    /// One plugin.
    public convenience init(_ plugin: any Plugin, roles: [String: Role] = [:]) async throws {
        try await self.init([plugin], roles: roles)
    }

    /// The account examples are replayed as; it always holds the owner role.
    public static let exampleOwner = "example-owner"

    deinit { try? FileManager.default.removeItem(at: directory) }

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

    /// Replays every example that declares a reply, as an owner in a channel; returns one line per mismatch.
    public func exampleFailures() async -> [String] {
        var failures: [String] = []
        for command in router.registry.commands {
            for example in command.examples {
                guard let expected = example.reply else { continue }
                let replies = await send(example.input, nick: Self.exampleOwner, account: Self.exampleOwner)
                if replies.first != expected {
                    failures.append("\(example.input): expected \"\(expected)\", got \(replies)")
                }
            }
        }
        return failures
    }
}
