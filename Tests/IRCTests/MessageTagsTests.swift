import IRC
import Testing

@Suite("IRCv3 message tags")
struct MessageTagsTests {
    @Test func tagsWithVendorAndClientPrefix() throws {
        let message = try Message("@id=123AB;rose;+example.com/ddd=eee :nick!u@h PRIVMSG #c :hi")
        #expect(message.tags == ["id": "123AB", "rose": "", "+example.com/ddd": "eee"])
        #expect(message.source == "nick!u@h")
    }

    @Test(arguments: [
        ("a\\:b", "a;b"),
        ("a\\sb", "a b"),
        ("a\\\\b", "a\\b"),
        ("a\\rb", "a\rb"),
        ("a\\nb", "a\nb"),
        ("trailing\\", "trailing"),
        ("unknown\\x", "unknownx"),
        ("\\b\\", "b"),
    ])
    func valueEscapes(raw: String, expected: String) throws {
        let message = try Message("@k=\(raw) PING x")
        #expect(message.tags["k"] == expected)
    }

    @Test func emptyValueIsEmptyString() throws {
        let message = try Message("@a=;b PING x")
        #expect(message.tags == ["a": "", "b": ""])
    }

    @Test func repeatedKeyKeepsLast() throws {
        #expect(try Message("@a=1;a=2 PING x").tags["a"] == "2")
    }

    @Test func serverTimeAndAccount() throws {
        let line = "@time=2026-11-25T10:00:00.000Z;account=alice :alice!a@h PRIVMSG #c :!courses"
        let message = try Message(line)
        #expect(message.tags["account"] == "alice")
        #expect(message.tags["time"] == "2026-11-25T10:00:00.000Z")
    }

    @Test func serializerEscapesValues() throws {
        let message = Message(tags: ["k": "a;b c\\d\re\nf"], command: .tagmsg, parameters: ["#c"])
        let line = try message.serialized()
        #expect(line == "@k=a\\:b\\sc\\\\d\\re\\nf TAGMSG #c")
        #expect(try Message(line) == message)
    }

    @Test func serializerRejectsInvalidKeys() {
        for key in ["", "a b", "+", "vendor/", "/x", "a=b", "a;b"] {
            #expect(throws: MessageError.self, "key \(key)") {
                try Message(tags: [key: "v"], command: .tagmsg, parameters: ["#c"]).serialized()
            }
        }
    }

    @Test func serializerRejectsNULInTagValue() {
        #expect(throws: MessageError.self) {
            try Message(tags: ["k": "a\0b"], command: .tagmsg, parameters: ["#c"]).serialized()
        }
    }

    @Test func singleTagLookupWithoutDecodingAll() throws {
        let message = try Message("@a=1;account=bob\\sb;a=3;flag :n!u@h PRIVMSG #c :x")
        #expect(message.tag("account") == "bob b")
        #expect(message.tag("a") == "3")
        #expect(message.tag("flag") == "")
        #expect(message.tag("missing") == nil)
        #expect(message.hasTags)
        #expect(try !Message("PING x").hasTags)
    }

    @Test func parsedTagsReserializeAsReceived() throws {
        let line = "@time=2026-11-25T10:00:00.000Z;account=bob :n!u@h PRIVMSG #c :hi there"
        #expect(try Message(line).serialized() == line)
    }

    @Test func parsedTagsWithInvalidKeyDoNotReserialize() throws {
        let message = try Message("@bad!key=1 PING x")
        #expect(message.tags == ["bad!key": "1"])
        #expect(throws: MessageError.self) { try message.serialized() }
    }

    @Test func settingTagsReplacesWireTags() throws {
        var message = try Message("@a=1 PING x")
        message.tags["b"] = "2"
        #expect(message.tags == ["a": "1", "b": "2"])
        #expect(try message.serialized() == "@a=1;b=2 PING x")
    }

    @Test func equalityIgnoresTagOrder() throws {
        #expect(try Message("@a=1;b=2 PING x") == Message("@b=2;a=1 PING x"))
        #expect(
            try Message("@a=1;b=2 PING x") == Message(tags: ["a": "1", "b": "2"], command: .ping, parameters: ["x"]))
    }
}
