import AgentCore
import AgentTesting
import Community
import Foundation
import ModerationPlugin
import PluginSupport
import Storage

/// The Moderation plugin over a fresh SQLite file, driven by a TestAgent on a manual clock, with
/// a channel `#test` on an InspIRCd-like network (extbans `R`, `U`, `m`) where the agent is op.
struct ModerationFixture {
    let directory: URL
    let database: Database
    let members: MemberDirectory
    let moderation: ModerationService
    let plugin: Moderation
    let bot: TestAgent
    var clock: ManualClock { bot.clock }

    static let roles: [String: Role] = ["mod": .moderator, "boss": .owner]

    init(
        settings: Moderation.Settings = Moderation.Settings(), language: Language = .en, databaseAt path: URL? = nil,
        clock: ManualClock = ManualClock()
    ) async throws {
        directory =
            path ?? FileManager.default.temporaryDirectory.appendingPathComponent("moderation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try Database(path: directory.appendingPathComponent("m.sqlite").path)
        members = try await MemberDirectory(database: database)
        moderation = try await ModerationService(database: database, members: members)
        var settings = settings
        settings.language = language
        let roles = Self.roles
        plugin = Moderation(
            moderation: moderation, notices: MemberNotices(members: members), settings: settings,
            roleOf: { _, account in roles[account] ?? (account == TestAgent.exampleOwner ? .owner : .member) },
            clock: clock)
        var router = RouterSettings(rateLimit: .init(enabled: false))
        router.language = language
        bot = try await TestAgent(
            [plugin], roles: Self.roles, settings: router, clock: clock,
            directory: path.map { $0.appendingPathComponent("agent") })
        bot.outlet.knownChannels = ["#test": Self.channel()]
        bot.outlet.knownNicks = [
            "example-member": .identified(account: "example-member"), "alice": .identified(account: "alice"),
            "troll": .identified(account: "troll"), "mod": .identified(account: "mod"), "guest": .notIdentified,
        ]
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// `#test` as the gateway would describe it: the agent opped, a moderator sharing a host
    /// with a guest, members with accounts.
    static func channel(
        agentModes: Set<Character> = ["o"],
        extendedBans: ChannelFacts.ExtendedBans? = .init(prefix: "", letters: ["R", "U", "m"]),
        listModes: Set<Character> = ["b", "e", "I"], moderated: Bool = false
    ) -> ChannelFacts {
        ChannelFacts(
            channel: "#test", ownNick: "agent", ownModes: agentModes, ownUserHost: "bot@agent.host",
            prefixModes: ["o", "v"], listModes: listModes, extendedBans: extendedBans, moderated: moderated,
            people: [
                .init(nick: "agent", userHost: "bot@agent.host", account: "botacct", modes: agentModes),
                .init(nick: "mod", userHost: "mod@shared.host", account: "mod", modes: ["o"]),
                .init(nick: "guest", userHost: "guest@shared.host", account: nil, modes: []),
                .init(nick: "alice", userHost: "alice@alice.host", account: "alice", modes: ["v"]),
                .init(nick: "troll", userHost: "troll@troll.host", account: "troll", modes: ["v"]),
                .init(nick: "example-member", userHost: "em@em.host", account: "example-member", modes: []),
            ])
    }

    /// Sends as the moderator in `#test`.
    func moderator(_ text: String) async -> [String] { await bot.send(text, nick: "mod", account: "mod") }

    /// The mode changes among `requests`, as `+b R:troll`.
    static func modes(_ requests: [GatewayRequest]) -> [String] {
        requests.compactMap { request in
            if case .mode(_, let modes, let arguments) = request { return ([modes] + arguments).joined(separator: " ") }
            return nil
        }
    }

    /// Runs due jobs after moving the clock to `date`; returns what was sent.
    func advance(to date: Date) async throws -> [GatewayRequest] {
        _ = bot.outlet.take()
        clock.advance(to: date)
        try await bot.scheduler.runDue()
        return bot.outlet.take()
    }
}
