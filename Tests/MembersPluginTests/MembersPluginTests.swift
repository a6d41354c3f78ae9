import AgentCore
import AgentTesting
import Community
import Foundation
import MembersPlugin
import Storage
import Testing

/// The Members plugin over real SQLite services and the sample catalog, driven in-process.
struct MembersFixture {
    let directory: URL
    let members: MemberDirectory
    let catalog: CatalogStore
    let bot: TestAgent

    init(defaults: ProfileDefaults = ProfileDefaults(), language: Language = .en) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("members-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try Database(path: directory.appendingPathComponent("m.sqlite").path)
        catalog = try await CatalogStore(database: database)
        members = try await MemberDirectory(database: database)
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
        _ = try await catalog.importCourses(try CatalogFile.parse(try Data(contentsOf: sample)).get())
        var router = RouterSettings(rateLimit: .init(enabled: false))
        router.language = language
        bot = try await TestAgent(
            [
                Members(
                    members: members, catalog: catalog,
                    settings: .init(defaults: defaults, dataLinkBase: "http://127.0.0.1:9464"))
            ],
            roles: ["boss": .owner],
            settings: router)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

@Suite("Members plugin")
struct MembersPluginTests {
    @Test func examplesHoldInTheWorldTheyDescribe() async throws {
        let fixture = try await MembersFixture(
            defaults: ProfileDefaults(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
        defer { fixture.cleanUp() }
        let failures = await fixture.bot.exampleFailures()
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func everyCommandNeedsAnIdentityTheNetworkVouchesFor() async throws {
        let fixture = try await MembersFixture()
        defer { fixture.cleanUp() }
        let refusal = "You need to be identified to do that: log in with NickServ (or SASL) first, then try again."
        for command in [
            "!link", "!unlink test", "!profile", "!timezone", "!lang en", "!interests", "!level beginner",
            "!nudges on", "!reminders off",
        ] {
            #expect(await fixture.bot.send(command, account: nil) == [refusal], "\(command)")
        }
        #expect(
            await fixture.bot.send("!whoami", nick: "guest", account: nil) == [
                "You are guest, not identified on test: log in with NickServ (or SASL) to link networks and keep subscriptions."
            ])
    }

    @Test func profileCommandsWithGoodAndBadInput() async throws {
        let fixture = try await MembersFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        #expect(await bot.send("!timezone") == ["Your time zone is GMT (the community's)."])
        #expect(await bot.send("!timezone new_york") == ["Your time zone is now America/New_York."])
        #expect(await bot.send("!timezone 上海") == ["Your time zone is now Asia/Shanghai."])
        #expect(await bot.send("!timezone europe/berlin") == ["Your time zone is now Europe/Berlin."])
        #expect(
            await bot.send("!timezone Mars/Olympus") == [
                "There is no time zone \"Mars/Olympus\". Use an IANA name such as Asia/Shanghai or Europe/Berlin."
            ])
        #expect(await bot.send("!lang fr") == ["[language] must be one of en, zh, not \"fr\". Usage: !lang [language]"])
        #expect(
            await bot.send("!level expert").first?.hasPrefix("<level> must be one of beginner, intermediate, advanced")
                == true)
        #expect(await bot.send("!level Advanced") == ["Your level is now advanced."])
        #expect(await bot.send("!interests Swift swift concurrency") == ["Your interests are now: swift, concurrency."])
        #expect(await bot.send("!interests cooking").first?.hasPrefix("There is no course tag \"cooking\".") == true)
        #expect(await bot.send("!interests") == ["Your interests: swift, concurrency."])
        #expect(await bot.send("!nudges maybe").first?.hasPrefix("<on|off> must be one of on, off") == true)
        #expect(await bot.send("!nudges off") == ["Nudges are now off."])
        #expect(await bot.send("!lang zh") == ["回复语言已设为中文。"])
        #expect(
            await bot.send("!profile", in: nil) == [
                "Your profile: time zone Europe/Berlin; language Chinese; interests swift, concurrency; level advanced; nudges off; reminders on.",
                "Identities: alice on test",
            ])
        let stored = try await fixture.members.profile(of: Identity(network: "test", account: "alice"))
        #expect(stored.timeZone?.identifier == "Europe/Berlin")
        #expect(stored.reminders == nil, "unset values follow the community's default")
    }

    @Test func linkingIsToldOnBothSidesAndGrantsNoRole() async throws {
        let fixture = try await MembersFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        // boss is an owner on this network; linking boss's code from alice must not make alice one.
        let given = await bot.sendDetailed("!link", nick: "boss", account: "boss")
        #expect(given.first == .reply(.channel("#test", on: "test"), "Sent you a link code privately.", to: "boss"))
        let text =
            given.compactMap { request -> String? in
                if case .say(let conversation, let line) = request, conversation.isPrivate { return line }
                return nil
            }.first ?? ""
        let code = try #require(text.split(separator: " ").dropFirst(4).first.map(String.init))
        fixture.bot.outlet.knownNicks = ["boss": .identified(account: "boss")]
        try await fixture.members.saw(Identity(network: "test", account: "boss"), as: "boss")
        let linked = await bot.sendDetailed("!link \(code)", nick: "alice", account: "alice", in: nil)
        #expect(
            linked.contains(
                .say(
                    .privateChat(with: "alice", on: "test"),
                    "Linked: you are one member as alice on test, boss on test. Your subscriptions and history are shared."
                )))
        #expect(
            linked.contains { request in
                if case .say(.privateChat(with: "boss", on: "test"), let line) = request {
                    return line.hasPrefix("alice on test is now linked to you")
                }
                return false
            })
        #expect(await bot.send("!role list", nick: "alice", account: "alice") == ["Sorry, !role list is for owners."])
        #expect(
            await bot.send("!whoami", nick: "alice", account: "alice") == [
                "You are alice, identified as alice on test. Linked: boss on test."
            ])
        #expect(
            await bot.send("!link \(code)", nick: "carol", account: "carol", in: nil) == [
                "The link code \(code) has expired or was used; ask for a new one with !link."
            ])
        // Boss, told that alice linked to him, can take the other identity out again.
        #expect(
            await bot.send("!unlink test", nick: "boss", account: "boss") == [
                "alice on test is a member of its own again; what you shared stays with you."
            ])
    }

    @Test func aLinkCodeShownInAChannelIsCancelled() async throws {
        let fixture = try await MembersFixture()
        defer { fixture.cleanUp() }
        let code = try await fixture.members.linkCode(for: Identity(network: "test", account: "alice"))
        #expect(
            await fixture.bot.send("!link \(code)", nick: "bob", account: "bob") == [
                "Link codes work only in a private message to me, so that code is now cancelled. Send !link for a new one and give it to me privately."
            ])
        #expect(
            await fixture.bot.send("!link \(code)", nick: "bob", account: "bob", in: nil) == [
                "The link code \(code) has expired or was used; ask for a new one with !link."
            ])
    }

    @Test func aMemberWhoChoseChineseIsAnsweredInChinesePrivately() async throws {
        let fixture = try await MembersFixture()
        defer { fixture.cleanUp() }
        let members = fixture.members
        fixture.bot.router.setMemberLanguage { speaker in
            guard let account = speaker.account else { return nil }
            return try? await members.profile(of: Identity(network: speaker.network, account: account)).language
                .flatMap(Language.init(code:))
        }
        #expect(await fixture.bot.send("!timezone", in: nil) == ["Your time zone is GMT (the community's)."])
        #expect(await fixture.bot.send("!lang zh", in: nil) == ["回复语言已设为中文。"])
        #expect(await fixture.bot.send("!timezone", in: nil) == ["你的时区是 GMT（社区默认）。"])
        #expect(
            await fixture.bot.send("!timezone Asia/Shangai", in: nil) == [
                "没有“Asia/Shangai”这个时区。你是想用 Asia/Shanghai 吗？"
            ])
        #expect(await fixture.bot.send("!nudges off", in: nil) == ["活跃提醒已关闭。"])
        #expect(
            await fixture.bot.send("!profile", in: nil) == [
                "你的资料——时区：GMT（社区默认）；语言：中文；兴趣：无；水平：未设置；活跃提醒：关；私聊提醒：开。",
                "身份：test 上的 alice",
            ])
        // In a channel the channel's language (here the community's, English) is used.
        #expect(await fixture.bot.send("!timezone") == ["Your time zone is GMT (the community's)."])
        #expect(Members.messages.problems() == [])
        // Chinese words work where members would type them.
        #expect(await fixture.bot.send("!level 高级", in: nil) == ["你的水平已设为高级。"])
        #expect(await fixture.bot.send("!reminders 关闭", in: nil) == ["私聊提醒已关闭。"])
        let tag = await fixture.bot.send("!interests 并发", in: nil)
        #expect(tag.first?.hasPrefix("没有“并发”这个课程标签。你是想用 concurrency") == true, "\(tag)")
    }

    @Test func everyExampleIsAnsweredInChineseInAChineseCommunity() async throws {
        let fixture = try await MembersFixture(language: .zh)
        defer { fixture.cleanUp() }
        let untranslated = await fixture.bot.untranslatedReplies()
        #expect(untranslated.isEmpty, "\(untranslated)")
    }

    @Test func everyCommandSaysWhatItDoesInBothLanguages() async throws {
        let fixture = try await MembersFixture()
        defer { fixture.cleanUp() }
        #expect(fixture.bot.missingTranslations() == [])
    }
}

