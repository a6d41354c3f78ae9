import AgentCore
import AgentTesting
import Testing

@Suite("Built-in commands")
struct BuiltInTests {
    @Test func helpListsOnlyUsableCommands() async throws {
        let bot = try await TestAgent([ProbePlugin()], roles: ["boss": .owner])
        let member = await bot.send("!help")
        #expect(member.count == 1)
        #expect(member[0].contains("!ping"))
        #expect(!member[0].contains("!ban"))
        #expect(!member[0].contains("!reload"))
        let owner = await bot.send("!help", nick: "boss", account: "boss")
        #expect(owner[0].contains("!ban") && owner[0].contains("!reload") && owner[0].contains("!role"))
    }

    @Test func helpForOneCommand() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(
            await bot.send("!help words") == [
                "!words <words…> — Show how arguments split. Example: !words a b (also: !w)"
            ])
        #expect(await bot.send("!help !ban") == ["!ban <nick> — Pretend to ban. Example: !ban bob [moderators only]"])
        #expect(await bot.send("!help secret") == ["!secret — Private only. Example: !secret [private message only]"])
        #expect(await bot.send("!help pnig") == ["No command called !pnig; did you mean !ping?"])
    }

    @Test func everyCommandHasHelpAndAnExample() async throws {
        let bot = try await TestAgent(ProbePlugin())
        for command in bot.router.registry.commands {
            #expect(!command.summary.description.isEmpty, "\(command.name)")
            #expect(!command.examples.isEmpty, "\(command.name) has no example")
        }
    }

    @Test func echoRepeatsRawText() async throws {
        let bot = try await TestAgent([])
        #expect(await bot.send("!echo  hello   world ") == ["hello   world "])
        #expect(await bot.send("!echo") == ["Missing <text…>. Usage: !echo <text…>"])
    }

    @Test func versionAndUptime() async throws {
        let bot = try await TestAgent([])
        #expect(await bot.send("!version") == ["Community Agent \(AgentInfo.version)"])
        bot.clock.advance(by: 90_061)
        let uptime = await bot.send("!uptime")
        #expect(uptime.first?.hasPrefix("Up 1 day, 1 hour, 1 minute, since ") == true)
    }

    @Test func reloadIsForOwners() async throws {
        let bot = try await TestAgent([], roles: ["boss": .owner])
        #expect(await bot.send("!reload") == ["Sorry, !reload is for owners."])
        #expect(await bot.send("!reload", account: "boss") == ["Reloading is not available here."])
    }

    @Test func builtInExamplesHold() async throws {
        let bot = try await TestAgent([])
        let failures = await bot.exampleFailures()
        #expect(failures == [], "\(failures)")
    }
}
