import AgentCore
import AgentTesting
import Foundation
import Gateways
import Synchronization
import Testing

/// A server that sends far more than the agent handles: the agent stops reading instead of
/// buffering, and loses nothing.
@Suite("Backpressure from the socket to the handler")
struct BackpressureTests {
    final class Received: Sendable {
        let texts = Mutex<[String]>([])
        let gateOpen = Mutex(false)
    }

    @Test func aFloodOf100000LinesWaitsInTheServerNotInOurMemory() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        var configuration = networkConfiguration(port: server.port, nick: "agent", channels: [])
        configuration.pingInterval = 600
        let gateway = IRCGateway(
            configuration: configuration, log: Logger(label: "t", level: .error, sink: CapturingLogSink()))
        let received = Received()
        let running = Task {
            await gateway.run { event in
                guard case .message(_, _, let text, _) = event else { return }
                // The agent is stuck until the gate opens: everything the server sends must wait.
                while !received.gateOpen.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
                received.texts.withLock { $0.append(text) }
            }
        }
        try await server.waitUntil { server.accepted == 1 && server.lines.contains { $0.hasPrefix("USER") } }
        try await Task.sleep(for: .milliseconds(200))
        let total = 100_000
        let writer = Thread {
            for chunk in stride(from: 0, to: total, by: 1000) {
                let text = (chunk..<(chunk + 1000)).map { ":alice!a@h PRIVMSG #flood :message \($0)\r\n" }.joined()
                server.send(text)
            }
        }
        writer.start()
        // Give the server time to fill every buffer it can while the agent is stuck.
        try await Task.sleep(for: .seconds(2))
        let stuckBacklog = await gateway.highestReceiveBacklog
        // The limit (4,096) plus at most one 64 KB read's worth of lines.
        #expect(stuckBacklog <= 4096 + 2048, "lines held in memory while stuck: \(stuckBacklog)")
        #expect(stuckBacklog >= 4096)
        #expect(received.texts.withLock { $0.count } == 0)
        received.gateOpen.withLock { $0 = true }
        let deadline = ContinuousClock.now + .seconds(60)
        while received.texts.withLock({ $0.count }) < total, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let texts = received.texts.withLock { $0 }
        #expect(texts.count == total)
        #expect(texts == (0..<total).map { "message \($0)" })
        #expect(await gateway.highestReceiveBacklog <= 4096 + 2048)
        await gateway.shutdown(message: "done", within: 1)
        _ = await running.value
    }
}
