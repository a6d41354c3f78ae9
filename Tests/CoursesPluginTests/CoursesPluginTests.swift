import AgentCore
import AgentTesting
import Community
import CoursesPlugin
import Foundation
import PluginSupport
import Storage
import Testing

/// The Courses plugin over a real SQLite catalog, driven in-process.
struct CoursesFixture {
    let directory: URL
    let catalog: CatalogStore
    let members: MemberDirectory
    let bot: TestAgent

    init(settings: Courses.Settings = Courses.Settings(), language: Language = .en) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("courses-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try Database(path: directory.appendingPathComponent("c.sqlite").path)
        catalog = try await CatalogStore(database: database)
        members = try await MemberDirectory(database: database)
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Config/catalog.example.json5")
        _ = try await catalog.importCourses(try CatalogFile.parse(try Data(contentsOf: sample)).get())
        var router = RouterSettings(rateLimit: .init(enabled: false))
        router.language = language
        bot = try await TestAgent(
            [Courses(catalog: catalog, members: members, settings: settings)], roles: ["boss": .owner],
            settings: router)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

@Suite("Courses plugin")
struct CoursesPluginTests {
    @Test func channelListingIsCappedAndTheRestGoesPrivately() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        let requests = await fixture.bot.sendDetailed("!courses")
        // Channel lines are addressed to the one who asked (so their replies keep their order).
        let channel = requests.compactMap {
            if case .reply(let c, let t, to: "alice") = $0, !c.isPrivate { return t } else { return nil }
        }
        let privately = requests.compactMap {
            if case .say(let c, let t) = $0, c.isPrivate { return t } else { return nil }
        }
        #expect(channel.first == "13 courses:")
        #expect(channel.count == 1 + 5 + 1)
        #expect(channel.last == "alice: 8 more lines sent to you privately.")
        #expect(privately.count == 8)
        #expect(!channel.joined().contains("irc-bots-swift"))  // a draft
    }

    @Test func searchByTagLevelAndChineseWords() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        let swift = await fixture.bot.send("!courses swift")
        #expect(swift.first == "3 courses match \"swift\":")
        #expect(swift.dropFirst().allSatisfy { $0.hasPrefix("swift") })
        let chinese = await fixture.bot.send("!courses 并发")
        #expect(chinese.count == 2)
        #expect(chinese[1].hasPrefix("swift-concurrency"))
        let level = await fixture.bot.send("!courses rust advanced")
        #expect(level.count == 2 && level[1].hasPrefix("rust-ownership"))
        #expect(
            await fixture.bot.send("!courses cobol") == [
                "No course matches \"cobol\". Try a tag such as swift or rust, or a level: beginner, intermediate, advanced."
            ])
    }

    @Test func listingColumnsLineUpWithWideCharacters() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        let lines = await fixture.bot.send("!courses", in: nil).dropFirst()
        #expect(lines.count == 13)
        let levelColumn = Set(
            lines.map { line -> Int in
                let levelStart =
                    line.range(of: " beginner") ?? line.range(of: " intermediate") ?? line.range(of: " advanced")
                return DisplayWidth.of(line[..<(levelStart?.lowerBound ?? line.endIndex)])
            })
        #expect(levelColumn == [24 + 1 + 34], "level column starts at \(levelColumn)")
    }

    @Test func privateListingShowsEverything() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        let lines = await fixture.bot.send("courses", in: nil)
        #expect(lines.count == 14)
    }

    @Test func courseDetailCountsAsAView() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        let lines = await fixture.bot.send("!course rust-ownership", account: "alice")
        #expect(lines.first == "Rust 所有权与借用 (rust-ownership) — advanced, 299.00 CNY, 180 days of access, by 张伟")
        #expect(lines.last == "Tags: rust, systems. Subscribe with !subscribe rust-ownership")
        let views = try await fixture.members.interactions(of: Identity(network: "test", account: "alice"))
        #expect(views.map(\.kind) == [.view])
        #expect(views.first?.course == "rust-ownership")
        _ = await fixture.bot.send("!course rust-ownership", account: nil)
        #expect(try await fixture.members.interactions(of: Identity(network: "test", account: "alice")).count == 1)
    }

    @Test func unknownSlugSuggestsCloseOnes() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        #expect(
            await fixture.bot.send("!course swift-concurency") == [
                "There is no course \"swift-concurency\". Did you mean swift-concurrency?"
            ])
        #expect(await fixture.bot.send("!course zzz") == ["There is no course \"zzz\". See !courses."])
    }

    @Test func draftsAreHiddenFromMembersButNotOwners() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        #expect(
            await fixture.bot.send("!course irc-bots-swift") == [
                "irc-bots-swift is not available yet. See !courses for what is."
            ])
        #expect(await fixture.bot.send("!course irc-bots-swift", account: "boss").first?.hasSuffix("[draft]") == true)
    }

    @Test func anEmptyCatalogSaysSoAndTellsOwnersHowToFillIt() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        for course in try await fixture.catalog.courses() {
            _ = try await fixture.catalog.setStatus(course.slug, .draft)
        }
        #expect(await fixture.bot.send("!courses") == ["No course is published yet; check back soon."])
        #expect(
            await fixture.bot.send("!courses", account: "boss") == [
                "No course is published yet. Import a catalog from the shell (community-agent catalog import FILE), then publish drafts with !course publish <course>."
            ])
        #expect(await fixture.bot.send("!courses rust").first?.hasPrefix("No course matches \"rust\".") == true)
    }

    @Test func ownersPublishAndArchive() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        #expect(
            await fixture.bot.send("!course publish irc-bots-swift") == ["Sorry, !course publish is for owners."])
        #expect(
            await fixture.bot.send("!course publish irc-bots-swift", account: "boss") == [
                "irc-bots-swift is now published."
            ])
        #expect(await fixture.bot.send("!courses irc").count == 2)
        #expect(
            await fixture.bot.send("!course archive irc-bots-swift", account: "boss") == [
                "irc-bots-swift is now archived."
            ])
        #expect(
            await fixture.bot.send("!course archive nope-nope", account: "boss").first?.hasPrefix("There is no course")
                == true)
    }

    @Test func usageErrors() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        #expect(
            await fixture.bot.send("!course") == ["Missing <course>. Usage: !course <course>"])
        #expect(
            await fixture.bot.send("!course swift-basics b c") == [
                "Too many arguments (\"b\"). Usage: !course <course>"
            ])
        #expect(
            await fixture.bot.send("!course publish", account: "boss") == [
                "Missing <course>. Usage: !course publish <course>"
            ])
        // The old undocumented subcommand is gone: "unpublish" is read as a course slug.
        #expect(
            await fixture.bot.send("!course unpublish irc-bots-swift", account: "boss") == [
                "There is no course \"unpublish\". See !courses."
            ])
    }

    @Test func helpMarksOwnerSubcommands() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        #expect(
            await fixture.bot.send("!help courses").first?.hasPrefix(
                "!courses [tag|level|words…] — List published courses") == true)
        #expect(
            await fixture.bot.send("!help course") == [
                "!course <course> — Show one course in detail. Example: !course swift-basics",
                "!course publish <course> — Publish a course so members can find and subscribe to it. Example: !course publish irc-bots-swift [owners only]",
                "!course archive <course> — Withdraw a course: hidden from listings, no new subscriptions. Example: !course archive irc-bots-swift [owners only]",
            ])
    }

    @Test func examplesHoldOnTheSampleCatalog() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        let failures = await fixture.bot.exampleFailures()
        #expect(failures == [])
    }

    @Test func aChineseChannelGetsChineseListingsAndDetails() async throws {
        let fixture = try await CoursesFixture(language: .zh)
        defer { fixture.cleanUp() }
        let listing = await fixture.bot.send("!courses swift", in: nil)
        #expect(listing.first == "找到 3 门与“swift”相关的课程：")
        #expect(listing.contains { $0.hasPrefix("swift-basics") && $0.contains("入门") && $0.hasSuffix("免费") })
        #expect(
            await fixture.bot.send("!course swift-basics").first == "《Swift Basics》（swift-basics）— 入门，免费，讲师：Ada Chen")
        let detail = await fixture.bot.send("!course swift-basics")
        #expect(detail.last?.hasPrefix("标签：swift") == true, "\(detail)")
        #expect(detail.last?.hasSuffix("。订阅请发送 !subscribe swift-basics") == true)
        #expect(
            await fixture.bot.send("!courses cooking") == [
                "没有找到和“cooking”相关的课程。可以试试标签（如 swift、rust）或水平（beginner、intermediate、advanced）。"
            ])
        #expect(await fixture.bot.send("!course archive swift-basics", account: "boss") == ["swift-basics 现在已下架。"])
        #expect(Courses.messages.problems() == [])
        #expect(UnknownCourse.messages.problems() == [])
        #expect(
            await fixture.bot.send("!course swift-concurency") == [
                "没有“swift-concurency”这门课程。你是想找 swift-concurrency 吗？"
            ])
    }

    @Test func everyExampleIsAnsweredInChineseInAChineseCommunity() async throws {
        let fixture = try await CoursesFixture(language: .zh)
        defer { fixture.cleanUp() }
        let courses = try await fixture.catalog.courses()
        let content = Set(courses.flatMap { [$0.summary, $0.description] })
        let untranslated = await fixture.bot.untranslatedReplies(content: content)
        #expect(untranslated.isEmpty, "\(untranslated)")
    }

    @Test func everyCommandSaysWhatItDoesInBothLanguages() async throws {
        let fixture = try await CoursesFixture()
        defer { fixture.cleanUp() }
        #expect(fixture.bot.missingTranslations() == [])
    }
}
