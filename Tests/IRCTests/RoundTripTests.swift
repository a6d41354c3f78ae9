import IRC
import Testing

@Suite("Random round trips")
struct RoundTripTests {
    static let words = [
        "#chan", "nick", "hello", "ünïcödé", "你好", "a:b", "x", "+o", "*", "-", "[]\\^", "🙂", "long-word-here",
    ]
    static let tagKeys = ["a", "time", "account", "msgid", "+draft/reply", "example.com/key", "x-y"]
    static let tagChars: [Character] = ["a", "Z", "0", ";", " ", "\\", "\r", "\n", "=", ":", "é", "字"]

    @Test func serializeThenParseGivesTheSameMessage() throws {
        var generator = SeededGenerator(seed: 20261125)
        for _ in 0..<5_000 {
            let message = Self.randomMessage(using: &generator)
            let line = try message.serialized()
            #expect(!line.contains("\r") && !line.contains("\n") && !line.contains("\0"))
            let parsed = try Message(line)
            #expect(parsed == message, "line: \(line)")
            let fromBytes = try Message(bytes: Array((line + "\r\n").utf8))
            #expect(fromBytes == message)
        }
    }

    static func randomMessage(using generator: inout SeededGenerator) -> Message {
        var tags: [String: String] = [:]
        for _ in 0..<Int.random(in: 0...3, using: &generator) {
            let key = tagKeys.randomElement(using: &generator)!
            let length = Int.random(in: 0...6, using: &generator)
            tags[key] = String((0..<length).map { _ in tagChars.randomElement(using: &generator)! })
        }
        let source: String? =
            Bool.random(using: &generator) ? "n\(Int.random(in: 0...99, using: &generator))!u@h.example" : nil
        let command =
            Bool.random(using: &generator)
            ? ["PRIVMSG", "NOTICE", "JOIN", "MODE", "PING", "CAP"].randomElement(using: &generator)!
            : String(format3: Int.random(in: 1...999, using: &generator))
        var parameters: [String] = []
        let count = Int.random(in: 0...15, using: &generator)
        for index in 0..<count {
            if index == count - 1 {
                let pieces = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                    words.randomElement(using: &generator)!
                }
                var trailing = pieces.joined(separator: " ")
                if Bool.random(using: &generator) { trailing = ":" + trailing }
                parameters.append(trailing)
            } else {
                parameters.append(words.randomElement(using: &generator)!.replacingColonPrefix())
            }
        }
        return Message(tags: tags, source: source, command: IRCCommand(verb: command), parameters: parameters)
    }
}

extension String {
    init(format3 value: Int) {
        let digits = String(value)
        self = String(repeating: "0", count: 3 - digits.count) + digits
    }

    func replacingColonPrefix() -> String { hasPrefix(":") ? "c" + self : self }
}
