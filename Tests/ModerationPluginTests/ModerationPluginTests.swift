import AgentCore
import AgentTesting
import Community
import Foundation
import ModerationPlugin
import PluginSupport
import Storage
import Testing

@Suite("Moderation plugin")
struct ModerationPluginTests {
    @Test func examplesHoldInTheWorldTheyDescribe() async throws {
        let fixture = try await ModerationFixture()
        defer { fixture.cleanUp() }
        let failures = await fixture.bot.exampleFailures()
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func everyTextExistsInBothLanguages() async throws {
        #expect(Moderation.messages.problems().isEmpty, "\(Moderation.messages.problems())")
        let fixture = try await ModerationFixture(language: .zh)
        defer { fixture.cleanUp() }
        #expect(fixture.bot.missingTranslations().isEmpty, "\(fixture.bot.missingTranslations())")
        let untranslated = await fixture.bot.untranslatedReplies()
        #expect(untranslated.isEmpty, "\(untranslated)")
    }

    @Test func aTimedMuteIsSetByAccountAndLiftedAtItsExpiryAcrossARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moderation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        var fixture: ModerationFixture? = try await ModerationFixture(databaseAt: directory, clock: clock)
        guard let first = fixture else { return }
        let sent = await first.bot.sendDetailed("!mute troll 2m spamming", nick: "mod", account: "mod")
        #expect(ModerationFixture.modes(sent) == ["+b m:R:troll"])
        let replies = sent.compactMap { request -> String? in
            if case .reply(_, let text, _) = request { return text }
            return nil
        }
        #expect(replies == ["Case 1: muted troll in #test for 2m (until Mon 5 Jan 09:02 UTC): spamming."])
        let told = try await first.members.waitingNotices(
            for: Identity(network: "test", account: "troll"), at: clock.now)
        #expect(
            told.map(\.text) == [
                "You were muted in #test until Mon 5 Jan 09:02 UTC (case 1): spamming. To appeal: !appeal 1 <why>"
            ])
        // The agent stops and starts again; the expiry still lifts the mute, on time.
        fixture = nil
        let restarted = try await ModerationFixture(databaseAt: directory, clock: clock)
        #expect(ModerationFixture.modes(try await restarted.advance(to: clock.now.addingTimeInterval(119))).isEmpty)
        #expect(
            ModerationFixture.modes(try await restarted.advance(to: clock.now.addingTimeInterval(1))) == [
                "-b m:R:troll"
            ])
        let record = try #require(try await restarted.moderation.moderationCase(1))
        #expect(record.state == .lifted && record.liftedBy == "expiry")
        #expect(record.liftedAt == clock.now)
        fixture = restarted
    }

    @Test func anExpiryMissedWhileDownIsAppliedOnReturnAndSaysWhen() async throws {
        let fixture = try await ModerationFixture()
        defer { fixture.cleanUp() }
        _ = await fixture.moderator("!ban troll 5m links")
        let late = fixture.clock.now.addingTimeInterval(3_600)
        #expect(ModerationFixture.modes(try await fixture.advance(to: late)) == ["-b R:troll"])
        let record = try #require(try await fixture.moderation.moderationCase(1))
        #expect(record.expiresAt == fixture.clock.now.addingTimeInterval(-3_600 + 300))
        #expect(record.liftedAt == late)
    }

    @Test func banByAccountKicksAndHostBansNeverCatchAModerator() async throws {
        let fixture = try await ModerationFixture()
        defer { fixture.cleanUp() }
        let sent = await fixture.bot.sendDetailed("!ban troll 1d spam", nick: "mod", account: "mod")
        #expect(ModerationFixture.modes(sent) == ["+b R:troll"])
        #expect(sent.contains(.kick(channel: "#test", nick: "troll", reason: "spam")))
        // The guest has no account and shares the moderator's host: a host ban would lock them out.
        let refused = await fixture.moderator("!ban guest flooding")
        #expect(refused.first?.hasPrefix("That mask would also match mod, so I won't set it.") == true, "\(refused)")
        #expect(
            await fixture.moderator("!ban *!*@shared.host").first?.hasPrefix("That mask would also match mod") == true)
        #expect(
            await fixture.moderator("!ban *!*@agent.host").first?.hasPrefix("That mask would also match me") == true)
        #expect(
            await fixture.moderator("!mute mod").first == "mod is a moderator; I won't act on moderators or owners.")
        #expect(await fixture.moderator("!kick agent").first == "I won't act on myself.")
        #expect(try await fixture.moderation.recent().count == 1)
        // Undo: !unban lifts it now and records who did.
        #expect(await fixture.moderator("!unban troll").first == "Case 2: unbanned troll from #test.")
        #expect(try await fixture.moderation.moderationCase(1)?.liftedBy == "case 2")
        #expect(await fixture.moderator("!unban troll").first == "troll is not banned from #test.")
    }

    @Test func aNewMuteReplacesTheOneInForce() async throws {
        let fixture = try await ModerationFixture()
        defer { fixture.cleanUp() }
        _ = await fixture.moderator("!mute troll 10m spam")
        _ = await fixture.moderator("!mute troll permanent spam again")
        let first = try #require(try await fixture.moderation.moderationCase(1))
        #expect(first.state == .lifted && first.liftedBy == "case 2")
        #expect(try await fixture.moderation.moderationCase(2)?.state == .active)
        // The first mute's timer no longer lifts anything.
        #expect(
            ModerationFixture.modes(try await fixture.advance(to: fixture.clock.now.addingTimeInterval(700))).isEmpty)
        #expect(await fixture.moderator("!unmute troll") == ["Case 3: unmuted troll in #test."])
    }

    @Test func withoutOperatorStatusTheCaseIsKeptWithTheFailureAndTheModeratorTold() async throws {
        let fixture = try await ModerationFixture()
        defer { fixture.cleanUp() }
        fixture.bot.outlet.knownChannels = ["#test": ModerationFixture.channel(agentModes: [])]
        let sent = await fixture.bot.sendDetailed("!mute troll 10m spam", nick: "mod", account: "mod")
        #expect(ModerationFixture.modes(sent).isEmpty)
        let record = try #require(try await fixture.moderation.moderationCase(1))
        #expect(record.state == .failed && record.failure == "I need +o in #test to do that.")
        #expect(await fixture.moderator("!case 1").first == "Sent privately.")
    }

    @Test func aLiftThatCannotBeMadeYetSaysSoAndHappensOnceOperatorStatusIsBack() async throws {
        let fixture = try await ModerationFixture()
        defer { fixture.cleanUp() }
        _ = await fixture.moderator("!mute troll spamming")
        fixture.bot.outlet.knownChannels = ["#test": ModerationFixture.channel(agentModes: [])]
        #expect(
            await fixture.moderator("!unmute troll") == [
                "Case 2: unmuted troll in #test.",
                "I cannot lift it on the network yet: I need +o in #test. I'll keep trying every minute.",
            ])
        #expect(try await fixture.moderation.moderationCase(1)?.state == .active)
        fixture.bot.outlet.knownChannels = ["#test": ModerationFixture.channel()]
        let retried = try await fixture.advance(to: fixture.clock.now.addingTimeInterval(60))
        #expect(ModerationFixture.modes(retried) == ["-b m:R:troll"])
        #expect(try await fixture.moderation.moderationCase(1)?.state == .lifted)
        #expect(try await fixture.moderation.moderationCase(1)?.liftedBy == "case 2")
    }

    @Test func mutingFollowsWhatTheServerOffers() async throws {
        let fixture = try await ModerationFixture()
        defer { fixture.cleanUp() }
        // Solanum-like: +q quiet and $a: account extbans.
        fixture.bot.outlet.knownChannels = [
            "#test": ModerationFixture.channel(
                extendedBans: .init(prefix: "$", letters: ["a", "j", "r", "x", "z"]), listModes: ["b", "e", "I", "q"])
        ]
        #expect(
            ModerationFixture.modes(await fixture.bot.sendDetailed("!mute troll", nick: "mod", account: "mod")) == [
                "+q $a:troll"
            ])
        // No quiet mode, no extbans, a moderated channel: take voice.
        fixture.bot.outlet.knownChannels = [
            "#test": ModerationFixture.channel(extendedBans: nil, moderated: true)
        ]
        #expect(
            ModerationFixture.modes(await fixture.bot.sendDetailed("!mute alice", nick: "mod", account: "mod")) == [
                "-v alice"
            ])
        #expect(
            ModerationFixture.modes(await fixture.bot.sendDetailed("!unmute alice", nick: "mod", account: "mod")) == [
                "+v alice"
            ])
        // Nothing at all: the case says why.
        fixture.bot.outlet.knownChannels = ["#test": ModerationFixture.channel(extendedBans: nil)]
        #expect(await fixture.moderator("!mute troll").first?.contains("so I cannot mute there") == true)
    }

    @Test func warningsClimbTheLadderAndEveryStepIsACaseThatNamesIt() async throws {
        var settings = Moderation.Settings()
        settings.ladder = EscalationLadder(steps: [.warn, .mute(600), .ban(86_400)], window: 30 * 86_400)
        let fixture = try await ModerationFixture(settings: settings)
        defer { fixture.cleanUp() }
        #expect(await fixture.moderator("!warn troll be nice") == ["Case 1: warned troll in #test: be nice."])
        let second = await fixture.moderator("!warn troll seriously")
        #expect(second.count == 2)
        #expect(second.last?.hasPrefix("Case 3: muted troll in #test for 10m") == true, "\(second)")
        #expect(try await fixture.moderation.moderationCase(3)?.rule == "2 offences in 30 days: mute 10m")
        let third = await fixture.moderator("!warn troll last time")
        #expect(third.last?.hasPrefix("Case 5: banned troll from #test for 1d") == true, "\(third)")
        // Past the window, it starts again.
        fixture.clock.advance(by: 31 * 86_400)
        #expect(await fixture.moderator("!warn troll new month").count == 1)
        #expect(await fixture.moderator("!mute troll 10x").first?.contains("must be a duration such as 10m") == true)
    }

    @Test func reasonsKeepTheirHistoryAndAppealsAreOwnOnceAndDecided() async throws {
        let fixture = try await ModerationFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        _ = await fixture.moderator("!mute troll 1h spamming")
        #expect(
            await fixture.moderator("!reason 1 spamming links in #test") == [
                "Case 1 now reads: spamming links in #test."
            ])
        let edits = try await fixture.moderation.edits(of: 1)
        #expect(edits.map(\.previousReason) == ["spamming"])
        #expect(
            await bot.send("!appeal 1 it was a bot", nick: "alice", account: "alice") == ["Case 1 is not about you."])
        #expect(
            await bot.send("!appeal 1 my client pasted twice", nick: "troll", account: "troll")
                == ["Your appeal of case 1 is filed; a moderator will decide and I'll tell you privately."])
        #expect(await bot.send("!appeal 1 again", nick: "troll", account: "troll") == ["You already appealed case 1."])
        let modlog = await bot.send("!modlog", nick: "mod", account: "mod", in: nil)
        #expect(modlog.last?.hasPrefix("Open appeals: #1") == true, "\(modlog)")
        let accepted = await bot.sendDetailed("!appeal accept 1 fair enough", nick: "mod", account: "mod")
        #expect(ModerationFixture.modes(accepted) == ["-b m:R:troll"])
        let record = try #require(try await fixture.moderation.moderationCase(1))
        #expect(record.state == .lifted && record.liftedBy == "appeal")
        let told = try await fixture.members.waitingNotices(
            for: Identity(network: "test", account: "troll"), at: fixture.clock.now)
        #expect(told.last?.text == "Your appeal of case 1 was accepted (fair enough); the action is lifted.")
        #expect(await fixture.moderator("!appeal reject 1").first == "Case 1 has no open appeal.")
        let cases = await bot.send("!cases troll", nick: "mod", account: "mod", in: nil)
        #expect(cases.first?.hasPrefix("#1 mute troll in #test — mod, ") == true, "\(cases)")
        #expect(cases.first?.contains("lifted (appeal)") == true, "\(cases)")
        // Moderation is by account: someone using a moderator's nick without its account cannot act.
        #expect(
            await bot.send("!mute alice", nick: "mod", account: nil).first?.hasPrefix("Sorry, !mute is for moderators")
                == true)
    }
}
