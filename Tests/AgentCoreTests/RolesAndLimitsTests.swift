import AgentCore
import AgentTesting
import Foundation
import Storage
import Testing

@Suite("Roles")
struct RoleTests {
    @Test func moderatorCommandChecksTheAccountNotTheNick() async throws {
        let bot = try await TestAgent([ProbePlugin()], roles: ["modacct": .moderator])
        #expect(await bot.send("!ban bob", nick: "alice", account: "modacct") == ["Banned bob (no account)."])
        #expect(await bot.send("!ban bob", nick: "modacct", account: "alice") == ["Sorry, !ban is for moderators."])
        #expect(
            await bot.send("!ban bob", nick: "modacct", account: nil) == [
                "Sorry, !ban is for moderators, and you are not identified: log in with NickServ (or SASL) first."
            ])
    }

    @Test func accountNamesCompareCaseInsensitively() async throws {
        let bot = try await TestAgent([ProbePlugin()], roles: ["ModAcct": .moderator])
        #expect(await bot.send("!ban bob", account: "modacct") == ["Banned bob (no account)."])
    }

    @Test func ownersGrantAndRevokeAtRunTime() async throws {
        let bot = try await TestAgent([ProbePlugin()], roles: ["boss": .owner])
        #expect(
            await bot.send("!role grant carol moderator", nick: "boss", account: "boss") == [
                "carol is now a moderator on test."
            ])
        #expect(await bot.send("!ban x", nick: "carol", account: "carol") == ["Banned x (no account)."])
        #expect(
            await bot.send("!role grant mallory owner", nick: "boss", account: "boss") == [
                "mallory is now an owner on test."
            ])
        #expect(await bot.send("!role revoke mallory", nick: "boss", account: "boss").count == 1)
        #expect(
            await bot.send("!role list", nick: "boss", account: "boss") == [
                "Roles on test: boss (owner, config), example-owner (owner, config), carol (moderator)"
            ])
        #expect(
            await bot.send("!role revoke carol", nick: "boss", account: "boss") == ["carol is a member again on test."])
        #expect(await bot.send("!ban x", nick: "carol", account: "carol") == ["Sorry, !ban is for moderators."])
        #expect(
            await bot.send("!role revoke boss", nick: "boss", account: "boss") == [
                "boss keeps the owner role from the configuration file; edit it there."
            ])
    }

    @Test func aConfiguredCommandRoleAppliesToUseAndHelpAndCanChangeAtRunTime() async throws {
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.commandRoles = ["echo": .moderator]
        let bot = try await TestAgent([ProbePlugin()], roles: ["modacct": .moderator], settings: settings)
        #expect(await bot.send("!echo hi") == ["Sorry, !echo is for moderators."])
        #expect(await bot.send("!echo hi", account: "modacct") == ["hi"])
        #expect(await bot.send("!help").first?.contains("!echo") == false)
        #expect(await bot.send("!help echo").first?.contains("[moderators only]") == true)
        settings.commandRoles = [:]
        bot.router.update(settings)
        #expect(await bot.send("!echo hi") == ["hi"])
        #expect(await bot.send("!help").first?.contains("!echo") == true)
        settings.commandRoles = ["role": .member]
        bot.router.update(settings)
        #expect(await bot.send("!role list") == ["Sorry, !role list is for owners."])
    }

    @Test func roleCommandNeedsOwner() async throws {
        let bot = try await TestAgent([ProbePlugin()], roles: ["modacct": .moderator])
        #expect(await bot.send("!role grant x owner", account: "modacct") == ["Sorry, !role grant is for owners."])
    }

    @Test func roleUsageErrors() async throws {
        let bot = try await TestAgent([], roles: ["boss": .owner])
        #expect(
            await bot.send("!role grant", account: "boss") == [
                "Missing <account>. Usage: !role grant <account> <role> [member]"
            ])
        #expect(
            await bot.send("!role grant x king", account: "boss") == [
                "<role> must be one of owner, moderator, member, not \"king\". Usage: !role grant <account> <role> [member]"
            ])
        #expect(
            await bot.send("!role dance", account: "boss") == [
                "Unknown action \"dance\". Usage: !role grant <account> <role> [member] | !role list | !role revoke <account>"
            ])
    }

    @Test func grantsSurviveARestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("roles.sqlite").path
        do {
            let roles = try await RoleBook(database: try Database(path: path), configured: [])
            try await roles.grant(.moderator, network: "libera", account: "Carol", by: "boss")
        }
        let reopened = try await RoleBook(database: try Database(path: path), configured: [])
        #expect(reopened.role(network: "libera", account: "carol") == .moderator)
        #expect(reopened.role(of: Speaker(network: "libera", nick: "carol", account: nil)) == .member)
        #expect(reopened.role(network: "oftc", account: "carol") == .member)
    }
}

@Suite("Rate limiting")
struct RateLimitTests {
    @Test func oneWarningThenSilenceThenRecovery() async throws {
        let clock = ManualClock()
        let settings = RouterSettings(rateLimit: .init(enabled: true, burst: 3, refillSeconds: 10, cooldownSeconds: 60))
        let bot = try await TestAgent([ProbePlugin()], settings: settings, clock: clock)
        for _ in 0..<3 { #expect(await bot.send("!ping") == ["pong"]) }
        #expect(
            await bot.send("!ping") == ["alice: you are sending commands too fast; I will ignore yours for 60 seconds."]
        )
        #expect(await bot.send("!ping").isEmpty)
        #expect(await bot.send("!ping", nick: "bob", account: "bob") == ["pong"])
        clock.advance(by: 61)
        #expect(await bot.send("!ping") == ["pong"])
    }

    @Test func limiterRefills() {
        let limiter = RateLimiter(settings: .init(enabled: true, burst: 1, refillSeconds: 5, cooldownSeconds: 30))
        let start = Date(timeIntervalSince1970: 0)
        #expect(limiter.check("a", at: start) == .allow)
        #expect(limiter.check("a", at: start.addingTimeInterval(5)) == .allow)
        #expect(limiter.check("a", at: start.addingTimeInterval(6)) == .warn(seconds: 30))
        #expect(limiter.check("a", at: start.addingTimeInterval(20)) == .ignore)
        #expect(limiter.check("a", at: start.addingTimeInterval(37)) == .allow)
    }

    @Test func disabledLimiterAllowsEverything() {
        let limiter = RateLimiter(settings: .init(enabled: false, burst: 1))
        let now = Date()
        for _ in 0..<100 { #expect(limiter.check("a", at: now) == .allow) }
    }
}
