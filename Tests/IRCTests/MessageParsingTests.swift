import IRC
import Testing

@Suite("Message parsing")
struct MessageParsingTests {
    @Test func privmsgWithSourceAndTrailing() throws {
        let message = try Message(":nick!user@host PRIVMSG #chan :hello there: world\r\n")
        #expect(message.source == "nick!user@host")
        #expect(message.command == .privmsg)
        #expect(message.parameters == ["#chan", "hello there: world"])
        #expect(message.tags.isEmpty)
    }

    @Test func bareLineFeedEnding() throws {
        let message = try Message("PING :irc.example.org\n")
        #expect(message.command == .ping)
        #expect(message.parameters == ["irc.example.org"])
    }

    @Test func emptyTrailingParameter() throws {
        let message = try Message(":irc.example.org CAP * LS :")
        #expect(message.parameters == ["*", "LS", ""])
    }

    @Test func multipleSpacesBetweenParameters() throws {
        let message = try Message(":src   MODE   #chan    +o    nick  ")
        #expect(message.source == "src")
        #expect(message.parameters == ["#chan", "+o", "nick"])
    }

    @Test func trailingWithLeadingColonKeepsRest() throws {
        let message = try Message("PRIVMSG #c ::-) smile")
        #expect(message.parameters == ["#c", ":-) smile"])
    }

    @Test func numericCommand() throws {
        let message = try Message(":irc.test 001 agent :Welcome to the network agent!a@b")
        #expect(message.command == .numeric(.RPL_WELCOME))
        #expect(message.command == .numeric(.RPL_WELCOME))
        #expect(message.command.numeric?.code == 1)
        #expect(message.parsedSource?.isServer == true)
    }

    @Test func lowercaseCommandIsUppercased() throws {
        #expect(try Message("privmsg #a :x").command == .privmsg)
    }

    @Test func fifteenthParameterTakesTheRest() throws {
        let middles = (1...14).map { "p\($0)" }.joined(separator: " ")
        let message = try Message("CMD \(middles) last part with spaces")
        #expect(message.parameters.count == 15)
        #expect(message.parameters[14] == "last part with spaces")
    }

    @Test func noParameters() throws {
        let message = try Message("QUIT")
        #expect(message.parameters.isEmpty)
        #expect(message.source == nil)
    }

    @Test(arguments: [
        ("", MessageError.Kind.empty),
        ("   \r\n", .empty),
        (":source-only", .missingCommand),
        ("@a=b", .missingCommand),
        (": PRIVMSG #a :x", .invalidSource),
        ("PRIV-MSG #a :x", .invalidCommand),
        ("0001 x", .invalidCommand),
        ("12 x", .invalidCommand),
        ("@=v PRIVMSG #a :x", .invalidTagKey),
        ("PRIVMSG #a :x\u{0}y", .forbiddenCharacter),
        ("PRIVMSG #a :x\ry", .forbiddenCharacter),
        ("PRIVMSG #a :x\ny\n", .forbiddenCharacter),
    ])
    func malformedLinesThrowClearErrors(line: String, kind: MessageError.Kind) {
        #expect {
            try Message(line)
        } throws: { error in
            (error as? MessageError)?.kind == kind
        }
    }

    @Test func errorDetailIsSingleLine() {
        do {
            _ = try Message("PRIVMSG #a :x\ry")
            Issue.record("expected a throw")
        } catch let error as MessageError {
            #expect(!error.description.contains("\r"))
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func bytesThatAreUTF8() throws {
        let message = try Message(bytes: Array("PRIVMSG #a :héllo 你好\r\n".utf8))
        #expect(message.parameters[1] == "héllo 你好")
    }

    @Test func bytesThatAreNotUTF8FallBackToLatin1() throws {
        var bytes = Array("PRIVMSG #a :caf".utf8)
        bytes.append(0xE9)  // é in Latin-1, invalid alone in UTF-8
        bytes += Array(" ok".utf8)
        let message = try Message(bytes: bytes)
        #expect(message.parameters[1] == "café ok")
    }

    @Test func randomGarbageBytesNeverCrash() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<5_000 {
            let count = Int.random(in: 0..<80, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? Message(bytes: bytes)
        }
    }

    @Test func nonContiguousCollection() throws {
        let bytes = "PING :x".utf8.reversed().reversed()
        #expect(try Message(bytes: bytes).parameters == ["x"])
    }

    @Test func sourceParts() {
        let source = Source(raw: "nick!~user@host.example")
        #expect(source.nick == "nick")
        #expect(source.user == "~user")
        #expect(source.host == "host.example")
        #expect(source.description == "nick!~user@host.example")
        #expect(!source.isServer)
        #expect(Source(raw: "nick@host").user == nil)
        #expect(Source(raw: "nick@host").host == "host")
    }
}

@Suite("UTF-8 handling of raw bytes")
struct UTF8BytesTests {
    @Test(arguments: [
        [0xC0, 0xAF] as [UInt8],  // overlong '/'
        [0xE0, 0x80, 0xAF],  // overlong
        [0xED, 0xA0, 0x80],  // surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xE4, 0xBD],  // truncated
        [0xFF],
        [0x80],
    ])
    func invalidSequencesFallBackToLatin1(sequence: [UInt8]) throws {
        let message = try Message(bytes: Array("PRIVMSG #a :x".utf8) + sequence)
        let expected = "x" + String(String.UnicodeScalarView(sequence.map { Unicode.Scalar($0) }))
        #expect(message.parameters[1] == expected)
    }

    @Test(arguments: ["é", "中文", "😀", "\u{10FFFF}", "\u{FFFD}", "a\u{301}"])
    func validSequencesAreKept(text: String) throws {
        #expect(try Message(bytes: Array("PRIVMSG #a :\(text)".utf8)).parameters[1] == text)
    }
}
