import AgentCore
import AgentTesting
import Foundation
import Testing

@Suite("Messages in two languages")
struct MessageCatalogTests {
    let catalog = MessageCatalog([
        "courses.count": [.en: "{count|# course matches|# courses match} {query}:", .zh: "有 {count} 门课程符合 {query}："],
        "access.until": [.en: "You have {course} until {end}.", .zh: "你可以学习 {course}，到 {end} 为止。"],
        "list": [.en: "Tags: {tags}.", .zh: "标签：{tags}。"],
    ])

    @Test func argumentsPluralsDaysAndListsFollowTheLanguage() {
        #expect(
            catalog.text("courses.count", ["count": .number(1), "query": .text("\"swift\"")], in: .en)
                == "1 course matches \"swift\":")
        #expect(
            catalog.text("courses.count", ["count": .number(3), "query": .text("\"swift\"")], in: .en)
                == "3 courses match \"swift\":")
        #expect(
            catalog.text("courses.count", ["count": .number(3), "query": .text("“并发”")], in: .zh) == "有 3 门课程符合“并发”：")
        let end = Date(timeIntervalSince1970: 1_767_654_000)  // 2026-01-05 23:00 UTC
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        #expect(
            catalog.text("access.until", ["course": .text("Rust"), "end": .day(end)], in: .en)
                == "You have Rust until 2026-01-05.")
        #expect(
            catalog.text("access.until", ["course": .text("Rust"), "end": .day(end)], in: .zh, timeZone: shanghai)
                == "你可以学习 Rust，到 2026年1月6日为止。")
        #expect(catalog.text("list", ["tags": .list(["swift", "rust"])], in: .en) == "Tags: swift, rust.")
        #expect(catalog.text("list", ["tags": .list(["swift", "rust"])], in: .zh) == "标签：swift、rust。")
        #expect(catalog.text("missing.key", in: .zh) == "[missing.key]")
    }

    @Test func aKeyWithoutEveryLanguageOrWithDifferentArgumentsIsAProblem() {
        let broken = MessageCatalog([
            "only.english": [.en: "Hello"],
            "drifted": [.en: "Hi {nick}", .zh: "你好 {name}"],
            "fine": [.en: "{count|# day|# days}", .zh: "{count} 天"],
        ])
        #expect(
            broken.problems() == [
                "drifted: zh uses {name}, en uses {nick}",
                "only.english: no zh text",
            ])
    }

    @Test func chineseIsSetWithoutSpacesBesideFullWidthPunctuationOrHalfWidthMarks() {
        #expect(ChineseTypesetting.tidied("没有 “x y” 这门课程 。") == "没有“x y”这门课程。")
        #expect(ChineseTypesetting.tidied("订阅 1 门 Swift 课程") == "订阅 1 门 Swift 课程")
        #expect(ChineseTypesetting.problems(in: "订阅 1 门 Swift 课程（仅限管理员）：20:00") == [])
        #expect(
            ChineseTypesetting.problems(in: "没有 “x”") == ["space beside full-width punctuation: \"没有 “x\""])
        #expect(
            ChineseTypesetting.problems(in: "课程,(仅限)")
                == [
                    "half-width punctuation beside Chinese: \"课程,(\"",
                    "half-width punctuation beside Chinese: \"程,(仅限\"",
                    "half-width punctuation beside Chinese: \"(仅限)\"",
                ])
        let catalog = MessageCatalog([
            "spaced": [.en: "No course \"{slug}\".", .zh: "没有 “{slug}” 这门课程。"],
            "quoted": [.en: "No course {slug}.", .zh: "没有 {slug} 这门课程。"],
        ])
        #expect(
            catalog.problems() == [
                "spaced: zh space beside full-width punctuation: \"没有 “{\"",
                "spaced: zh space beside full-width punctuation: \"g}” 这\"",
            ])
        #expect(catalog.text("quoted", ["slug": .quoted("rust 101")], in: .zh) == "没有“rust 101”这门课程。")
        #expect(catalog.text("quoted", ["slug": .quoted("rust 101")], in: .en) == "No course \"rust 101\".")
        let joined = MessageCatalog(["must": [.en: "{p} must be {expected}.", .zh: "{p} 应该是 {expected} 才行。"]])
        #expect(joined.text("must", ["p": .text("<n>"), "expected": .text("一段时长")], in: .zh) == "<n> 应该是一段时长才行。")
        #expect(joined.text("must", ["p": .text("<n>"), "expected": .text("1 到 5")], in: .zh) == "<n> 应该是 1 到 5 才行。")
        #expect(
            joined.text("must", ["p": .text("<n>"), "expected": .text("11月28日 周六")], in: .zh)
                == "<n> 应该是 11月28日 周六才行。")
    }

    @Test func theRuntimesOwnCatalogIsComplete() {
        #expect(CoreMessages.catalog.problems() == [])
    }

    @Test func reloadOutcomesReadInBothLanguages() {
        let outcome = ReloadOutcome.applied(needsRestart: ["networks", "storage"])
        #expect(
            outcome.text(in: .en)
                == "Configuration reloaded: command settings and roles applied; networks, storage changed and need a restart."
        )
        #expect(outcome.text(in: .zh) == "配置已重新加载：命令设置和角色已生效；networks、storage 有改动，需要重启后才生效。")
        #expect(
            ReloadOutcome.refused(problems: 1, path: "/etc/a.json5").text(in: .en)
                == "Reload refused: 1 problem in /etc/a.json5; run check-config for details.")
        #expect(MessageCatalog.format(.quoted("并发"), in: .zh) == "“并发”")
        #expect(MessageCatalog.format(.quoted(String(repeating: "x", count: 50)), in: .en).count == 43)
    }

    @Test func helpAndUsageAreInTheReadersLanguage() async throws {
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.language = .zh
        let bot = try await TestAgent([], settings: settings)
        #expect(await bot.send("!help ping") == ["!ping — 确认机器人在线。例如：!ping"])
        #expect(
            await bot.send("!help role").last == "!role revoke <account> — 把某个账号恢复为普通成员。例如：!role revoke alice（仅限管理员）")
        #expect(await bot.send("!echo") == ["缺少参数 <text…>。用法：!echo <text…>"])
        #expect(
            await bot.send("!role grant x king", account: TestAgent.exampleOwner) == [
                "<role> 应该是 owner、moderator、member 之一，而不是“king”。用法：!role grant <account> <role> [member]"
            ])
        #expect(await bot.send("!help").first?.hasPrefix("可用命令：!help !ping") == true)
        #expect(
            await bot.send("!role grant alice moderator", account: TestAgent.exampleOwner) == ["alice 现在是 test 上的版主。"])
        #expect(await bot.send("!role revoke alice", account: TestAgent.exampleOwner) == ["alice 在 test 上已恢复为普通成员。"])
        #expect(await bot.send("!uptime").first?.hasPrefix("已运行 0 秒，启动于 ") == true)
    }

    @Test func configuredAliasesGiveCommandsChineseNamesListedInHelp() async throws {
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.language = .zh
        settings.commandAliases = ["检测": "ping", "帮助": "help", "坏的": "nosuch"]
        let bot = try await TestAgent([], settings: settings)
        #expect(await bot.send("!检测") == ["pong"])
        #expect(await bot.send("!帮助 检测") == ["!ping — 确认机器人在线。例如：!ping（也可以用：!检测）"])
        // The overview names every alias on a line of its own.
        let overview = await bot.send("!帮助")
        #expect(overview.last == "别名：!帮助 = !help、!检测 = !ping。", "\(overview)")
        #expect(await bot.send("!坏的").isEmpty)
        #expect(bot.logs.entries(atLeast: .warning).contains { $0.message == "command alias ignored" })
    }

    @Test func everyBuiltInExampleIsAnsweredInChineseInAChineseCommunity() async throws {
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.language = .zh
        let bot = try await TestAgent([], settings: settings)
        #expect(await bot.untranslatedReplies() == [])
        // The same check on an English agent finds the English sentences, so it can fail.
        let english = try await TestAgent([])
        #expect(
            await english.untranslatedReplies().contains(
                "!help ping → !ping — Check that the agent is alive. Example: !ping"))
    }

    @Test func everyBuiltInCommandSaysWhatItDoesInBothLanguages() async throws {
        let bot = try await TestAgent([])
        for command in bot.router.registry.commands {
            for form in command.forms {
                #expect(Set(form.summary.texts.keys) == Set(Language.allCases), "!\(command.name) \(form.word ?? "")")
            }
        }
    }

    @Test func theRouterAnswersInTheChannelsOrTheMembersLanguage() async throws {
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.language = .zh
        settings.languageOverrides = ["test/#english": .en]
        let bot = try await TestAgent([ProbePlugin()], settings: settings)
        #expect(await bot.send("!pnig") == ["没有 !pnig 这个命令，你是想用 !ping 吗？"])
        #expect(await bot.send("!pnig", in: "#english") == ["Unknown command !pnig; did you mean !ping?"])
        #expect(await bot.send("!secret") == ["!secret 只能私聊我使用。"])
        bot.router.setMemberLanguage { speaker in speaker.account == "alice" ? .en : nil }
        #expect(await bot.send("!nothing", in: nil) == ["Unknown command !nothing; try !help."])
        #expect(
            await bot.send("!nothing", nick: "bob", account: "bob", in: nil) == ["没有 !nothing 这个命令，发送 !help 查看所有命令。"])
        #expect(
            await bot.send("!ban x", nick: "bob", account: nil) == ["抱歉，!ban 仅限版主使用，而且你还没有登录：请先用 NickServ（或 SASL）登录。"])
    }
}
