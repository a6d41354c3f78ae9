import IRC
import Testing

@Suite struct IRCCommandTests {
    @Test func knownVerbsParseToTheirCase() throws {
        #expect(try Message(":a!b@c PRIVMSG #c :hi").command == .privmsg)
        #expect(try Message("privmsg #c :hi").command == .privmsg)
        #expect(try Message("CAP * ACK :sasl").command == .cap)
        #expect(try Message("AUTHENTICATE +").command == .authenticate)
    }

    @Test func numericsParseToNamedConstants() throws {
        #expect(try Message(":irc 001 agent :Welcome").command == .numeric(.RPL_WELCOME))
        #expect(try Message(":irc 731 agent :agent").command == .numeric(.RPL_MONOFFLINE))
        #expect(try Message(":irc 999 agent :x").command == .numeric(Numeric(999)))
    }

    @Test func unknownVerbsAreKeptUpperCased() throws {
        let message = try Message("foo bar")
        #expect(message.command == .other("FOO"))
        #expect(try message.serialized() == "FOO bar")
    }

    @Test func verbsRoundTripThroughTheWireText() {
        let commands: [IRCCommand] = [.privmsg, .notice, .join, .list, .kill, .numeric(.RPL_ISUPPORT), .other("KNOCK")]
        for command in commands {
            #expect(IRCCommand(verb: command.verb) == command)
        }
        #expect(IRCCommand.numeric(.RPL_WELCOME).verb == "001")
        #expect(IRCCommand.numeric(.RPL_WHOSPCRPL).verb == "354")
    }

    @Test func aNumericOutsideThreeDigitsIsNotSerialized() {
        #expect(throws: MessageError.self) { try Message(command: .numeric(Numeric(1000))).serialized() }
        #expect(throws: MessageError.self) { try Message(command: .other("PRIV MSG")).serialized() }
    }
}

@Suite struct IRCNameTests {
    @Test func nicksCompareUnderTheirNetworksMapping() {
        #expect(CaseMapping.rfc1459.nick("Agent[]") == CaseMapping.rfc1459.nick("agent{}"))
        #expect(CaseMapping.rfc1459.nick("a~") == CaseMapping.rfc1459.nick("A^"))
        #expect(CaseMapping.ascii.nick("Agent[]") != CaseMapping.ascii.nick("agent{}"))
        #expect(CaseMapping.rfc1459Strict.nick("a~") != CaseMapping.rfc1459Strict.nick("a^"))
        #expect(CaseMapping.ascii.nick("Alice").spelling == "Alice")
    }

    @Test func channelNamesKeepTheirSpellingAndHashByTheFoldedName() {
        let names: Set<ChannelName> = [
            CaseMapping.rfc1459.channel("#Swift[cn]"), CaseMapping.rfc1459.channel("#swift{CN}"),
        ]
        #expect(names.count == 1)
        #expect(names.first?.description.hasPrefix("#") == true)
    }
}
