import AgentCore
import AgentTesting
import Foundation
import IRC

/// Time from starting the `community-agent` process to the agent's JOIN seen by a member, on a
/// local InspIRCd with Atheme (SASL on). InspIRCd's registration tick adds about one second.
enum ConnectBenchmark {
    static func run() async throws {
        try await InspIRCdServer.with { server in try await measure(server) }
    }

    private static func measure(_ server: InspIRCdServer) async throws {
        let member = try await TestIRCClient.connect(port: server.port, nick: "watcher")
        try await member.join("#bench")
        var timings: [Double] = []
        for round in 1...5 {
            member.skipReceived()
            let configuration = """
                { storage: { path: "\(server.directory.path)/bench-\(round).sqlite" }, log_level: "warning",
                  networks: [ { name: "local", host: "127.0.0.1", port: \(server.port), nick: "benchbot",
                                sasl: { account: "botacct", password_env: "BENCH_PW" }, channels: ["#bench"] } ] }
                """
            let start = ContinuousClock.now
            let agent = try AgentProcess(
                configuration: configuration, directory: server.directory, environment: ["BENCH_PW": "botacct-pw"])
            _ = try await member.waitFor(seconds: 30) { $0.command == .join && $0.parsedSource?.nick == "benchbot" }
            let elapsed = ContinuousClock.now - start
            timings.append(elapsed.inSeconds)
            await agent.child.stop()
            _ = try await member.waitFor(seconds: 10) { $0.command == .quit && $0.parsedSource?.nick == "benchbot" }
        }
        let sorted = timings.sorted()
        print(
            String(
                format: "connect: process start → JOIN seen by a member, 5 runs: min %.3f s, median %.3f s, max %.3f s",
                sorted.first ?? 0, sorted[sorted.count / 2], sorted.last ?? 0))
        member.close()
    }
}
