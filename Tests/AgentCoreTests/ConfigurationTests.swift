import AgentCore
import Foundation
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    func load(_ text: String, environment: [String: String] = [:]) -> Result<AgentConfiguration, ConfigProblems> {
        ConfigurationLoader.load(data: Data(text.utf8), environment: environment)
    }

    func problems(_ text: String, environment: [String: String] = [:]) -> [String] {
        switch load(text, environment: environment) {
        case .success: return []
        case .failure(let problems): return problems.problems.map(\.description)
        }
    }

    @Test func fullConfigurationLoads() throws {
        let text = """
            // comments and trailing commas are fine
            {
              log_level: "debug",
              time_zone: "Asia/Shanghai",
              storage: { path: "/tmp/x.sqlite", synchronous: "full" },
              commands: { prefix: "?", unknown_commands: "silent", echo_role: "moderator",
                          rate_limit: { enabled: false },
                          overrides: { "libera/#quiet": { prefix: "!", unknown_commands: "hint" } } },
              roles: [ { network: "libera", account: "boss", role: "owner" } ],
              networks: [
                { name: "libera", host: "irc.example.org", tls: { enabled: true }, nick: "cagent",
                  sasl: { mechanism: "plain", account: "cagent", password_env: "IRC_PASSWORD" },
                  channels: ["#community", { name: "#staff", key_env: "STAFF_KEY" }],
                  outbox: { burst: 4, interval_seconds: 1 }, },
                { name: "console", type: "console" },
              ],
            }
            """
        let configuration = try load(text, environment: ["IRC_PASSWORD": "s3cret", "STAFF_KEY": "k"]).get()
        #expect(configuration.logLevel == .debug)
        #expect(configuration.timeZone.identifier == "Asia/Shanghai")
        #expect(configuration.databasePath == "/tmp/x.sqlite")
        #expect(configuration.router.prefix == "?")
        #expect(configuration.router.unknownCommands == .silent)
        #expect(configuration.router.prefixOverrides["libera/#quiet"] == "!")
        #expect(configuration.router.rateLimit.enabled == false)
        #expect(configuration.router.commandRoles == ["echo": .moderator])
        #expect(configuration.roles.count == 1)
        let network = try #require(configuration.networks.first)
        #expect(network.port == 6697)
        #expect(network.tls.enabled && network.tls.verify)
        #expect(network.sasl?.password == "s3cret")
        #expect(network.channels == [.init(name: "#community"), .init(name: "#staff", key: "k")])
        #expect(network.outboxBurst == 4)
        #expect(configuration.networks[1].kind == .console)
    }

    @Test func everyProblemIsReportedWithItsPath() {
        let text = """
            {
              log_level: "loud",
              time_zone: "Mars/Olympus",
              comands: {},
              roles: [ { network: "libera", account: "x", role: "king" } ],
              networks: [
                { name: "libera", port: 70000, nick: "9bad",
                  sasl: { mechanism: "plain", password_env: "IRC_PASSWORD" },
                  channels: ["community"] },
                { host: "irc.example.org" },
              ],
            }
            """
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix("log_level: unknown level \"loud\"") })
        #expect(found.contains { $0.hasPrefix("time_zone: unknown time zone") })
        #expect(found.contains("comands: unknown option — did you mean \"commands\"?"))
        #expect(found.contains { $0.hasPrefix("roles[0].role: unknown role \"king\"") })
        #expect(found.contains { $0.hasPrefix("networks[0].port: 70000 is out of range") })
        #expect(found.contains { $0.hasPrefix("networks[0].nick:") })
        #expect(
            found.contains(
                "networks[0].sasl.password_env: variable IRC_PASSWORD is not set — export IRC_PASSWORD=… before starting the agent"
            ))
        #expect(found.contains { $0.hasPrefix("networks[0].channels[0]: \"community\" is not a channel name") })
        #expect(found.contains { $0.hasPrefix("networks[0].host: missing") })
        #expect(found.contains { $0.hasPrefix("networks[1].name: missing") })
        #expect(found.count == 10, "\(found)")
    }

    @Test func inlineSecretsAreRefused() {
        let found = problems(#"{ networks: [ { name: "n", host: "h", sasl: { password: "plain-text" } } ] }"#)
        #expect(found.contains { $0.hasPrefix("networks[0].sasl.password: secrets are not accepted inline") })
        #expect(!found.joined().contains("plain-text") || found.allSatisfy { !$0.contains("\"plain-text\"") })
    }

    @Test func secretFromFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pw")
        try "from-file\n".write(to: file, atomically: false, encoding: .utf8)
        let configuration = try load(
            #"{ networks: [ { name: "n", host: "h", sasl: { password_file: "\#(file.path)" } } ] }"#
        ).get()
        #expect(configuration.networks[0].sasl?.password == "from-file")
        let missing = problems(
            #"{ networks: [ { name: "n", host: "h", sasl: { password_file: "/nonexistent/pw" } } ] }"#)
        #expect(
            missing.contains { $0.hasPrefix("networks[0].sasl.password_file: cannot read secret file /nonexistent/pw") }
        )
    }

    @Test func syntaxErrorIsOneProblem() {
        let found = problems("{ networks: [ ")
        #expect(found.count == 1)
        #expect(found[0].contains("not valid JSON5"))
    }

    @Test(arguments: [
        ("{ a: 1,\n  b 2 }", "line 2, column 5: expected \":\" after the key, found \"2\""),
        ("{ name: \"agent }", "line 1, column 9: a text value is never closed"),
        ("{ name: \"agent\n }", "line 1, column 9: a text value is not closed before the end of the line"),
        ("{ level: info }", "line 1, column 10: expected a value, found info (text values need quotes)"),
        ("{ a: [1, 2 }", "line 1, column 12: expected \",\" or \"]\" after a value, found \"}\""),
        ("{ a: 1 } /* note", "line 1, column 10: a /* comment is never closed"),
        ("// only a comment\n", "line 2, column 1: expected a value, found the end of the file"),
        ("{ a: 0x1G }", "line 1, column 6: \"0x1G\" is not a number"),
        ("{ a: 1 } x", "line 1, column 10: unexpected text after the end"),
    ])
    func syntaxErrorsNameTheirLineAndColumn(text: String, expected: String) {
        #expect(problems(text) == ["(top level): not valid JSON5 at \(expected)"])
    }

    @Test func json5FeaturesAreNotSyntaxErrors() {
        let text = """
            // comment
            { unquoted: 'single', "quoted": +1.5e3, hex: 0xFF, list: [1, 2,], /* block */ trailing: .5, }
            """
        #expect(
            problems(text) == [
                "hex: unknown option — remove it", "list: unknown option — remove it",
                "quoted: unknown option — remove it", "trailing: unknown option — remove it",
                "unquoted: unknown option — remove it",
            ])
    }

    @Test func typeMismatchesAreReported() {
        let found = problems(#"{ networks: "libera", storage: { path: 3 }, commands: { rate_limit: { burst: 0 } } }"#)
        #expect(found.contains("networks: expected a list, found a string"))
        #expect(found.contains("storage.path: expected a string, found a number"))
        #expect(found.contains { $0.hasPrefix("commands.rate_limit.burst: 0 is out of range") })
    }

    @Test func theHTTPListenerAndPayments() throws {
        let loaded = try ConfigurationLoader.load(
            data: Data(
                #"{ http: { listen: "[::1]:9464", public: true }, payments: { webhook_secret_env: "PAY", webhook_tolerance_seconds: 60 } }"#
                    .utf8),
            environment: ["PAY": "s3cret"]
        ).get()
        #expect(loaded.http == HTTPConfiguration(host: "::1", port: 9464, isPublic: true))
        #expect(loaded.http?.isLoopback == true && loaded.http?.baseURL == "http://[::1]:9464")
        #expect(loaded.payments.webhookSecret == "s3cret" && loaded.payments.webhookTolerance == 60)
        #expect(ConfigurationLoader.load(data: Data("{}".utf8)).map(\.http) == .success(nil))
        #expect(
            problems(#"{ http: { listen: "localhost" } }"#).first?.hasPrefix("http.listen: not an address with a port")
                == true)
        #expect(problems(#"{ http: {} }"#).first?.hasPrefix("http.listen: missing") == true)
        #expect(problems(#"{ http: { listen: "127.0.0.1:99999" } }"#).count == 1)
        #expect(
            problems(#"{ http: { listen: "0.0.0.0:1", public_url: "ftp://x" } }"#) == [
                "http.public_url: must start with http:// or https://"
            ])
        #expect(
            problems(#"{ payments: { webhook_secret: "inline" } }"#).first?.hasPrefix(
                "payments.webhook_secret: secrets are not accepted inline") == true)
        #expect(
            problems(#"{ payments: { webhook_secret_env: "NOPE_NOT_SET" } }"#).first?.contains(
                "NOPE_NOT_SET is not set") == true)
        #expect(HTTPConfiguration(host: "0.0.0.0", port: 1).isLoopback == false)
    }

    @Test func exampleConfigurationIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Config/agent.example.json5")
        let result = ConfigurationLoader.load(path: url.path, environment: ["IRC_PASSWORD": "x"])
        if case .failure(let problems) = result { Issue.record("example config has problems:\n\(problems)") }
    }
}
