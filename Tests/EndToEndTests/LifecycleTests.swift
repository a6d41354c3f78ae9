import AgentTesting
import Foundation
import IRC
import Storage
import Testing

/// Stopping the agent binary: every path ends in bounded time with a status that says why, and
/// leaves a database file that holds every committed row.
@Suite("Agent lifecycle")
struct LifecycleTests {
    static let sampleCatalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
        .path

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Waits until the agent's log contains `text`.
    static func waitForLog(_ agent: AgentProcess, _ text: String, seconds: Double = 20) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !agent.log.contains(text) {
            guard ContinuousClock.now < deadline, agent.child.isRunning else {
                throw TestIRCClient.Timeout(description: "no \"\(text)\" in the log: \(agent.log.suffix(1500))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends SIGTERM and returns the exit status and how long the agent took to exit.
    static func terminate(_ agent: AgentProcess, within seconds: Double) async throws -> (Int32, Duration) {
        let started = ContinuousClock.now
        kill(agent.child.pid, SIGTERM)
        while agent.child.isRunning, ContinuousClock.now - started < .seconds(seconds) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let elapsed = ContinuousClock.now - started
        if agent.child.isRunning {
            await agent.child.killNow()
            Issue.record("still running \(seconds) s after SIGTERM; log: \(agent.log.suffix(1500))")
        }
        return (agent.child.terminationStatus ?? -1, elapsed)
    }

    /// Runs the binary with `arguments` and returns its status and standard output.
    static func runTool(_ arguments: [String], in directory: URL) async throws -> (Int32, String) {
        let output = directory.appendingPathComponent("tool-\(UUID().uuidString.prefix(6)).out")
        let child = try ChildProcess(
            try AgentProcess.executable().path, arguments, directory: directory, logFile: output)
        let deadline = ContinuousClock.now + .seconds(30)
        while child.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        await child.stop()
        return (child.terminationStatus ?? -1, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test func withNoNetworksSIGTERMEndsItAtOnce() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let agent = try AgentProcess(
            configuration: "{ storage: { path: \"\(directory.path)/agent.sqlite\" } }", directory: directory)
        try await Self.waitForLog(agent, "agent started")
        #expect(agent.log.contains("no networks configured"))
        let (status, elapsed) = try await Self.terminate(agent, within: 10)
        #expect(status == 0, "\(agent.log.suffix(800))")
        #expect(elapsed < .seconds(3))
    }

    @Test func SIGTERMDuringAConnectDoesNotWaitForTheConnectTimeout() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A listener that never answers: TCP connects (the kernel's backlog), the TLS handshake hangs.
        guard let listener = Peers.bindLoopback(listening: true) else {
            Issue.record("cannot listen on loopback")
            return
        }
        defer { close(listener.descriptor) }
        let agent = try AgentProcess(
            configuration: """
                { storage: { path: "\(directory.path)/agent.sqlite" },
                  networks: [ { name: "silent", host: "127.0.0.1", port: \(listener.port),
                                tls: { enabled: true, verify: false }, connect_timeout_seconds: 60 } ] }
                """, directory: directory)
        try await Self.waitForLog(agent, "connecting")
        try await Task.sleep(for: .milliseconds(500))
        let (status, elapsed) = try await Self.terminate(agent, within: 10)
        #expect(status == 0, "\(agent.log.suffix(800))")
        #expect(elapsed < .seconds(3))
        #expect(!agent.log.contains("connection failed"))
    }

    @Test func SIGTERMDuringAFloodFlushesWhatItCanSaysGoodbyeAndCountsTheRest() async throws {
        guard try Peers.available("inspircd") else { return }
        try await InspIRCdServer.with(.withoutServices(mode: .strict)) { server in
            let agent = try AgentProcess(
                configuration: """
                    { storage: { path: "\(server.directory.path)/agent.sqlite" },
                      shutdown_timeout_seconds: 6,
                      commands: { rate_limit: { enabled: false } },
                      networks: [ { name: "local", host: "127.0.0.1", port: \(server.port), nick: "coursebot",
                                    channels: ["#harness"], quit_message: "see you soon" } ] }
                    """, directory: server.directory)
            let member = try await TestIRCClient.connect(port: server.port, nick: "member")
            try await member.join("#harness")
            try await member.waitForMember("coursebot", in: "#harness")
            // The I/O thread is named after its network, within Linux's 15 bytes; the database's
            // threads say what they are too. Read a few times: under load a freshly started
            // thread may not carry its name yet.
            var names: [String] = []
            for _ in 0..<30 {
                let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(agent.child.pid)/task")
                names = threads.compactMap {
                    try? String(contentsOfFile: "/proc/\(agent.child.pid)/task/\($0)/comm", encoding: .utf8)
                }
                if Set(["irc-io-local\n", "sqlite\n", "sqlite-ckpt\n"]).isSubset(of: names) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(names.contains("irc-io-local\n"), "\(names) \(agent.log.suffix(3000))")
            #expect(names.contains("sqlite\n") && names.contains("sqlite-ckpt\n"), "\(names)")
            for _ in 0..<60 { member.say("coursebot", "!ping") }
            _ = try await member.reply(from: "coursebot", in: "member", seconds: 15)
            let (status, elapsed) = try await Self.terminate(agent, within: 15)
            #expect(elapsed < .seconds(8))
            #expect(status == 0, "\(agent.log.suffix(800))")
            #expect(agent.log.contains("lines not delivered: shutdown deadline reached"))
            let quit = try await member.waitFor(seconds: 5) {
                $0.command == .quit && $0.source?.hasPrefix("coursebot!") == true
            }
            #expect(quit.parameters.last?.contains("see you soon") == true)
            member.close()
        }
    }

    @Test func aPlainCopyOfTheDatabaseAfterAGracefulStopHoldsEveryRowAndBackupWorksWhileRunning() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = directory.appendingPathComponent("agent.json5")
        let text = """
            { storage: { path: "\(directory.path)/agent.sqlite" }, catalog: "\(Self.sampleCatalog)",
              networks: [ { name: "local", host: "127.0.0.1", port: 1, reconnect_min_seconds: 30 } ] }
            """
        try text.write(to: configuration, atomically: false, encoding: .utf8)
        let agent = try AgentProcess(configuration: text, directory: directory)
        try await Self.waitForLog(agent, "agent started")
        for account in ["alice", "bob", "carol"] {
            let (status, output) = try await Self.runTool(
                ["subscriptions", "grant", account, "rust-intro", "--days", "30", "--config", configuration.path],
                in: directory)
            #expect(status == 0, "\(output)")
        }
        let (backupStatus, backupOutput) = try await Self.runTool(
            ["backup", "\(directory.path)/backup.sqlite", "--config", configuration.path], in: directory)
        #expect(backupStatus == 0, "\(backupOutput)")
        #expect(try await Self.subscriptionCount(at: "\(directory.path)/backup.sqlite") == 3)

        let (status, _) = try await Self.terminate(agent, within: 10)
        #expect(status == 0, "\(agent.log.suffix(800))")
        // The operator's most natural backup: copy the one file, nothing else.
        let copy = directory.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: "\(directory.path)/agent.sqlite", toPath: copy.appendingPathComponent("agent.sqlite").path)
        #expect(try await Self.subscriptionCount(at: copy.appendingPathComponent("agent.sqlite").path) == 3)
    }

    static func subscriptionCount(at path: String) async throws -> Int {
        let database = try Database(path: path)
        let count = try await database.first("SELECT COUNT(*) AS n FROM subscription")?.int("n") ?? -1
        try await database.close()
        return count
    }
}
