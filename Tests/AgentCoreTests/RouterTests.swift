import AgentCore
import AgentTesting
import Foundation
import Testing

@Suite("Router")
struct RouterTests {
    @Test func prefixedCommandInChannel() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("!ping") == ["pong"])
        #expect(await bot.send("  !ping") == ["pong"])
    }

    @Test func ordinaryChatIsIgnored() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("hello everyone").isEmpty)
        #expect(await bot.send("!").isEmpty)
        #expect(await bot.send("!!!").isEmpty)
        #expect(await bot.send("! ping").isEmpty)
    }

    @Test func addressingByNick() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("agent: ping") == ["pong"])
        #expect(await bot.send("Agent, ping") == ["pong"])
        #expect(await bot.send("agentx: ping").isEmpty)
        #expect(await bot.send("agent:").isEmpty)
    }

    @Test func ownNickFollowsTheNetworksCaseMapping() async throws {
        // rfc1459: [ ] \ ~ are the upper case of { } | ^.
        let rfc1459 = NickFolding { text in
            text.lowercased().replacingOccurrences(of: "[", with: "{").replacingOccurrences(of: "]", with: "}")
                .replacingOccurrences(of: "\\", with: "|").replacingOccurrences(of: "~", with: "^")
        }
        let bot = try await TestAgent(ProbePlugin())
        await bot.router.handle(.connected(network: "test", nick: "Agent[]", folding: rfc1459))
        #expect(await bot.send("agent{}: ping") == ["pong"])
        #expect(await bot.send("AGENT[], ping") == ["pong"])
        #expect(await bot.send("!ping", nick: "agent{}").isEmpty)
        // Under plain ASCII rules the same nicks differ.
        await bot.router.handle(.connected(network: "test", nick: "Agent[]", folding: .ascii))
        #expect(await bot.send("agent{}: ping").isEmpty)
        #expect(await bot.send("!ping", nick: "agent{}") == ["pong"])
    }

    @Test func everyLineInPrivateIsACommand() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("ping", in: nil) == ["pong"])
        #expect(await bot.send("!ping", in: nil) == ["pong"])
    }

    @Test func privateRepliesGoToThePrivateConversation() async throws {
        let bot = try await TestAgent(ProbePlugin())
        let requests = await bot.sendDetailed("!whisper")
        #expect(
            requests == [
                .reply(.channel("#test", on: "test"), "Sent you the list privately.", to: "alice"),
                .say(.privateChat(with: "alice", on: "test"), "one"),
                .say(.privateChat(with: "alice", on: "test"), "two"),
            ])
    }

    @Test func quotesAndEscapesSplitArguments() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send(#"!words a "b c" 'd e' f\ g"#) == ["[a][b c][d e][f g]"])
        #expect(await bot.send(#"!w "unterminated"#) == ["Unterminated quote in your command; close it with \"."])
    }

    @Test func aliasesAndCaseInsensitiveNames() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("!W x") == ["[x]"])
        #expect(await bot.send("!PING") == ["pong"])
    }

    @Test func badArgumentGetsOneLineUsage() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("!times") == ["Missing <n>. Usage: !times <n>"])
        #expect(
            await bot.send("!times many") == [
                "<n> must be a whole number from 1 to 10, not \"many\". Usage: !times <n>"
            ])
        #expect(
            await bot.send("!times 11") == ["<n> must be a whole number from 1 to 10, not \"11\". Usage: !times <n>"])
        #expect(await bot.send("!times 3 4") == ["Too many arguments (\"4\"). Usage: !times <n>"])
    }

    @Test func unknownCommandSuggestsCloseNames() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("!pnig") == ["Unknown command !pnig; did you mean !ping?"])
        #expect(await bot.send("!zzzzzz").isEmpty)
        #expect(await bot.send("zzzzzz", in: nil) == ["Unknown command !zzzzzz; try !help."])
    }

    @Test func unknownCommandsCanBeSilencedPerChannel() async throws {
        let settings = RouterSettings(
            unknownCommandOverrides: ["test/#quiet": .silent], rateLimit: .init(enabled: false))
        let bot = try await TestAgent([ProbePlugin()], settings: settings)
        #expect(await bot.send("!pnig", in: "#quiet").isEmpty)
        #expect(await bot.send("!pnig", in: "#test") == ["Unknown command !pnig; did you mean !ping?"])
    }

    @Test func prefixOverridePerChannel() async throws {
        let settings = RouterSettings(prefixOverrides: ["test/#other": "?"], rateLimit: .init(enabled: false))
        let bot = try await TestAgent([ProbePlugin()], settings: settings)
        #expect(await bot.send("?ping", in: "#other") == ["pong"])
        #expect(await bot.send("!ping", in: "#other").isEmpty)
        #expect(await bot.send("!ping", in: "#test") == ["pong"])
    }

    @Test func channelOverridesMatchUnderTheNetworksCaseMapping() async throws {
        let settings = RouterSettings(
            prefixOverrides: ["test/#swift[cn]": "?"], unknownCommandOverrides: ["test/#swift[cn]": .silent],
            rateLimit: .init(enabled: false))
        let bot = try await TestAgent([ProbePlugin()], settings: settings)
        await bot.router.handle(
            .connected(
                network: "test", nick: "agent",
                folding: NickFolding {
                    $0.lowercased().replacingOccurrences(of: "[", with: "{").replacingOccurrences(of: "]", with: "}")
                }))
        #expect(await bot.send("?ping", in: "#Swift{CN}") == ["pong"])
        #expect(await bot.send("?pnig", in: "#Swift{CN}").isEmpty)
        #expect(await bot.send("!ping", in: "#swift") == ["pong"])
    }

    @Test func placesAreEnforced() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("!secret") == ["!secret works only in a private message to me."])
        #expect(await bot.send("secret", in: nil) == ["psst"])
        #expect(await bot.send("here", in: nil) == ["!here works only in a channel."])
    }

    @Test func failingHandlerIsContainedAndLogged() async throws {
        let bot = try await TestAgent(ProbePlugin())
        let replies = await bot.send("!boom")
        #expect(replies.count == 1)
        #expect(replies[0].hasPrefix("Sorry, something went wrong running !boom (error "))
        let errors = bot.logs.entries(atLeast: .error)
        #expect(errors.count == 1)
        #expect(errors.first?.metadata["command"] == "boom")
        #expect(errors.first?.metadata["error_id"].map { replies[0].contains($0) } == true)
        #expect(await bot.send("!ping") == ["pong"])
    }

    @Test func userErrorsAreShownAsIs() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("!refuse") == ["No, thank you."])
        #expect(bot.logs.entries(atLeast: .error).isEmpty)
    }

    @Test func stateChangingCommandsNeedAnAccount() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(
            await bot.send("!whoami", account: nil) == [
                "You need to be identified to do that: log in with NickServ (or SASL) first, then try again."
            ])
        #expect(await bot.send("!whoami", account: "Alice") == ["Alice"])
    }

    @Test func ownMessagesAreIgnored() async throws {
        let bot = try await TestAgent(ProbePlugin())
        #expect(await bot.send("!ping", nick: "agent").isEmpty)
    }

    @Test func examplesHold() async throws {
        let bot = try await TestAgent(ProbePlugin())
        let failures = await bot.exampleFailures()
        #expect(failures == [], "\(failures)")
    }

    @Test func duplicateCommandNamesAreRejected() {
        #expect(throws: ConfigurationError.duplicateCommand("ping")) {
            try CommandRegistry([
                Command("ping", summary: "a", examples: []) { _ in .silent },
                Command("x", aliases: ["ping"], summary: "b", examples: []) { _ in .silent },
            ])
        }
    }
}

