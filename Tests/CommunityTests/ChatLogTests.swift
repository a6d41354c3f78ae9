import Community
import Foundation
import Storage
import Testing

@Suite("Chat log: packed chat and folding")
struct ChatLogTests {
    static let start = CommunityFixture.start

    /// Every entry of every stored batch.
    static func storedEntries(in database: Database) async throws -> [ChatLogEntry] {
        try await database.query("SELECT id, data FROM chat_log ORDER BY id").flatMap { row -> [ChatLogEntry] in
            guard case .blob(let bytes) = row["data"], let batch = ChatLogBatch(decoding: bytes) else {
                Issue.record("batch \(row["id"]) does not decode")
                return []
            }
            return batch.entries
        }
    }

    /// `who` says one line in `channel`, written through `writer`'s buffer, then `folder` folds.
    static func say(
        _ who: Identity, _ channel: String, at offset: Double, recordedBy writer: EngagementService,
        foldedBy folder: EngagementService
    ) async throws {
        let recorder = ActivityRecorder(engagement: writer)
        recorder.record(ChatActivity(.message, by: who, network: "libera", channel: channel, at: start + offset))
        try await recorder.flush()
        try await folder.foldPending()
    }

    @Test func aBatchComesBackAsItWentIn() throws {
        let entries = [
            ChatLogEntry(member: Member(id: 7), kind: .message, network: "libera", channel: "#swift", at: Self.start),
            ChatLogEntry(member: nil, kind: .message, network: "libera", channel: "#swift", at: Self.start + 0.25),
            ChatLogEntry(
                member: Member(id: 123_456_789), kind: .command, network: "梦网", channel: "#学习", at: Self.start - 90),
            ChatLogEntry(
                member: Member(id: 7), kind: .command, network: "libera", channel: nil, at: Self.start + 86_400),
        ]
        let bytes = ChatLogBatch(entries).encoded()
        #expect(ChatLogBatch(decoding: bytes)?.entries == entries)
        // Times are kept to the millisecond.
        let odd = ChatLogEntry(member: nil, kind: .message, network: "n", channel: "#c", at: Self.start + 0.123_456)
        #expect(abs(odd.at.timeIntervalSince(Self.start) - 0.123) < 1e-6)
        #expect(odd.at <= Self.start + 0.123_456)
        #expect(ChatLogBatch(decoding: ChatLogBatch([odd]).encoded())?.entries == [odd])
        // Damaged bytes are refused, never half-read.
        #expect(ChatLogBatch(decoding: Array(bytes.dropLast())) == nil)
        #expect(ChatLogBatch(decoding: bytes + [0]) == nil)
        #expect(ChatLogBatch(decoding: [9] + bytes.dropFirst()) == nil)
        #expect(ChatLogBatch(decoding: []) == nil)
    }

