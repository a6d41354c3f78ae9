import IRC
import Testing

@Suite("Outgoing text splitting")
struct LineSplitterTests {
    let splitter = LineSplitter(prefixLength: LineSplitter.assumedPrefixLength(nick: "agent"))

    /// Every message must fit 512 bytes with the prefix and CRLF, and serialize.
    func assertFits(_ messages: [Message], prefixLength: Int) throws {
        for message in messages {
            let line = try message.serialized()
            #expect(prefixLength + line.utf8.count + 2 <= 512, "\(line.utf8.count) bytes")
        }
    }

    @Test func shortTextIsOneMessage() throws {
        let messages = splitter.messages(.privmsg, target: "#c", text: "hello")
        #expect(messages == [Message(command: .privmsg, parameters: ["#c", "hello"])])
    }

    @Test func longLatinTextSplitsAtSpaces() throws {
        let words = (0..<200).map { "word\($0)" }
        let text = words.joined(separator: " ")
        let messages = splitter.messages(.privmsg, target: "#community", text: text)
        #expect(messages.count > 1)
        try assertFits(messages, prefixLength: splitter.prefixLength)
        let rejoined = messages.map { $0.parameters[1] }.joined(separator: " ")
        #expect(rejoined == text)
        for message in messages {
            #expect(!message.parameters[1].hasPrefix(" ") && !message.parameters[1].hasSuffix(" "))
        }
    }

    @Test func cjkWithoutSpacesNeverCutsASequence() throws {
        let text = String(repeating: "中文课程介绍", count: 120)
        let messages = splitter.messages(.notice, target: "alice", text: text)
        #expect(messages.count > 1)
        try assertFits(messages, prefixLength: splitter.prefixLength)
        #expect(messages.map { $0.parameters[1] }.joined() == text)
    }

    @Test func emojiGraphemeClustersStayWhole() throws {
        let family = "👨‍👩‍👧‍👦"
        let text = String(repeating: family, count: 60)
        let pieces = splitter.pieces(of: text, budget: 100)
        for piece in pieces {
            #expect(piece.utf8.count <= 100)
            #expect(piece.allSatisfy { $0 == Character(family) })
        }
        #expect(pieces.joined() == text)
    }

    @Test func oversizedSingleClusterFallsBackToScalars() {
        let zalgo = "a" + String(repeating: "\u{0301}", count: 100)
        let pieces = splitter.pieces(of: zalgo, budget: 20)
        #expect(pieces.allSatisfy { $0.utf8.count <= 20 })
        #expect(pieces.joined() == zalgo)
    }

    @Test func newlinesStartNewMessagesAndEmptyLinesVanish() {
        let pieces = splitter.pieces(of: "one\ntwo\r\nthree\r\n\n   \nfour\rfive", budget: 100)
        #expect(pieces == ["one", "two", "three", "four", "five"])
    }

    @Test func nulIsRemoved() throws {
        let messages = splitter.messages(.privmsg, target: "#c", text: "a\0b")
        #expect(messages.map { $0.parameters[1] } == ["ab"])
    }

    @Test func actionsAreWrappedAndFit() throws {
        let text = String(repeating: "dance ", count: 150)
        let messages = splitter.messages(.privmsg, target: "#c", text: text, action: true)
        #expect(messages.count > 1)
        try assertFits(messages, prefixLength: splitter.prefixLength)
        for message in messages {
            #expect(CTCP(unwrapping: message.parameters[1])?.command == CTCP.action)
        }
    }

    @Test func exactPrefixLength() {
        #expect(LineSplitter.prefixLength(nick: "n", user: "u", host: "h") == ":n!u@h ".utf8.count)
        let exact = LineSplitter(prefixLength: 20)
        #expect(exact.budget(command: .privmsg, target: "#c") == 512 - 2 - 20 - "PRIVMSG #c :".utf8.count)
    }

    @Test func randomTextAlwaysFitsAndLosesNothing() throws {
        var generator = SeededGenerator(seed: 99)
        let alphabet: [Character] = ["a", "b", " ", "é", "中", "🙂", "👍🏽", "-", "\u{0301}"]
        for _ in 0..<300 {
            let text = String(
                (0..<Int.random(in: 1...1500, using: &generator)).map { _ in alphabet.randomElement(using: &generator)!
                })
            let messages = splitter.messages(.privmsg, target: "#c", text: text)
            try assertFits(messages, prefixLength: splitter.prefixLength)
            let kept = messages.map { $0.parameters[1] }.joined().filter { $0 != " " }
            #expect(kept == text.filter { $0 != " " })
        }
    }
}
