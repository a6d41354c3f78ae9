import AgentTesting
import Foundation
import Testing

/// The executable as the README tells people to use it.
@Suite("Command line")
struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs the built binary with `arguments` and `input` on stdin, in a fresh directory.
    func run(_ arguments: [String], input: String = "", in directory: URL) async throws -> Run {
        let result = try await ProgramRun.run(
            try AgentProcess.executable().path, arguments, directory: directory, input: input, timeout: 30)
        return Run(status: result.status, output: result.output, errors: result.errors)
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func readmeCommandReferenceIsTheGeneratedOne() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await run(["help", "commands", "--markdown"], in: directory)
        #expect(result.status == 0, "\(result.errors)")
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- commands:begin"))
        let end = try #require(readme.range(of: "<!-- commands:end -->"))
        let section = readme[begin.upperBound..<end.lowerBound].drop { $0 != "\n" }.dropFirst()
        #expect(
            String(section) == result.output,
            "README's command reference is out of date: regenerate it with community-agent help commands --markdown")
    }

    @Test(arguments: ["en", "zh"])
    func helpInEachLanguageMatchesItsGoldenFile(language: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await run(["help", "commands", "--language", language], in: directory)
        #expect(result.status == 0, "\(result.errors)")
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/help.\(language).txt")
        #expect(
            result.output == (try String(contentsOf: golden, encoding: .utf8)),
            "help changed: review it, then regenerate with community-agent help commands --language \(language) > Tests/EndToEndTests/Golden/help.\(language).txt"
        )
    }

    @Test func everyFormOfEveryShippedCommandHasAnExample() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await run(["help", "commands"], in: directory)
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count >= 20)
        for line in lines { #expect(line.contains(" Example: !"), "\(line)") }
        #expect(try await run(["help", "nonsense"], in: directory).status == 2)
    }

    @Test func withoutConfigurationItRunsOnTheConsole() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await run([], input: "!ping\n/msg version\n!echo 你好 world\n/as owner\n", in: directory)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("<agent> pong"))
        #expect(result.output.contains("[private] <agent> Community Agent "))
        #expect(result.output.contains("<agent> 你好 world"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("community-agent.sqlite").path))
    }

    @Test func theConsoleAnswersInInputOrderWithoutRateLimitsAndStopsAtQuit() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pings = String(repeating: "!ping\n", count: 8)
        let input = pings + "!courses swift\n/as\n/as bob smith\n/nick two words\n/as bob\n!version\n/quit\n!ping\n"
        let result = try await run([], input: input, in: directory)
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "<agent> pong" }.count == 8)
        #expect(!result.output.contains("too fast"))
        #expect(lines.contains("<agent> 3 courses match \"swift\":"))
        let courses = try #require(lines.firstIndex(of: "<agent> 3 courses match \"swift\":"))
        let usage = try #require(lines.firstIndex { $0.hasPrefix("* usage: /as <account>") })
        let identified = try #require(lines.firstIndex(of: "* you are now identified as bob"))
        let version = try #require(lines.firstIndex { $0.hasPrefix("<agent> Community Agent ") })
        #expect(courses < usage && usage < identified && identified < version)
        #expect(lines.contains("* an account is one word without spaces; usage: /as <account>"))
        #expect(lines.contains("* usage: /nick <nick> (one word without spaces)"))
        #expect(lines.last?.hasPrefix("<agent> Community Agent ") == true, "nothing after /quit")
        #expect(result.errors.contains("catalog imported from=\"the sample catalog\""))
    }

    @Test func aChineseCommunitysConsoleSpeaksChinese() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("zh.json5")
        try """
        { language: "zh", commands: { aliases: { "课程": "courses" } }, catalog: "\(Self.sampleCatalog)",
          networks: [ { name: "console", type: "console" } ] }
        """.write(to: file, atomically: false, encoding: .utf8)
        let result = try await run(["run", "--config", file.path], input: "!课程 并发\n/as\n!ping\n", in: directory)
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "Community Agent 控制台 —— 输入 !help 查看命令，输入 /help 查看控制台命令。")
        #expect(lines.contains("<agent> 找到 1 门与“并发”相关的课程："))
        #expect(lines.contains("* 用法：/as <账号> 以该账号的身份发言，/as - 以未登录的身份发言"))
        #expect(lines.contains("<agent> pong"))
    }

    static let sampleCatalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5").path

    @Test func theBuiltInSampleCatalogIsTheShippedFile() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
        let result = try await run(["catalog", "sample"], in: directory)
        #expect(result.status == 0)
        #expect(
            result.output == (try String(contentsOf: shipped, encoding: .utf8)),
            "Sources/community-agent/SampleCatalog.swift differs from Config/catalog.example.json5: copy the file there"
        )
    }

    @Test func checkConfigReportsEveryProblem() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.json5")
        try """
        { networks: [ { name: "libera", host: "irc.example.org", port: 99999,
                        sasl: { password_env: "SURELY_UNSET_VARIABLE_42" } } ], colour: "blue" }
        """.write(to: file, atomically: false, encoding: .utf8)
        let result = try await run(["check-config", file.path], in: directory)
        #expect(result.status == 1)
        #expect(result.output.contains("networks[0].port: 99999 is out of range"))
        #expect(result.output.contains("networks[0].sasl.password_env: variable SURELY_UNSET_VARIABLE_42 is not set"))
        #expect(result.output.contains("colour: unknown option"))
        #expect(result.output.contains("3 problems found"))
    }

    @Test func checkConfigReportsEveryLayerInOnePass() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("layers.json5")
        try """
        {
          catalog: "missing-catalog.json5",
          roles: [ { network: "ghost", account: "bob", role: "owner" } ],
          commands: { overrides: { "ghost/#x": { prefix: "?" } } },
          networks: [
            { name: "libera", host: "127.0.0.1", tls: { enabled: false }, channels: ["#c"],
              sasl: { account: "agent", password: "inline-secret" },
              server_password_env: "SURELY_UNSET_VARIABLE_43" },
          ],
          plugins: { nosuch: {}, subscriptions: { check_every: "sometimes" } },
        }
        """.write(to: file, atomically: false, encoding: .utf8)
        let result = try await run(["check-config", file.path], in: directory)
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map { $0.replacingOccurrences(of: file.path + ": ", with: "") }
        #expect(lines.contains { $0.hasPrefix("catalog: cannot read \(directory.path)/missing-catalog.json5") })
        #expect(lines.filter { $0.hasPrefix("networks[0].sasl.password: secrets are not accepted inline") }.count == 1)
        #expect(lines.contains { $0.hasPrefix("networks[0].server_password_env: variable SURELY_UNSET_VARIABLE_43") })
        #expect(lines.contains("roles[0].network: there is no network called \"ghost\" — configured networks: libera"))
        #expect(lines.contains { $0.hasPrefix("commands.overrides.ghost/#x: there is no network called \"ghost\"") })
        #expect(lines.contains { $0.hasPrefix("plugins.nosuch: there is no plugin called \"nosuch\"") })
        #expect(lines.contains { $0.hasPrefix("plugins.subscriptions.check_every: not a schedule") })
        #expect(lines.last == "7 problems found")
    }

    @Test func checkConfigPointsAtTheLineAndColumnOfASyntaxError() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("syntax.json5")
        try "{\n  log_level: \"info\",\n  networks: [ { name: \"a\" type: \"irc\" } ],\n}\n".write(
            to: file, atomically: false, encoding: .utf8)
        let result = try await run(["check-config", file.path], in: directory)
        #expect(result.status == 1)
        #expect(result.output.contains("not valid JSON5 at line 3, column 27: expected \",\" or \"}\" after a value"))
        let empty = directory.appendingPathComponent("empty.json5")
        try "{}".write(to: empty, atomically: false, encoding: .utf8)
        let nothing = try await run(["check-config", empty.path], in: directory)
        #expect(nothing.status == 0)
        #expect(nothing.output.contains("no networks are configured: the agent would start and connect nowhere"))
    }

    @Test func relativePathsStartAtTheConfigurationsDirectory() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configDirectory = directory.appendingPathComponent("etc")
        let elsewhere = directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
        try FileManager.default.copyItem(at: sample, to: configDirectory.appendingPathComponent("catalog.json5"))
        let file = configDirectory.appendingPathComponent("agent.json5")
        try """
        { storage: { path: "agent.sqlite" }, catalog: "catalog.json5",
          networks: [ { name: "libera", host: "127.0.0.1", sasl: { password_env: "SURELY_UNSET_VARIABLE_44" } } ] }
        """.write(to: file, atomically: false, encoding: .utf8)
        // The data commands never connect, so the unset SASL password does not stop them.
        let imported = try await run(["catalog", "import", sample.path, "--config", file.path], in: elsewhere)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(FileManager.default.fileExists(atPath: configDirectory.appendingPathComponent("agent.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("agent.sqlite").path))
        let nope = try await run(
            ["subscriptions", "grant", "alice", "rust-ownership", "--network", "nope", "--config", file.path],
            in: elsewhere)
        #expect(nope.status == 2)
        #expect(nope.errors == "error: there is no network \"nope\" in the configuration (configured: libera)\n")
        let granted = try await run(
            ["subscriptions", "grant", "alice", "rust-ownership", "--network", "LIBERA", "--config", file.path],
            in: elsewhere)
        #expect(granted.status == 0, "\(granted.errors)")
        #expect(granted.output.hasPrefix("alice@libera has rust-ownership"))
    }

    @Test func ownersListOrdersSubscriptionsCodesAndMembersForScripts() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A member subscribes on the console (an order), then the owner works from the shell.
        let console = try await run([], input: "!subscribe rust-ownership\n!subscribe swift-basics\n", in: directory)
        #expect(console.status == 0, "\(console.errors)")
        let orders = try await run(["orders", "list", "--status", "pending"], in: directory)
        #expect(orders.status == 0, "\(orders.errors)")
        let orderLines = orders.output.split(separator: "\n")
        #expect(orderLines.first == "order,network,account,course,amount,currency,status,created")
        #expect(orderLines.count == 2)
        #expect(orderLines.last?.contains(",console,you,rust-ownership,299.00,CNY,pending,") == true)

        let json = try await run(["subscriptions", "list", "--status", "active", "--format", "json"], in: directory)
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: String]], "\(json.output)")
        #expect(rows.map { $0["course"] } == ["swift-basics"])
        #expect(rows.first?["account"] == "you")

        let created = try await run(["codes", "create", "swift-basics", "2"], in: directory)
        let code = try #require(created.output.split(separator: "\n").dropFirst().first?.split(separator: ",").first)
        #expect(try await run(["codes", "revoke", String(code)], in: directory).status == 0)
        let codes = try await run(["codes", "list", "swift-basics"], in: directory)
        #expect(codes.output.split(separator: "\n").count == 3)
        #expect(codes.output.contains("\(code),swift-basics,0,1,,,20"))

        let members = try await run(["members", "list"], in: directory)
        #expect(members.output.hasPrefix("network,account,last_nick,last_seen,active_courses\n"))
        #expect(members.output.contains("console,you,you,"))
        #expect(members.output.hasSuffix(",swift-basics\n"))

        let bad = try await run(["orders", "list", "--status", "lost"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.errors == "error: --status must be one of pending, paid, cancelled, not \"lost\"\n")
    }

    @Test func checkConfigAcceptsTheExample() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Config/agent.example.json5")
        let process = try await run(["check-config", example.path], in: directory)
        // The example names IRC_PASSWORD; without it set, that is the one problem.
        if ProcessInfo.processInfo.environment["IRC_PASSWORD"] == nil {
            #expect(process.output.contains("IRC_PASSWORD is not set"))
            #expect(process.output.contains("1 problem found"))
        } else {
            #expect(process.status == 0)
        }
    }

    @Test func versionAndUsage() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try await run(["version"], in: directory).output.hasPrefix("community-agent "))
        let bad = try await run(["frobnicate"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.errors.contains("usage: community-agent"))
        let badOption = try await run(["run", "--log-level", "loud"], in: directory)
        #expect(badOption.status == 2)
        #expect(badOption.errors.hasPrefix("error: unknown log level \"loud\""))
        let unknown = try await run(["run", "--bogus"], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.errors.hasPrefix("error: unknown option --bogus\n"))
        for help in [["--help"], ["-h"], ["run", "--help"], ["help"]] {
            let shown = try await run(help, in: directory)
            #expect(shown.status == 0, "\(help)")
            #expect(shown.output.hasPrefix("usage: community-agent"), "\(help)")
            #expect(shown.errors.isEmpty, "\(help)")
        }
    }

    @Test func runRefusesABrokenConfiguration() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.json5")
        try "{ networks: 3 }".write(to: file, atomically: false, encoding: .utf8)
        let result = try await run(["run", "--config", file.path], in: directory)
        #expect(result.status == 1)
        #expect(result.errors.contains("networks: expected a list"))
    }

    @Test func dataCommandsForScripts() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Config/catalog.example.json5").path
        let imported = try await run(["catalog", "import", sample], in: directory)
        #expect(imported.status == 0)
        #expect(imported.output.contains("created 14, updated 0, unchanged 0"))
        #expect(
            try await run(["catalog", "import", sample], in: directory).output.contains(
                "created 0, updated 0, unchanged 14"))

        let bad = directory.appendingPathComponent("bad.json5")
        try #"{ courses: [ { slug: "ok-one", title: "Fine" }, { slug: "x", title: "" } ] }"#.write(
            to: bad, atomically: false, encoding: .utf8)
        let refused = try await run(["catalog", "import", bad.path], in: directory)
        #expect(refused.status == 1)
        #expect(refused.output.contains("courses[1].slug:"))
        #expect(refused.output.contains("courses[1].title: must not be empty"))
        #expect(refused.output.contains("nothing imported"))
        #expect(!(try await run(["catalog", "export"], in: directory).output.contains("ok-one")))

        let csv = try await run(
            ["codes", "create", "rust-ownership", "3", "--days", "7", "--uses", "2"], in: directory)
        let rows = csv.output.split(separator: "\n")
        #expect(rows.first == "code,course,uses,access_days,valid_until")
        #expect(rows.count == 4)
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",rust-ownership,2,7,") })
        #expect(try await run(["codes", "create", "nope", "1"], in: directory).errors == "error: no course \"nope\"\n")

        #expect(
            try await run(["catalog", "publish", "irc-bots-swift"], in: directory).output
                == "irc-bots-swift is now published\n")
        let grant = try await run(["subscriptions", "grant", "Alice", "rust-ownership", "--days", "30"], in: directory)
        #expect(grant.output.hasPrefix("alice@console has rust-ownership until "))
        #expect(
            try await run(["subscriptions", "revoke", "alice", "rust-ownership"], in: directory).output
                == "alice@console no longer has rust-ownership\n")
        let forever = try await run(
            ["subscriptions", "grant", "alice", "rust-ownership", "--days", "99999999"], in: directory)
        #expect(forever.status == 1)
        #expect(forever.errors == "error: 99999999 days: must be from 1 to 3650\n")
        let unknownOrder = try await run(["orders", "confirm", "ONOPE"], in: directory)
        #expect(unknownOrder.status == 1)
        #expect(unknownOrder.errors == "error: no order \"ONOPE\"\n")
        #expect(try await run(["catalog", "frobnicate"], in: directory).status == 2)
    }
}
