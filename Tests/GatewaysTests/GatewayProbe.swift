import AgentCore
import AgentTesting
import Foundation
import Gateways
import Synchronization

/// Runs an IRCGateway in the background and records its events.
final class GatewayProbe: Sendable {
    let gateway: IRCGateway
    let logs = CapturingLogSink()
    private let events = EventLog()
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    final class EventLog: Sendable {
        let storage = Mutex<[ChatEvent]>([])
    }

    init(_ configuration: NetworkConfiguration, memory: NetworkMemory? = nil) {
        let logs = self.logs
        gateway = IRCGateway(
            configuration: configuration, log: Logger(label: "irc.test", level: .debug, sink: logs), memory: memory)
        let gateway = self.gateway
        let events = self.events
        task.withLock {
            $0 = Task { await gateway.run { event in events.storage.withLock { $0.append(event) } } }
        }
    }

    /// A probe dropped without `stop()` (a failed test) still stops its gateway.
    deinit {
        task.withLock { $0?.cancel() }
    }

    var recorded: [ChatEvent] { events.storage.withLock { $0 } }

    /// Waits until an event matches; returns it.
    @discardableResult
    func waitFor(seconds: Double = 15, _ predicate: (ChatEvent) -> Bool) async throws -> ChatEvent {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let event = recorded.first(where: predicate) { return event }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestIRCClient.Timeout(
            description:
                "no matching event in \(seconds) s; events: \(recorded.suffix(10)); log: \(logs.entries.suffix(8).map { "\($0.message) \($0.metadata)" })"
        )
    }

    /// Counts events matching a predicate.
    func count(_ predicate: (ChatEvent) -> Bool) -> Int { recorded.filter(predicate).count }

    func stop() async {
        await gateway.shutdown(message: "test over", within: 2)
        let running = task.withLock { $0 }
        _ = await running?.value
    }
}

extension ChatEvent {
    var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }

    var isDisconnected: Bool {
        if case .disconnected = self { return true }
        return false
    }

    func isJoin(of nick: String, to channel: String) -> Bool {
        if case .joined(let speaker, let conversation) = self {
            return speaker.nick.lowercased() == nick.lowercased()
                && conversation.name.lowercased() == channel.lowercased()
        }
        return false
    }

    func isMessage(_ text: String) -> Bool {
        if case .message(_, _, let body, _) = self { return body == text }
        return false
    }
}

func networkConfiguration(
    port: Int, nick: String = "coursebot", channels: [String] = ["#harness"]
) -> NetworkConfiguration {
    var configuration = NetworkConfiguration(name: "local", kind: .irc)
    configuration.host = "127.0.0.1"
    configuration.port = port
    configuration.nick = nick
    configuration.channels = channels.map { .init(name: $0) }
    configuration.outboxBurst = 5
    configuration.outboxInterval = 0.05
    configuration.reconnectMinimum = 0.3
    configuration.reconnectMaximum = 2
    configuration.rejoinDelay = 0.5
    return configuration
}
