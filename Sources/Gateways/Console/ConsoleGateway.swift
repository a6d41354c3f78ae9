public import AgentCore
public import Foundation
import Synchronization

/// A gateway for trying the agent locally: each input line is said in `#console` by the
/// current speaker, and the agent's replies are printed.
///
/// Lines starting with `/` control the console: `/as <account>` (or `/as -` for no account),
/// `/nick <nick>`, `/msg <text>` (a private message to the agent), `/me <text>`, `/help`,
/// `/quit`. Works with a pipe as input, so it can be scripted; `run` returns at end of input.
public final class ConsoleGateway: Gateway {
    public let network: String
    /// The channel lines are said in.
    public let channel = "#console"
    private let input: Int32
    /// The language of the console's own lines.
    private let language: Language
    private let output: FileHandle
    private let state: Mutex<(nick: String, account: String?, stop: AsyncStream<[UInt8]>.Continuation?)>

    /// Creates a console reading `input` and writing to `output`, starting as `nick` with `account`.
    public init(
        network: String = "console", input: Int32 = 0, output: FileHandle = .standardOutput,
        nick: String = "you", account: String? = "you", language: Language = .en
    ) {
        self.language = language
        self.network = network
        self.input = input
        self.output = output
        self.state = Mutex((nick: nick, account: account, stop: nil))
    }

    public func run(_ handler: @escaping ChatEventHandler) async {
        let lines = FileLineReader.lines(from: input)
        let (merged, continuation) = AsyncStream<[UInt8]>.makeStream()
        state.withLock { $0.stop = continuation }
        let pump = Task {
            for await line in lines { continuation.yield(line) }
            continuation.finish()
        }
        defer { pump.cancel() }
        await handler(.connected(network: network, nick: "agent"))
        write(say("console.welcome"))
        for await bytes in merged {
            switch interpret(String(decoding: bytes, as: UTF8.self)) {
            case .event(let event): await handler(event)
            case .nothing: continue
            case .quit: return
            }
        }
    }

    /// What one input line asks for.
    private enum Input {
        case event(ChatEvent)
        case nothing
        case quit
    }

    /// One of the console's own lines in its language.
    private func say(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        Self.messages.text(key, arguments, in: language)
    }

    /// The console's own lines, in English and Chinese.
    public static let messages = MessageCatalog([
        "console.welcome": [
            .en: "Community Agent console — type !help, or /help for console commands.",
            .zh: "Community Agent 控制台 —— 输入 !help 查看命令，输入 /help 查看控制台命令。",
        ],
        "console.asUsage": [
            .en: "* usage: /as <account> to act as someone identified with that account, /as - for no account",
            .zh: "* 用法：/as <账号> 以该账号的身份发言，/as - 以未登录的身份发言",
        ],
        "console.asOneWord": [
            .en: "* an account is one word without spaces; usage: /as <account>", .zh: "* 账号不能包含空格；用法：/as <账号>",
        ],
        "console.identified": [.en: "* you are now identified as {account}", .zh: "* 你现在以 {account} 的身份登录"],
        "console.notIdentified": [.en: "* you are now not identified", .zh: "* 你现在是未登录状态"],
        "console.nickUsage": [.en: "* usage: /nick <nick> (one word without spaces)", .zh: "* 用法：/nick <昵称>（不能包含空格）"],
        "console.nick": [.en: "* your nick is now {nick}", .zh: "* 你的昵称已改为 {nick}"],
        "console.help": [
            .en: "* console commands: /as <account> | /as - | /nick <nick> | /msg <text> | /me <text> | /quit",
            .zh: "* 控制台命令：/as <账号> | /as - | /nick <昵称> | /msg <内容> | /me <内容> | /quit",
        ],
    ])

    /// Handles console commands itself; everything else becomes a chat event. Each line is
    /// read only after the previous one was fully answered (`handlesEventsOneByOne`), so the
    /// console's own lines appear in input order.
    private func interpret(_ line: String) -> Input {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .nothing }
        let (nick, account) = state.withLock { ($0.nick, $0.account) }
        let speaker = Speaker(network: network, nick: nick, account: account, userHost: "console@localhost")
        guard trimmed.hasPrefix("/") else {
            return .event(.message(from: speaker, in: .channel(channel, on: network), text: trimmed, time: Date()))
        }
        let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        let isOneWord = !argument.isEmpty && !argument.contains(where: \.isWhitespace)
        switch parts[0].lowercased() {
        case "/as" where argument.isEmpty:
            write(say("console.asUsage"))
        case "/as" where !isOneWord:
            write(say("console.asOneWord"))
        case "/as":
            let newAccount = argument == "-" ? nil : argument
            state.withLock { $0.account = newAccount }
            write(newAccount.map { say("console.identified", ["account": .text($0)]) } ?? say("console.notIdentified"))
        case "/nick" where !isOneWord:
            write(say("console.nickUsage"))
        case "/nick":
            state.withLock { $0.nick = argument }
            write(say("console.nick", ["nick": .text(argument)]))
            return .event(.renamed(speaker, to: argument))
        case "/msg" where !argument.isEmpty:
            return .event(
                .message(from: speaker, in: .privateChat(with: nick, on: network), text: argument, time: Date()))
        case "/me" where !argument.isEmpty:
            return .event(.action(from: speaker, in: .channel(channel, on: network), text: argument))
        case "/quit":
            return .quit
        default:
            write(say("console.help"))
        }
        return .nothing
    }

    /// The console knows its one user: the account they act as, when `nick` is theirs.
    public func lookUp(nick: String) async -> NickLookup {
        let (current, account) = state.withLock { ($0.nick, $0.account) }
        guard nick.lowercased() == current.lowercased() else { return .unknown }
        return account.map { .identified(account: $0) } ?? .notIdentified
    }

    /// The console serves one local user: each line is answered before the next is read.
    public var handlesEventsOneByOne: Bool { true }

    public func perform(_ request: GatewayRequest) async {
        switch request {
        case .say(let conversation, let text), .reply(let conversation, let text, _):
            for line in Self.lines(text) {
                write(conversation.isPrivate ? "[private] <agent> \(line)" : "<agent> \(line)")
            }
        case .notice(let conversation, let text):
            for line in Self.lines(text) { write("-agent- \(conversation.isPrivate ? "[private] " : "")\(line)") }
        case .action(_, let text):
            write("* agent \(text)")
        case .mode(let channel, let modes, let arguments):
            write("* agent sets mode \(modes) \(arguments.joined(separator: " ")) on \(channel)")
        case .ban(let channel, let mask):
            write("* agent bans \(mask) from \(channel)")
        case .kick(let channel, let nick, let reason):
            write("* agent kicks \(nick) from \(channel) (\(reason))")
        case .invite(let nick, let channel):
            write("* agent invites \(nick) to \(channel)")
        case .topic(let channel, let text):
            write("* agent sets the topic of \(channel) to: \(text)")
        }
    }

    public func shutdown(message: String, within seconds: Double) async {
        state.withLock { $0.stop?.finish() }
    }

    private static func lines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            .map { String($0).replacingOccurrences(of: "\0", with: "") }
    }

    private func write(_ line: String) {
        output.write(Data((line + "\n").utf8))
    }
}
