import AgentTesting
import Foundation
import Synchronization
import Testing

/// An in-process IRC "server" for what a real one cannot be made to do: stop answering, split
/// lines across reads, send over-long lines or garbage. Loopback only; one client at a time.
final class FakeIRCServer: Sendable {
    let port: Int
    private let listener: Int32
    private let state = Mutex<(client: Int32, accepted: Int, lines: [String])>((client: -1, accepted: 0, lines: []))
    /// Replies to registration with 001 when true.
    private let welcome: Bool
    /// Kills the client right after welcoming it, as a server that bans on sight does.
    private let killAfterWelcome: Bool

    init(welcome: Bool = true, killAfterWelcome: Bool = false) throws {
        self.welcome = welcome
        self.killAfterWelcome = killAfterWelcome
        let (listener, port) = try #require(Peers.bindLoopback(listening: true))
        self.listener = listener
        self.port = port
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    /// Connections accepted so far.
    var accepted: Int { state.withLock { $0.accepted } }
    /// Lines received from clients so far.
    var lines: [String] { state.withLock { $0.lines } }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            state.withLock { state in
                if state.client >= 0 { close(state.client) }
                state.client = client
                state.accepted += 1
            }
            let thread = Thread { [self] in self.readLoop(client) }
            thread.start()
        }
    }

    private func readLoop(_ client: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var pending: [UInt8] = []
        while true {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline].filter { $0 != 0x0D }, as: UTF8.self)
                pending.removeSubrange(...newline)
                state.withLock { $0.lines.append(line) }
                if welcome, line.hasPrefix("USER ") {
                    send(":fake.test 001 agent :Welcome\r\n:fake.test 376 agent :End of MOTD\r\n")
                    if killAfterWelcome {
                        send("ERROR :Closing link: (agent@127.0.0.1) [Killed (oper (go away))]\r\n")
                        shutdown(client, Int32(SHUT_RDWR))
                    }
                }
                if line.hasPrefix("CAP LS") { send(":fake.test CAP * LS :\r\n") }
            }
        }
    }

    /// Writes raw bytes to the connected client.
    func send(_ bytes: [UInt8]) {
        let client = state.withLock { $0.client }
        guard client >= 0 else { return }
        _ = bytes.withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Closes the listener and the client.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        state.withLock { state in
            if state.client >= 0 {
                shutdown(state.client, Int32(SHUT_RDWR))
                close(state.client)
            }
            state.client = -1
        }
    }

    /// Waits until `condition` holds.
    func waitUntil(seconds: Double = 10, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("condition not met within \(seconds) s; lines: \(lines.suffix(5))")
    }
}
