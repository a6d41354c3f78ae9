import AgentCore
import AgentTesting
import Foundation
import Gateways
import Synchronization

/// Lines per second the IRC gateway receives, parses and turns into events from a local socket.
///
/// A loopback sender registers the gateway with a minimal handshake, then writes N channel
/// messages as fast as the socket takes them; the clock runs from the first byte written to
/// the N-th event delivered.
enum ReceiveBenchmark {
    static func run() async throws {
        let count = 500_000
        let sender = try LoopbackSender()
        var configuration = NetworkConfiguration(name: "bench", kind: .irc)
        configuration.host = "127.0.0.1"
        configuration.port = sender.port
        configuration.nick = "agent"
        configuration.pingInterval = 3600
        let gateway = IRCGateway(
            configuration: configuration, log: Logger(label: "bench", level: .warning, sink: StandardErrorLogSink()))
        let counter = EventCounter()
        let runner = Task { await gateway.run { event in counter.record(event) } }
        try await sender.awaitRegistration()
        while counter.connected == 0 { try await Task.sleep(for: .milliseconds(5)) }

        let line = Array(
            "@time=2026-11-25T10:00:00.000Z;account=alice;msgid=abc :alice!~alice@user/alice PRIVMSG #community :has anyone taken the concurrency course?\r\n"
                .utf8)
        let start = ContinuousClock.now
        let writer = Thread { sender.blast(line, times: count) }
        writer.start()
        while counter.messages < count { try await Task.sleep(for: .milliseconds(2)) }
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.inSeconds
        print(
            String(
                format:
                    "receive: %d lines (%d bytes each) in %.3f s = %.0f lines/s through socket, parser, session and event delivery",
                count, line.count, seconds, Double(count) / seconds))
        await gateway.shutdown(message: "bench over", within: 2)
        sender.close()
        runner.cancel()
    }

    final class EventCounter: Sendable {
        private let counts = Mutex((connected: 0, messages: 0))
        func record(_ event: ChatEvent) {
            counts.withLock { counts in
                switch event {
                case .connected: counts.connected += 1
                case .message: counts.messages += 1
                default: break
                }
            }
        }
        var connected: Int { counts.withLock { $0.connected } }
        var messages: Int { counts.withLock { $0.messages } }
    }
}

/// Binding the loopback listener failed.
struct CannotListen: Error {}

/// A one-client loopback server that answers registration and then sends what it is told.
final class LoopbackSender: @unchecked Sendable {
    // `client` is written once by awaitRegistration before blast/close use it.
    let port: Int
    private let listener: Int32
    private var client: Int32 = -1

    init() throws {
        guard let (listener, port) = Peers.bindLoopback(listening: true, backlog: 1) else {
            throw CannotListen()
        }
        self.listener = listener
        self.port = port
    }

    func awaitRegistration() async throws {
        let fd = listener
        let accepted = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let thread = Thread { continuation.resume(returning: accept(fd, nil, nil)) }
            thread.start()
        }
        client = accepted
        let welcome =
            ":bench.test CAP * LS :message-tags server-time account-tag\r\n:bench.test CAP * ACK :message-tags server-time account-tag\r\n:bench.test 001 agent :Welcome\r\n:bench.test 005 agent CHANTYPES=# :are supported\r\n:agent!agent@127.0.0.1 JOIN #community\r\n"
        _ = welcome.withCString { send(accepted, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while recv(accepted, &buffer, buffer.count, 0) > 0 {}
        }
        reader.start()
    }

    func blast(_ line: [UInt8], times: Int) {
        let batch = Array([[UInt8]](repeating: line, count: 1000).joined())
        var remaining = times
        while remaining > 0 {
            let chunk = remaining >= 1000 ? batch : Array([[UInt8]](repeating: line, count: remaining).joined())
            var offset = 0
            while offset < chunk.count {
                let written = chunk.withUnsafeBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return send(client, base + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 { return }
                offset += written
            }
            remaining -= min(remaining, 1000)
        }
    }

    func close() {
        shutdown(client, Int32(SHUT_RDWR))
        Glibc.close(client)
        Glibc.close(listener)
    }
}
