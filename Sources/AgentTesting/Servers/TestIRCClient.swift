import Foundation
public import Gateways
public import IRC
import Synchronization

/// A plain IRC client for tests: plays a member (or an operator) talking to the agent through
/// a real server. Answers PING by itself and keeps every message it receives.
public final class TestIRCClient: Sendable {
    /// Nothing expected arrived in time.
    public struct Timeout: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    private let connection: LineConnection
    private let received = Inbox()
    private let cursor = Mutex(0)
    /// The nick the client registered with.
    public let nick: String

    private init(connection: LineConnection, nick: String) {
        self.connection = connection
        self.nick = nick
        let lines = connection.lines
        let received = self.received
        Task { [connection] in
            for await batch in lines {
                for bytes in batch {
                    guard let message = try? Message(bytes: bytes) else { continue }
                    if message.command == .ping {
                        connection.send(Array("PONG :\(message.parameters.last ?? "")\r\n".utf8))
                    }
                    received.withLock { $0.append(message) }
                }
                connection.consumed(batch.count)
            }
        }
    }

    /// Connects to 127.0.0.1:`port` and registers as `nick` (with SASL PLAIN when `sasl` is
    /// given, and the listed capabilities); returns after 001.
    public static func connect(
        port: Int, nick: String, sasl: (account: String, password: String)? = nil,
        capabilities: [String] = [], tls: TLSOptions? = nil
    ) async throws -> TestIRCClient {
        let connection = try await LineConnection.connect(
            to: .init(host: "127.0.0.1", port: port, tls: tls, connectTimeout: 10))
        let client = TestIRCClient(connection: connection, nick: nick)
        var wanted = capabilities
        if sasl != nil { wanted.append("sasl") }
        if !wanted.isEmpty {
            client.send("CAP LS 302")
            client.send("CAP REQ :\(wanted.joined(separator: " "))")
        }
        client.send("NICK \(nick)")
        client.send("USER \(nick) 0 * :Test client \(nick)")
        if let sasl {
            _ = try await client.waitFor(seconds: 10) {
                $0.command == .cap && $0.parameters.dropFirst().first == "ACK"
            }
            client.send("AUTHENTICATE PLAIN")
            _ = try await client.waitFor(seconds: 10) { $0.command == .authenticate }
            let payload = Data("\(sasl.account)\0\(sasl.account)\0\(sasl.password)".utf8).base64EncodedString()
            client.send("AUTHENTICATE \(payload)")
            _ = try await client.waitFor(seconds: 10) {
                [.numeric(.RPL_SASLSUCCESS), .numeric(.ERR_SASLFAIL)].contains($0.command)
            }
        }
        if !wanted.isEmpty { client.send("CAP END") }
        _ = try await client.waitFor(seconds: 15) { $0.command == .numeric(.RPL_WELCOME) }
        return client
    }

    /// The capabilities a fresh connection is offered (`CAP LS 302`), then disconnects.
    public static func capabilities(port: Int) async throws -> [String] {
        let connection = try await LineConnection.connect(to: .init(host: "127.0.0.1", port: port, connectTimeout: 2))
        let client = TestIRCClient(connection: connection, nick: "probe")
        defer { client.close() }
        client.send("CAP LS 302")
        let reply = try await client.waitFor(seconds: 2) {
            $0.command == .cap && $0.parameters.count >= 3 && $0.parameters[1] == "LS"
        }
        return (reply.parameters.last ?? "").split(separator: " ").map(String.init)
    }

    /// Sends one raw line (CRLF added).
    public func send(_ line: String) {
        connection.send(Array(line.utf8) + [0x0D, 0x0A])
    }

    /// Joins a channel and waits until the server confirms it.
    public func join(_ channel: String) async throws {
        send("JOIN \(channel)")
        _ = try await waitFor(seconds: 10) {
            $0.command == .numeric(.RPL_ENDOFNAMES) && $0.parameters.dropFirst().first == channel
        }
    }

    /// Waits until `nick` is in `channel` (seen in the NAMES reply at our join, or joining later).
    public func waitForMember(_ nick: String, in channel: String, seconds: Double = 20) async throws {
        let mapping = caseMapping
        let inNames = messages.contains { message in
            message.command == .numeric(.RPL_NAMREPLY) && message.parameters.count >= 4
                && mapping.equal(message.parameters[2], channel)
                && message.parameters[3].split(separator: " ").contains {
                    mapping.equal(String($0.drop { "~&@%+".contains($0) }), nick)
                }
        }
        if inNames { return }
        try await waitFor(seconds: seconds) {
            $0.command == .join && mapping.equal($0.parsedSource?.nick ?? "", nick)
        }
    }

    /// Says `text` in a channel or to a nick.
    public func say(_ target: String, _ text: String) {
        send("PRIVMSG \(target) :\(text)")
    }

    /// Marks everything received so far as seen: `waitFor` only looks at later messages.
    public func skipReceived() {
        let count = received.withLock { $0.count }
        cursor.withLock { $0 = count }
    }

    /// Waits for the first unseen message matching `predicate`, marks it and everything
    /// before it as seen, and returns it.
    @discardableResult
    public func waitFor(seconds: Double, _ predicate: @Sendable (Message) -> Bool) async throws -> Message {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let start = cursor.withLock { $0 }
            let found = received.withLock { messages -> (Int, Message)? in
                guard start < messages.count else { return nil }
                for index in start..<messages.count where predicate(messages[index]) { return (index, messages[index]) }
                return nil
            }
            if let (index, message) = found {
                cursor.withLock { $0 = index + 1 }
                return message
            }
            if connection.closeReason != nil, found == nil {
                let after = received.withLock { $0.count }
                if after == start {
                    throw Timeout(description: "\(nick): connection closed (\(connection.closeReason ?? ""))")
                }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let recent = received.withLock { $0.suffix(10).map(\.description) }
        throw Timeout(description: "\(nick): nothing matched within \(seconds) s; last lines: \(recent)")
    }

    /// Waits for a PRIVMSG from `sender` to `target` (a channel, or our nick) and returns its text.
    public func reply(from sender: String, in target: String, seconds: Double = 10) async throws -> String {
        let mapping = caseMapping
        let message = try await waitFor(seconds: seconds) { message in
            message.command == .privmsg && mapping.equal(message.parsedSource?.nick ?? "", sender)
                && mapping.equal(message.parameters.first ?? "", target)
        }
        return message.parameters.last ?? ""
    }

    /// The server's CASEMAPPING as announced at registration (rfc1459 until then).
    public var caseMapping: CaseMapping {
        var support = ISupport()
        for message in messages where message.command == .numeric(.RPL_ISUPPORT) { support.apply(message) }
        return support.caseMapping
    }

    /// Every message received so far.
    public var messages: [Message] { received.withLock { $0 } }

    /// Closes the connection (with QUIT).
    public func close() {
        send("QUIT :bye")
        connection.close(flushTimeout: 0.5)
    }
}

/// Messages a test client has received, shared with its reading task.
final class Inbox: Sendable {
    private let storage = Mutex<[Message]>([])

    func withLock<T>(_ body: (inout [Message]) -> T) -> T { storage.withLock { body(&$0) } }
}
