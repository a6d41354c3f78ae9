import AgentCore
import AgentTesting
import Community
import Foundation
import ModerationPlugin
import Testing

@Suite("Automatic moderation")
struct AutomodTests {
    static func settings() -> Moderation.Settings {
        var rules = AutomodRules()
        rules.flood = .init(count: 5, seconds: 10)
        rules.repeats = .init(count: 3, seconds: 60)
        rules.highlights = 3
        rules.patterns = ["buy followers", "scam"]
        rules.linksJoinedMinutes = 10
        var settings = Moderation.Settings()
        settings.automod = ["*": rules]
        settings.ladder = EscalationLadder(steps: [.warn, .mute(600)], window: 86_400)
        return settings
    }

    @Test func aFloodWarnsOnceThenTheLadderMutes() async throws {
        let fixture = try await ModerationFixture(settings: Self.settings())
        defer { fixture.cleanUp() }
        var sent: [GatewayRequest] = []
        for index in 0..<8 {
            sent += await fixture.bot.sendDetailed("line \(index)", nick: "troll", account: "troll")
            fixture.clock.advance(by: 0.5)
        }
        let cases = try await fixture.moderation.recent()
        #expect(cases.map(\.kind) == [.warn], "\(cases)")
        #expect(cases.first?.actor == "automod")
        #expect(cases.first?.reason == "flood: 5 lines in 10 s")
        let told = try await fixture.members.waitingNotices(
            for: Identity(network: "test", account: "troll"), at: fixture.clock.now)
        #expect(
            told.first?.text.hasPrefix("You were warned in #test (case 1): flood: 5 lines in 10 s (automod).") == true,
            "\(told)")
        fixture.clock.advance(by: 60)
        for index in 0..<5 {
            sent += await fixture.bot.sendDetailed("again \(index)", nick: "troll", account: "troll")
        }
        #expect(ModerationFixture.modes(sent) == ["+b m:R:troll"])
        #expect(try await fixture.moderation.recent().map(\.kind) == [.mute, .warn, .warn])
    }

    @Test func eachRuleFiresOnItsOwnAndExemptionsHold() async throws {
        let fixture = try await ModerationFixture(settings: Self.settings())
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        for _ in 0..<3 { _ = await bot.send("same thing", nick: "alice", account: "alice") }
        #expect(try await fixture.moderation.recent().first?.reason == "repeats: the same line 3 times in 60 s")
        _ = await bot.send("ｂｕｙ　ｆｏｌｌｏｗｅｒｓ here", nick: "example-member", account: "example-member")
        #expect(try await fixture.moderation.recent().first?.reason == "banned words: buy followers")
        _ = await bot.send("this is a ѕсаm", nick: "troll", account: "troll")
        #expect(try await fixture.moderation.recent().first?.reason == "banned words: scam")
        // Links from someone who just joined; not from someone the agent never saw join.
        await bot.router.handle(
            .joined(Speaker(network: "test", nick: "newbie", account: "newbie"), .channel("#test", on: "test")))
        _ = await bot.send("see https://example.com", nick: "newbie", account: "newbie")
        #expect(try await fixture.moderation.recent().first?.reason == "links within 10 minutes of joining")
        _ = await bot.send("see https://example.com", nick: "example-member", account: "example-member")
        #expect(try await fixture.moderation.recent().first?.targetNick == "newbie")
        // Mass highlight of three people in the channel.
        _ = await bot.send("alice troll example-member look!", nick: "guest", account: nil)
        #expect(try await fixture.moderation.recent().first?.reason == "mass highlight: 3 people named")
        // Moderators are exempt; services bots too.
        for _ in 0..<8 { _ = await bot.send("mod flood", nick: "mod", account: "mod") }
        for _ in 0..<8 { _ = await bot.send("services", nick: "ChanServ", account: nil) }
        #expect(try await fixture.moderation.recent().count == 5)
    }

    @Test func normalisingCatchesLookAlikes() {
        var rules = AutomodRules()
        rules.patterns = ["free money"]
        #expect(rules.bannedPattern(in: "ＦＲＥＥ ＭＯＮＥＹ now") == "free money")
        #expect(rules.bannedPattern(in: "fr3e m0ney") == "free money")
        #expect(rules.bannedPattern(in: "frée mоney") == "free money")
        #expect(rules.bannedPattern(in: "money for free") == nil)
    }
}