@Suite("Command words")
struct CommandWordsTests {
    @Test(arguments: [
        ("a b  c", ["a", "b", "c"]),
        (#""a b" c"#, ["a b", "c"]),
        (#"'it''s'"#, ["its"]),
        (#""say \"hi\"""#, [#"say "hi""#]),
        (#"a\ b"#, ["a b"]),
        (#""""#, [""]),
        ("trailing\\", ["trailing\\"]),
        ("中文 课程", ["中文", "课程"]),
        ("课\\程 \"中 文\"", ["课程", "中 文"]),
        ("é\tü", ["é", "ü"]),
    ])
    func splits(input: String, expected: [String]) throws {
        #expect(try CommandWords(input).words == expected)
    }

    @Test func restKeepsTheTextAsTyped() throws {
        let words = try CommandWords(#"say  "hi there"   you "#)
        #expect(words.rest(from: 1) == #""hi there"   you "#)
        #expect(words.rest(from: 2) == "you ")
        #expect(words.rest(from: 3) == "")
        let chinese = try CommandWords("报名  '周六 活动'  提醒我")
        #expect(chinese.rest(from: 1) == "'周六 活动'  提醒我")
        #expect(chinese.rest(from: 2) == "提醒我")
    }

    @Test func unterminatedQuoteIsAUserError() {
        #expect(throws: UserError.self) { try CommandWords("\"open") }
        #expect(throws: UserError("Unterminated quote in your command; close it with '.")) {
            try CommandWords("say 'open")
        }
    }
}

@Suite("Suggestions")
struct SuggestionsTests {
    @Test func closeNames() {
        #expect(Suggestions.closest(to: "corses", among: ["courses", "course", "events"]) == ["courses", "course"])
        #expect(Suggestions.closest(to: "evnets", among: ["courses", "events"]) == ["events"])
        #expect(Suggestions.closest(to: "xyz", among: ["courses", "events"]).isEmpty)
    }
}
