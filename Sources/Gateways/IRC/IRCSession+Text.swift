import AgentCore
import Foundation
import IRC

extension IRCSession {
    /// PRIVMSG and NOTICE: chat, actions and CTCP, in channels or privately.
    mutating func receiveText(_ message: Message) -> [SessionAction] {
        guard let source = message.parsedSource, message.parameters.count >= 2, !source.isServer || source.user != nil
        else { return [] }
        let target = message.parameters[0]
        let text = message.parameters[1]
        // Our own lines (a server or bouncer that echoes them anyway) are not events.
        if isOwnNick(source.nick) { return [] }
        let speaker = self.speaker(for: source, message: message)
        let statusStripped = target.drop { support.mode(forPrefix: $0) != nil }
        let conversation: Conversation =
            support.isChannel(String(statusStripped))
            ? .channel(String(statusStripped), on: settings.network)
            : .privateChat(with: source.nick, on: settings.network)
        let time = message.tag("time").flatMap(Self.parseServerTime)

        if let ctcp = CTCP(unwrapping: text) {
            if ctcp.command == CTCP.action {
                return [.emit(.action(from: speaker, in: conversation, text: ctcp.argument))]
            }
            guard message.command == .privmsg else { return [] }  // CTCP replies are not answered
            return ctcpReply(ctcp, to: source.nick).map { [$0] } ?? []
        }
        if message.command == .notice {
            return [.emit(.notice(from: speaker, in: conversation, text: text))]
        }
        return [.emit(.message(from: speaker, in: conversation, text: text, time: time))]
    }

    private func ctcpReply(_ request: CTCP, to nick: String) -> SessionAction? {
        let answer: String
        switch request.command {
        case CTCP.version: answer = settings.versionReply
        case CTCP.ping: answer = request.argument
        case CTCP.time: return .answerTime(to: nick)
        case CTCP.clientInfo: answer = CTCP.supportedCommands.joined(separator: " ")
        default: return nil
        }
        return Self.ctcpAnswer(request.command, answer, to: nick)
    }

    /// The NOTICE that answers a CTCP request.
    static func ctcpAnswer(_ command: String, _ answer: String, to nick: String) -> SessionAction {
        let reply = CTCP(command: command, argument: String(answer.prefix(300)))
        return .send(Message(command: .notice, parameters: [nick, reply.wrapped]), .normal, .session)
    }

    /// Reads IRCv3 server-time (`2026-11-25T10:00:00.123Z`). Every message carries one, so the
    /// form servers send (UTC, `Z`, optional fraction) is read directly; anything else goes to
    /// Foundation's ISO 8601 parser.
    static func parseServerTime(_ text: String) -> Date? {
        if let date = ServerTime.parseUTC(text) { return date }
        // With the offset: a style of only date and time fields would read "+02:00" as UTC.
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        return try? Date(text, strategy: .iso8601)
    }
}
