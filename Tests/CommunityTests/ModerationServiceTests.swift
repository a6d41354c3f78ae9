import Community
import Foundation
import Storage
import Testing

/// The case log on a real SQLite file.
@Suite("Moderation cases")
struct ModerationServiceTests {
    static let now = CommunityFixture.start

    static func draft(_ kind: ModerationCase.Kind, _ nick: String, account: String?) -> ModerationService.Draft {
        ModerationService.Draft(
            kind, network: "libera", channel: "#c", targetNick: nick, targetAccount: account,
            targetHost: "\(nick)@host", actor: "mod", reason: "because")
    }

    @Test func casesAreNumberedKeptAcrossReopeningAndTheirReasonsKeepHistory() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        var service = try await ModerationService(database: fixture.database, members: fixture.members)
        let warn = try await service.open(Self.draft(.warn, "troll", account: "troll"), at: Self.now)
        var muteDraft = Self.draft(.mute, "troll", account: "troll")
        muteDraft.duration = 600
        let mute = try await service.open(muteDraft, at: Self.now)
        #expect(warn.id == 1 && mute.id == 2)
        #expect(warn.state == .done && mute.state == .active)
        #expect(mute.expiresAt == Self.now.addingTimeInterval(600))
        service = try await ModerationService(database: fixture.database, members: fixture.members)
        _ = try await service.editReason(1, to: "rude", by: "mod2", at: Self.now)
        _ = try await service.editReason(1, to: "very rude", by: "mod3", at: Self.now)
        #expect(try await service.moderationCase(1)?.reason == "very rude")
        #expect(try await service.edits(of: 1).map(\.previousReason) == ["because", "rude"])
        await #expect(throws: ModerationError.noSuchCase(9)) {
            try await service.editReason(9, to: "x", by: "m", at: Self.now)
        }
        #expect(try await service.due(at: Self.now.addingTimeInterval(599)).isEmpty)
        #expect(try await service.due(at: Self.now.addingTimeInterval(600)).map(\.id) == [2])
        #expect(try await service.lift(2, by: "expiry", at: Self.now.addingTimeInterval(700)))
        #expect(!(try await service.lift(2, by: "expiry", at: Self.now.addingTimeInterval(800))))
        #expect(try await service.moderationCase(2)?.liftedAt == Self.now.addingTimeInterval(700))
        #expect(try await service.offences(network: "libera", account: "troll", nick: "troll", since: Self.now) == 1)
    }

    @Test func appealsAreForOnesOwnCasesOnceAcrossLinkedIdentities() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let service = try await ModerationService(database: fixture.database, members: fixture.members)
        _ = try await service.open(Self.draft(.warn, "troll", account: "troll"), at: Self.now)
        _ = try await service.open(Self.draft(.note, "troll", account: "troll"), at: Self.now)
        _ = try await service.open(Self.draft(.warn, "anon", account: nil), at: Self.now)
        let troll = Identity(network: "libera", account: "troll")
        await #expect(throws: ModerationError.notYourCase(1)) {
            try await service.appeal(1, by: Identity(network: "libera", account: "alice"), text: "x", at: Self.now)
        }
        await #expect(throws: ModerationError.notAppealable(2)) {
            try await service.appeal(2, by: troll, text: "x", at: Self.now)
        }
        await #expect(throws: ModerationError.notYourCase(3)) {
            try await service.appeal(3, by: troll, text: "x", at: Self.now)
        }
        // The same member from another network, linked, may appeal.
        let code = try await fixture.members.linkCode(for: troll, at: Self.now)
        let console = Identity(network: "console", account: "t")
        _ = try await fixture.members.link(code, from: console, at: Self.now)
        let appeal = try await service.appeal(1, by: console, text: "sorry", at: Self.now)
        #expect(appeal.status == .open)
        await #expect(throws: ModerationError.alreadyAppealed(1)) {
            try await service.appeal(1, by: troll, text: "x", at: Self.now)
        }
        #expect(try await service.openAppeals().map(\.caseID) == [1])
        #expect(try await service.decide(1, accept: false, by: "mod", note: "no", at: Self.now).status == .rejected)
        await #expect(throws: ModerationError.noOpenAppeal(1)) {
            try await service.decide(1, accept: true, by: "mod", note: nil, at: Self.now)
        }
    }

    @Test func durationsAndLadderStepsAsPeopleTypeThem() {
        #expect(ModerationDuration.parse("10m") == .timed(600))
        #expect(ModerationDuration.parse("1h30m") == .timed(5_400))
        #expect(ModerationDuration.parse("1w") == .timed(604_800))
        #expect(ModerationDuration.parse("永久") == .permanent)
        #expect(ModerationDuration.parse("Permanent") == .permanent)
        for bad in ["10", "m", "10x", "30m1h", "0m", ""] { #expect(ModerationDuration.parse(bad) == nil, "\(bad)") }
        #expect(EscalationLadder.step("mute 10m") == .mute(600))
        #expect(EscalationLadder.step("ban") == .ban(nil))
        #expect(EscalationLadder.step("ban 永久") == .ban(nil))
        #expect(EscalationLadder.step("warn 5m") == nil)
        let ladder = EscalationLadder()
        #expect(
            (1...7).map { ladder.step(forOffence: $0).description } == [
                "warn", "warn", "mute 10m", "ban 1d", "ban", "ban", "ban",
            ])
    }
}