@Suite("Members plugin: data rights")
struct MemberDataRightsPluginTests {
    @Test func myDataSendsAOneTimeLinkPrivately() async throws {
        let fixture = try await MembersFixture()
        defer { fixture.cleanUp() }
        #expect(await fixture.bot.send("!mydata").first == "Sent you a private link to your data.")
        let line = try #require(await fixture.bot.send("!mydata", in: nil).first)
        let token = try #require(line.firstMatch(of: /\/me\/data\/([a-z0-9]{32})/)?.1)
        let now = fixture.bot.clock.now
        let identity = try #require(try await fixture.members.useDataLink(String(token), at: now))
        #expect(identity == Identity(network: "test", account: "alice"))
        #expect(try await fixture.members.useDataLink(String(token), at: now) == nil)
        #expect(
            await fixture.bot.send("!mydata", account: nil) == [
                "You need to be identified to do that: log in with NickServ (or SASL) first, then try again."
            ])
    }

    @Test func forgetMeAsksThenDeletesAndSaysWhatWasKept() async throws {
        let fixture = try await MembersFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        #expect(await bot.send("!timezone Europe/Berlin") == ["Your time zone is now Europe/Berlin."])
        #expect(
            await bot.send("!forgetme confirm", in: nil) == [
                "Nothing to confirm: send !forgetme first to see what it deletes."
            ])
        let asked = await bot.send("!forgetme")
        #expect(asked.first == "Sent you the details privately.")
        #expect(asked.last?.hasPrefix("This deletes your profile") == true, "\(asked)")
        // A bob who confirms has not asked: only alice's own request counts.
        #expect(
            await bot.send("!forgetme confirm", nick: "bob", account: "bob", in: nil).first?.hasPrefix(
                "Nothing to confirm") == true)
        let done = await bot.send("!forgetme confirm", in: nil)
        #expect(done == ["Done: 2 records about you deleted."], "\(done)")  // the profile and the identity
        #expect(try await fixture.members.knownMember(of: Identity(network: "test", account: "alice")) == nil)
        // The request is used up.
        #expect(await bot.send("!forgetme confirm", in: nil).first?.hasPrefix("Nothing to confirm") == true)
        #expect(
            await bot.send("!forgetme now") == [
                "[confirm] must be the word confirm, not \"now\". Usage: !forgetme [confirm]"
            ])
    }
}