    @Test func chatWrittenButNotFoldedIsCountedOnceAfterARestart() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let alice = Identity(network: "libera", account: "alice")
        do {
            // Folds only when read: the flushes below leave everything in the log, as a kill -9
            // right after them would.
            let engagement = try await EngagementService(
                database: fixture.database, members: fixture.members, foldEvents: .max)
            let recorder = ActivityRecorder(engagement: engagement)
            for second in 0..<6 {
                recorder.record(
                    ChatActivity(
                        .message, by: alice, network: "libera", channel: "#swift", at: Self.start + Double(second)))
            }
            try await recorder.flush()
            let state = try await fixture.database.first("SELECT 'x' AS id, COUNT(*) AS n FROM engagement_state")
            #expect(state?.string("n") == "0")
        }
        let restarted = try await EngagementService(database: fixture.database, members: fixture.members)
        let member = try await fixture.members.member(of: alice)
        #expect(try await restarted.totals(of: member) == [.message: 6])
        #expect(try await restarted.totals(of: member) == [.message: 6])
        let again = try await EngagementService(database: fixture.database, members: fixture.members)
        #expect(try await again.totals(of: member) == [.message: 6])
        let stats = try await again.stats(days: 1, at: Self.start + 60)
        #expect(stats.messages == [6])
        #expect(stats.activeMembers == [1])
    }

    @Test func aMessageCountsAtTheVeryMomentItWasSaid() async throws {
        // Found on the console: a time rounded up to the millisecond was "later" than the
        // command asking about it, and today's sparkline showed nothing.
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let recorder = ActivityRecorder(engagement: engagement)
        let alice = Identity(network: "libera", account: "alice")
        let said = Self.start + 0.000_6
        recorder.record(ChatActivity(.message, by: alice, network: "libera", channel: "#swift", at: said))
        try await recorder.flush()
        let member = try await fixture.members.member(of: alice)
        let today = try await engagement.dailyActivity(of: member, days: 1, at: said)
        #expect(today.count == 1)
        #expect((today.first ?? 0) > 4.9)
    }

    @Test func aMemberCountsOnceAsAChannelsSpeakerAcrossFoldsAndRestarts() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let alice = Identity(network: "libera", account: "alice")
        let bob = Identity(network: "libera", account: "bob")
        let first = try await EngagementService(database: fixture.database, members: fixture.members)
        try await Self.say(alice, "#a", at: 1, recordedBy: first, foldedBy: first)
        try await Self.say(alice, "#a", at: 2, recordedBy: first, foldedBy: first)
        try await Self.say(alice, "#b", at: 3, recordedBy: first, foldedBy: first)
        let second = try await EngagementService(database: fixture.database, members: fixture.members)
        try await Self.say(alice, "#a", at: 4, recordedBy: second, foldedBy: second)
        try await Self.say(bob, "#a", at: 5, recordedBy: second, foldedBy: second)
        // The next day she is new again.
        try await Self.say(alice, "#a", at: 86_400, recordedBy: second, foldedBy: second)
        let rows = try await fixture.database.query(
            "SELECT channel, day, messages, active_members FROM engagement_channel_day ORDER BY day, channel")
        #expect(
            rows.map { [$0.string("channel"), $0.string("day"), $0.string("messages"), $0.string("active_members")] }
                == [
                    ["#a", "2026-01-05", "4", "2"], ["#b", "2026-01-05", "1", "1"], ["#a", "2026-01-06", "1", "1"],
                ])
    }

    @Test func aFoldByAnotherProcessIsNotCountedAgain() async throws {
        // The agent folds as chat arrives; `community-agent activity` or `nudges plan` fold from
        // a second process. Neither may count a speaker the other already counted.
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let agent = try await EngagementService(database: fixture.database, members: fixture.members)
        let commandLine = try await EngagementService(database: fixture.database, members: fixture.members)
        let alice = Identity(network: "libera", account: "alice")
        let bob = Identity(network: "libera", account: "bob")
        try await Self.say(alice, "#a", at: 1, recordedBy: agent, foldedBy: agent)
        try await Self.say(bob, "#a", at: 2, recordedBy: agent, foldedBy: commandLine)
        try await Self.say(alice, "#a", at: 3, recordedBy: agent, foldedBy: agent)
        try await Self.say(bob, "#a", at: 4, recordedBy: agent, foldedBy: agent)
        try await Self.say(bob, "#a", at: 5, recordedBy: agent, foldedBy: commandLine)
        let row = try await fixture.database.first("SELECT messages, active_members FROM engagement_channel_day")
        #expect(row?.string("messages") == "5")
        #expect(row?.string("active_members") == "2")
    }

    @Test func aMemberForgottenByAnotherProcessIsNotLoggedUnderTheirOldNumber() async throws {
        // `community-agent members forget` runs beside the agent, whose cache still knows the
        // member's number.
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let agentMembers = try await MemberDirectory(database: fixture.database)
        let agent = try await EngagementService(database: fixture.database, members: agentMembers)
        let recorder = ActivityRecorder(engagement: agent)
        let alice = Identity(network: "libera", account: "alice")
        recorder.record(ChatActivity(.message, by: alice, network: "libera", channel: "#a", at: Self.start))
        try await recorder.flush()
        #expect(try await agentMembers.knownMember(of: alice) != nil)
        let commandLine = try await MemberDirectory(database: fixture.database)
        #expect(try await commandLine.forget(alice, at: Self.start + 1) != nil)
        recorder.record(ChatActivity(.message, by: alice, network: "libera", channel: "#a", at: Self.start + 2))
        try await recorder.flush()
        // Without noticing, the agent logs her under the deleted number and she has no identity.
        let new = try #require(try await agentMembers.knownMember(of: alice))
        #expect(try await Self.storedEntries(in: fixture.database).map(\.member) == [new])
    }

    @Test func whatIsStillBufferedWhenAMemberIsForgottenIsNotRecordedAsTheirs() async throws {
        // Found on the console: "hello", "!forgetme confirm" within half a second answered
        // "nothing kept", then the buffer was written and made the member again.
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let recorder = ActivityRecorder(engagement: engagement)
        let alice = Identity(network: "libera", account: "alice")
        let bob = Identity(network: "libera", account: "bob")
        recorder.record(ChatActivity(.message, by: bob, network: "libera", channel: "#c", at: Self.start))
        try await recorder.flush()
        for (offset, who) in [alice, bob].enumerated() {
            recorder.record(
                ChatActivity(.message, by: who, network: "libera", channel: "#c", at: Self.start + Double(offset + 1)))
        }
        recorder.record(ChatActivity(.mention, by: bob, network: "libera", course: "swift-basics", at: Self.start + 3))
        recorder.record(ChatActivity(.command, by: bob, network: "libera", channel: "#c", at: Self.start + 4))
        // Neither is known to the database yet or any more once forgotten.
        #expect(try await fixture.members.forget(alice, at: Self.start + 5) == nil)
        #expect(try await fixture.members.forget(bob, at: Self.start + 5) != nil)
        try await recorder.flush()
        #expect(try await fixture.members.knownMember(of: alice) == nil)
        #expect(try await fixture.members.knownMember(of: bob) == nil)
        let entries = try await Self.storedEntries(in: fixture.database)
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0.member == nil })
        #expect(try await fixture.database.query("SELECT id FROM interaction").isEmpty)
        let stats = try await engagement.stats(days: 1, at: Self.start + 60)
        #expect(stats.messages == [3])  // counted, without names
        #expect(stats.commands == [1])
        // Speaking again afterwards is a new beginning.
        recorder.record(ChatActivity(.message, by: alice, network: "libera", channel: "#c", at: Self.start + 6))
        try await recorder.flush()
        let again = try #require(try await fixture.members.knownMember(of: alice))
        #expect(try await engagement.totals(of: again) == [.message: 1])
    }

    @Test func forgettingAndLinkingRewriteTheLog() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let recorder = ActivityRecorder(engagement: engagement)
        let alice = Identity(network: "libera", account: "alice")
        let aliceElsewhere = Identity(network: "oftc", account: "alice2")
        let bob = Identity(network: "libera", account: "bob")
        for (offset, who) in [alice, bob, aliceElsewhere, alice].enumerated() {
            recorder.record(
                ChatActivity(.message, by: who, network: who.network, channel: "#c", at: Self.start + Double(offset)))
        }
        try await recorder.flush()
        let kept = try await fixture.members.member(of: alice)
        let absorbed = try await fixture.members.member(of: aliceElsewhere)
        let code = try await fixture.members.linkCode(for: alice)
        _ = try await fixture.members.link(code, from: aliceElsewhere)
        let members = Set(try await Self.storedEntries(in: fixture.database).compactMap(\.member))
        #expect(!members.contains(absorbed))
        #expect(try await engagement.totals(of: kept) == [.message: 3])

        let bobMember = try await fixture.members.member(of: bob)
        _ = try await fixture.members.forget(bob)
        let left = try await Self.storedEntries(in: fixture.database)
        #expect(left.count == 3)
        #expect(!left.contains { $0.member == bobMember })
    }
}
