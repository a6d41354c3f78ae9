import AgentCore
import AgentTesting
import Testing

/// Arguments read from declarations: every kind, arities, subcommands and their roles, and the
/// one wording of usage problems.
@Suite("Declared arguments")
struct DeclaredArgumentsTests {
    @Test func kindsAreReadIntoTypedValues() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("!kinds #swift") == ["#swift - []"])
        #expect(await bot.send("!kinds &local 2d hello") == ["&local 172800s [hello]"])
        #expect(await bot.send(#"!kinds #a "quoted note""#) == [#"#a - ["quoted note"]"#])
    }

    @Test func badValuesGetTheSameWordsForEveryKind() async throws {
        let bot = try await TestAgent(ProbePlugin(), roles: ["mod": .moderator])
        let usage = "Usage: !kinds <channel> [duration] [note…]"
        #expect(
            await bot.send("!kinds swift") == [
                "<channel> must be a channel such as #community, not \"swift\". \(usage)"
            ])
        #expect(await bot.send("!kinds") == ["Missing <channel>. \(usage)"])
        #expect(
            await bot.send("!kinds level middle", account: "mod") == [
                "<level> must be one of low, high, not \"middle\". Usage: !kinds level <level>"
            ])
        #expect(await bot.send("!times " + String(repeating: "9", count: 60)).first?.contains("…\"") == true)
    }

    @Test func durationsSpellLikeChat() {
        #expect(DurationText.parse("10m") == .seconds(600))
        #expect(DurationText.parse("2h") == .seconds(7200))
        #expect(DurationText.parse("1d") == .seconds(86_400))
        #expect(DurationText.parse("1h30m") == .seconds(5400))
        #expect(DurationText.parse("1W2D") == .seconds(9 * 86_400))
        #expect(DurationText.parse("10分钟") == .seconds(600))
        #expect(DurationText.parse("1小时30分") == .seconds(5400))
        #expect(DurationText.parse("半小时") == .seconds(1800))
        #expect(DurationText.parse("２天") == .seconds(2 * 86_400))
        #expect(DurationText.parse("1个星期") == .seconds(604_800))
        #expect(DurationText.format(.seconds(5400), in: .zh) == "1 小时 30 分钟")
        for bad in ["", "10", "m", "1m1h", "1h1h", "1.5h", "-1m", "1y", "99999999m", "十分钟", "分钟"] {
            #expect(DurationText.parse(bad) == nil, "\(bad)")
        }
        #expect(DurationText.format(.seconds(5400)) == "1h30m")
        #expect(DurationText.format(.seconds(30 * 86_400)) == "4w2d")
    }

    @Test func durationsOutsideTheRangeAreRefused() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(
            await bot.send("!kinds #a 30s").first
                == "[duration] must be a duration such as 10m, 2h, 1d or 1h30m, from 1m to 4w2d, not \"30s\". Usage: !kinds <channel> [duration] [note…]"
        )
    }

    @Test func anOptionalWordOfTheWrongKindIsLeftForTheNextParameter() async throws {
        let bot = try await TestAgent(ProbePlugin())
        let reply = await bot.send("!kinds #a later today")
        #expect(reply == ["#a - [later today]"])
        // The last optional parameter has nobody to pass the word to: a usage reply.
        let grant = await bot.send("!kinds tag", account: TestAgent.exampleOwner)
        #expect(grant.first?.hasPrefix("Missing <account>.") == true)
    }

    @Test func subcommandsHaveTheirOwnRoles() async throws {
        let bot = try await TestAgent(ProbePlugin(), roles: ["mod": .moderator])
        #expect(await bot.send("!kinds level high") == ["Sorry, !kinds level is for moderators."])
        #expect(await bot.send("!kinds level high", account: "mod") == ["level high"])
        #expect(await bot.send("!kinds tag bob", account: "mod") == ["Sorry, !kinds tag is for owners."])
        #expect(
            await bot.send("!kinds tag bob x y", account: nil) == [
                "Sorry, !kinds tag is for owners, and you are not identified: log in with NickServ (or SASL) first."
            ])
        #expect(await bot.send("!kinds tag bob x y", account: TestAgent.exampleOwner) == ["bob: x,y"])
        // The main form stays open to members.
        #expect(await bot.send("!kinds #x") == ["#x - []"])
    }

    @Test func nickArgumentsCarryTheAccountTheNetworkVouchesFor() async throws {
        let bot = try await TestAgent(ProbePlugin(), roles: ["mod": .moderator])
        bot.outlet.knownNicks = ["bob": .identified(account: "bobby"), "eve": .notIdentified]
        #expect(await bot.send("!ban Bob", account: "mod") == ["Banned Bob (bobby)."])
        #expect(await bot.send("!ban eve", account: "mod") == ["Banned eve (no account)."])
        #expect(await bot.send("!ban stranger", account: "mod") == ["Banned stranger (no account)."])
        #expect(
            await bot.send("!ban #chan", account: "mod") == [
                "<nick> must be a nick, not \"#chan\". Usage: !ban <nick>"
            ])
    }

    @Test func anUndeclaredParameterIsContainedLikeAnyFailure() async throws {
        let bot = try await TestAgent(ProbePlugin())
        let reply = await bot.send("!forgetful")
        #expect(reply.first?.hasPrefix("Sorry, something went wrong running !forgetful (error ") == true)
        #expect(bot.logs.entries(atLeast: .error).first?.metadata["error"]?.contains("<ghost>") == true)
    }

    @Test func commandsWithOnlySubcommandsTeachTheirForms() async throws {
        let bot = try await TestAgent([])
        let usage = "Usage: !role grant <account> <role> [member] | !role list | !role revoke <account>"
        #expect(await bot.send("!role", account: TestAgent.exampleOwner) == [usage])
        #expect(
            await bot.send("!role frobnicate", account: TestAgent.exampleOwner) == [
                "Unknown action \"frobnicate\". \(usage)"
            ])
        #expect(await bot.send("!role list") == ["Sorry, !role list is for owners."])
        // Nobody is shown the forms they may not use.
        #expect(await bot.send("!role") == ["Sorry, !role is for owners."])
        #expect(
            await bot.send("!role frobnicate", account: nil) == [
                "Sorry, !role is for owners, and you are not identified: log in with NickServ (or SASL) first."
            ])
    }

    @Test func helpShowsEveryFormWithItsRole() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(
            await bot.send("!help kinds") == [
                "!kinds <channel> [duration] [note…] — A channel, an optional duration, and a note. Example: !kinds #swift 1h30m be   kind",
                "!kinds level <level> — A choice of words. Example: !kinds level HIGH [moderators only]",
                "!kinds tag <account> [tags…] — An account and any number of tags. Example: !kinds tag alice [owners only]",
            ])
    }

    @Test func markdownReferenceListsParametersAndExamples() async throws {
        let bot = try await TestAgent(ProbePlugin())
        let markdown = CommandHelp.markdown(bot.router.registry.commands)
        #expect(
            markdown.contains(
                "| `!kinds level <level>` | moderators | A choice of words. | `!kinds level HIGH` | `level high` |"))
        #expect(markdown.contains("| `!words <words…>` (also `!w`) | everyone | Show how arguments split."))
        #expect(markdown.contains("| `!secret` | everyone, in a private message |"))
        #expect(
            markdown.contains("| `!boom` | everyone | Always fails with an internal error. | `!boom` | *(varies)* |"))
        #expect(markdown.contains("| `<level>` | one of low, high |"))
    }
}
