import AgentCore
import AgentTesting
import Community
import EngagementPlugin
import Foundation
import Storage
import Testing

/// A month of a 1,000-member community in virtual time, swept every six hours.
@Suite("Nudge simulation")
struct NudgeSimulationTests {
    enum Kind: CaseIterable {
        case active, cooling, optedOut, farAway, absentJoins, absentGone
    }

    static func kind(of index: Int) -> Kind {
        switch index % 10 {
        case 0...3: .active
        case 4...6: .cooling
        case 7: .optedOut
        case 8: .farAway
        default: index % 20 == 9 ? .absentJoins : .absentGone
        }
    }

    @Test func aMonthOfACommunityGetsExactlyTheNudgesTheRulesAllow() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        let auckland = TimeZone(identifier: "Pacific/Auckland")!
        var known: [String: NickLookup] = [:]
        for index in 0..<1000 {
            let identity = Identity(network: "test", account: "m\(index)")
            let kind = Self.kind(of: index)
            try await fixture.members.saw(identity, as: "n\(index)")
            if kind != .optedOut && kind != .active {
                try await fixture.members.updateProfile(of: identity) { profile in
                    profile.nudges = true
                    if kind == .farAway { profile.timeZone = auckland }
                }
            }
            if kind != .absentJoins && kind != .absentGone { known["n\(index)"] = .identified(account: "m\(index)") }
        }
        bot.outlet.knownNicks = known

        // Day 0, 10:00 UTC: everyone says three things; active members keep talking daily.
        fixture.clock.advance(by: 3_600)
        var joined: Set<Int> = []
        var sends: [(index: Int, at: Date)] = []
        let start = fixture.clock.now
        for step in 0..<(30 * 4) {
            let now = start.addingTimeInterval(Double(step) * 6 * 3_600)
            fixture.clock.advance(to: now)
            if step % 4 == 0 {
                for index in 0..<1000 where step == 0 || Self.kind(of: index) == .active {
                    for line in 0..<3 {
                        _ = await bot.send("line \(line)", nick: "n\(index)", account: "m\(index)")
                    }
                }
            }
            // Members who were away come back 3 hours after their nudge was queued.
            let waiting = try await fixture.engagement.waitingNudges()
            _ = bot.outlet.take()
            try await fixture.plugin.sweep(at: now, outlet: bot.outlet, prefix: { _ in "!" }, log: .disabled)
            sends += Self.nudges(in: bot.outlet.take(), at: now)
            for nudge in waiting where !joined.contains(Self.index(nudge.identity.account)) {
                let index = Self.index(nudge.identity.account)
                guard Self.kind(of: index) == .absentJoins else { continue }
                joined.insert(index)
                fixture.clock.advance(to: now.addingTimeInterval(3 * 3_600))
                bot.outlet.knownNicks["n\(index)"] = .identified(account: "m\(index)")
                await bot.router.handle(
                    .joined(
                        Speaker(network: "test", nick: "n\(index)", account: "m\(index)"),
                        .channel("#test", on: "test")))
                sends += Self.nudges(in: bot.outlet.take(), at: fixture.clock.now)
            }
        }

        var perMember: [Int: [Date]] = [:]
        for send in sends { perMember[send.index, default: []].append(send.at) }
        for index in 0..<1000 {
            let count = perMember[index]?.count ?? 0
            switch Self.kind(of: index) {
            case .active, .optedOut, .absentGone: #expect(count == 0, "m\(index) (\(Self.kind(of: index)))")
            case .cooling, .farAway, .absentJoins: #expect(count == 1, "m\(index) (\(Self.kind(of: index)))")
            }
        }
        // Never at night where the member is.
        let quiet = QuietHours("22:00-08:00")!
        for (index, times) in perMember {
            let zone = Self.kind(of: index) == .farAway ? auckland : TimeZone.gmt
            for time in times { #expect(!quiet.contains(time, in: zone), "m\(index) at \(time)") }
        }
        // Every decision is on record: opted-out members once each, the absent given up.
        let decisions = try await fixture.database.query(
            "SELECT action, cause, COUNT(*) AS n FROM nudge GROUP BY action, cause")
        let counted = Dictionary(
            uniqueKeysWithValues: decisions.map {
                ("\($0.string("action") ?? "")/\($0.string("cause") ?? "")", $0.string("n") ?? "")
            })
        #expect(counted["sent/"] == "450", "\(counted)")
        #expect(counted["skipped/opted-out"] == "100", "\(counted)")
        #expect(counted["skipped/absent"] == "50", "\(counted)")
        let stats = try await fixture.engagement.nudgeStats(since: start)
        #expect(stats.sent == 450)
        #expect(stats.absent == 50)
    }

    @Test func aRestartInTheMiddleOfASweepNeitherLosesNorRepeatsANudge() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        var fixture: EngagementFixture? = try await EngagementFixture(clock: clock, databaseAt: directory)
        var known: [String: NickLookup] = [:]
        for index in 0..<20 {
            let identity = Identity(network: "test", account: "m\(index)")
            try await fixture!.members.saw(identity, as: "n\(index)")
            try await fixture!.members.updateProfile(of: identity) { $0.nudges = true }
            known["n\(index)"] = .identified(account: "m\(index)")
            for _ in 0..<3 { _ = await fixture!.bot.send("hello", nick: "n\(index)", account: "m\(index)") }
        }
        clock.advance(by: 14 * 86_400)
        let outlet = StoppingOutlet(after: 7, known: known)
        let first = Task { [fixture] in
            try await fixture!.plugin.sweep(at: clock.now, outlet: outlet, prefix: { _ in "!" }, log: .disabled)
        }
        outlet.task = first
        await #expect(throws: CancellationError.self) { try await first.value }
        fixture = nil

        let restarted = try await EngagementFixture(clock: clock, databaseAt: directory)
        let second = StoppingOutlet(after: .max, known: known)
        let report = try await restarted.plugin.sweep(
            at: clock.now, outlet: second, prefix: { _ in "!" }, log: .disabled)
        #expect(outlet.sent.count == 7)
        #expect(report.sent == 13, "\(report)")
        let all = outlet.sent + second.sent
        #expect(all.count == 20)
        #expect(Set(all).count == 20)
    }

    static func index(_ account: String) -> Int { Int(account.dropFirst()) ?? -1 }

    static func nudges(in requests: [GatewayRequest], at time: Date) -> [(index: Int, at: Date)] {
        requests.compactMap { request in
            guard case .say(let conversation, _) = request, conversation.isPrivate else { return nil }
            return (Int(conversation.name.dropFirst()) ?? -1, time)
        }
    }
}

/// An outlet that answers lookups from `known` and, after `limit` private messages, cancels
/// the task running the sweep — a stop in the middle of it.
final class StoppingOutlet: Outlet, @unchecked Sendable {
    let limit: Int
    let known: [String: NickLookup]
    private var stoppable: Task<SweepReport, any Error>?
    private let lock = NSLock()

    /// The sweep to stop.
    var task: Task<SweepReport, any Error>? {
        get { lock.withLock { stoppable } }
        set { lock.withLock { stoppable = newValue } }
    }
    private(set) var sent: [String] = []

    init(after limit: Int, known: [String: NickLookup]) {
        self.limit = limit
        self.known = known
    }

    func perform(_ request: GatewayRequest, on network: String) async {
        guard case .say(let conversation, _) = request else { return }
        let count = lock.withLock {
            sent.append(conversation.name)
            return sent.count
        }
        if count == limit { task?.cancel() }
    }

    func lookUp(nick: String, on network: String) async -> NickLookup { known[nick] ?? .unknown }
}
