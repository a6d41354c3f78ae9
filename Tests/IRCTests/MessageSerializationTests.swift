import IRC
import Testing

@Suite("Message serialization")
struct MessageSerializationTests {
    @Test func colonOnlyWhenNeeded() throws {
        #expect(try Message(command: .nick, parameters: ["agent"]).serialized() == "NICK agent")
        #expect(
            try Message(command: .privmsg, parameters: ["#c", "hello world"]).serialized() == "PRIVMSG #c :hello world"
        )
        #expect(try Message(command: .privmsg, parameters: ["#c", ":)"]).serialized() == "PRIVMSG #c ::)")
        #expect(try Message(command: .cap, parameters: ["*", "LS", ""]).serialized() == "CAP * LS :")
        #expect(try Message(command: .quit).serialized() == "QUIT")
    }

    @Test func sourceIsWritten() throws {
        let message = Message(source: "a!b@c", command: .join, parameters: ["#c"])
        #expect(try message.serialized() == ":a!b@c JOIN #c")
    }

    @Test(arguments: ["a\rb", "a\nb", "a\0b", "\r\n"])
    func forbiddenCharactersAnywhereThrow(bad: String) {
        let cases = [
            Message(command: .privmsg, parameters: ["#c", bad]),
            Message(command: .privmsg, parameters: [bad, "x"]),
            Message(source: bad, command: .privmsg, parameters: ["#c", "x"]),
            Message(command: .other(bad), parameters: ["x"]),
        ]
        for message in cases {
            #expect(throws: MessageError.self) { try message.serialized() }
        }
    }

    @Test(arguments: ["", ":x", "a b"])
    func invalidMiddleParametersThrow(middle: String) {
        #expect {
            try Message(command: .privmsg, parameters: [middle, "text"]).serialized()
        } throws: { error in
            (error as? MessageError)?.kind == .invalidMiddleParameter
        }
    }

    @Test func tooManyParametersThrow() {
        let message = Message(command: .other("X"), parameters: (0..<16).map { "p\($0)" })
        #expect(throws: MessageError.self) { try message.serialized() }
    }

    @Test func invalidCommandsThrow() {
        for command in ["", "PRIV MSG", "12", "1234", "A1"] {
            #expect(throws: MessageError.self, "\(command)") { try Message(command: .other(command)).serialized() }
        }
    }

    @Test func sourceWithSpaceThrows() {
        #expect(throws: MessageError.self) { try Message(source: "a b", command: .ping).serialized() }
    }

    @Test func tagsAreSortedForDeterminism() throws {
        let message = Message(tags: ["b": "2", "a": "1", "c": ""], command: .ping, parameters: ["x"])
        #expect(try message.serialized() == "@a=1;b=2;c PING x")
    }
}
