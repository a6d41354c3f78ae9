import IRC
import Testing

@Suite("RPL_ISUPPORT")
struct ISupportTests {
    @Test func defaultsWhenNothingAnnounced() {
        let support = ISupport()
        #expect(support.caseMapping == .rfc1459)
        #expect(support.channelTypes == ["#", "&"])
        #expect(support.prefixes.map(\.mode) == ["o", "v"])
        #expect(support.prefixes.map(\.symbol) == ["@", "+"])
        #expect(support.nickLength == 9)
        #expect(support.channelLength == 200)
        #expect(support.lineLength == 512)
        #expect(support.network == nil)
        #expect(support.targetLimits.isEmpty)
    }

    @Test func parsesAnnouncedTokens() throws {
        var support = ISupport()
        support.apply(
            try Message(
                ":irc.test 005 agent CASEMAPPING=ascii CHANTYPES=# PREFIX=(qaohv)~&@%+ CHANMODES=beI,k,l,imnpst NICKLEN=30 CHANNELLEN=64 :are supported by this server"
            ))
        support.apply(
            try Message(
                ":irc.test 005 agent NETWORK=Harness\\x20Net TARGMAX=PRIVMSG:4,NOTICE:4,JOIN: LINELEN=1024 EXCEPTS :are supported by this server"
            ))
        #expect(support.caseMapping == .ascii)
        #expect(support.channelTypes == ["#"])
        #expect(support.prefixes.map(\.symbol) == ["~", "&", "@", "%", "+"])
        #expect(support.mode(forPrefix: "%") == "h")
        #expect(support.channelModes.list == "beI")
        #expect(support.channelModes.noParameter == "imnpst")
        #expect(support.nickLength == 30)
        #expect(support.channelLength == 64)
        #expect(support.network == "Harness Net")
        #expect(support.lineLength == 1024)
        #expect(support.targetLimits["PRIVMSG"] == .some(4))
        #expect(support.targetLimits["JOIN"] == .some(nil))
        #expect(support["EXCEPTS"] == "")
        #expect(support.isChannel("#x"))
        #expect(!support.isChannel("&x"))
    }

    @Test func negationRemovesToken() throws {
        var support = ISupport()
        support.apply(tokens: ["NICKLEN=20", "EXCEPTS"])
        support.apply(tokens: ["-NICKLEN", "-EXCEPTS"])
        #expect(support.nickLength == 9)
        #expect(support["EXCEPTS"] == nil)
    }

    @Test func escapedEqualsSign() {
        var support = ISupport()
        support.apply(tokens: ["NETWORK=a\\x3Db"])
        #expect(support.network == "a=b")
    }
}

@Suite("Case mapping")
struct CaseMappingTests {
    @Test func rfc1459FoldsBracketsAndTilde() {
        #expect(CaseMapping.rfc1459.equal("Nick[]\\~", "nick{}|^"))
        #expect(CaseMapping.rfc1459.lowercased("ABC[]") == "abc{}")
    }

    @Test func strictLeavesTilde() {
        #expect(CaseMapping.rfc1459Strict.equal("A[]\\", "a{}|"))
        #expect(!CaseMapping.rfc1459Strict.equal("a~", "a^"))
    }

    @Test func asciiLeavesSymbols() {
        #expect(CaseMapping.ascii.equal("HeLLo", "hello"))
        #expect(!CaseMapping.ascii.equal("a[", "a{"))
    }

    @Test func nonASCIIIsUntouched() {
        #expect(CaseMapping.rfc1459.lowercased("ÄBC") == "Äbc")
        #expect(!CaseMapping.ascii.equal("ä", "Ä"))
    }

    @Test func tokenNames() {
        #expect(CaseMapping(token: "rfc1459-strict") == .rfc1459Strict)
        #expect(CaseMapping(token: "ASCII") == .ascii)
        #expect(CaseMapping(token: "rfc7613") == .ascii)
    }
}

@Suite("Hostmask wildcards")
struct HostmaskTests {
    @Test(arguments: [
        ("*!*@*.example.org", "bob!u@a.example.org", true),
        ("*!*@*.example.org", "bob!u@example.org", false),
        ("b?b!*@*", "bob!x@y", true),
        ("b?b!*@*", "bb!x@y", false),
        ("BOB[]!*@*", "bob{}!x@y", true),
        ("*", "", true),
        ("", "", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("lit\\*eral", "lit*eral", true),
        ("lit\\*eral", "litXeral", false),
        ("q\\?", "q?", true),
        ("q\\?", "qx", false),
        ("back\\\\slash", "back\\slash", true),
        ("*你*", "用户你好", true),
    ])
    func matching(pattern: String, subject: String, expected: Bool) {
        #expect(Hostmask(pattern).matches(subject) == expected)
    }

    @Test func asciiMappingDoesNotFoldBrackets() {
        #expect(!Hostmask("a[", caseMapping: .ascii).matches("a{"))
        #expect(Hostmask("A[", caseMapping: .rfc1459).matches("a{"))
    }
}

@Suite("CTCP")
struct CTCPTests {
    @Test func unwrapAction() {
        let ctcp = CTCP(unwrapping: "\u{01}ACTION waves hello\u{01}")
        #expect(ctcp?.command == CTCP.action)
        #expect(ctcp?.argument == "waves hello")
    }

    @Test func unwrapWithoutClosingDelimiter() {
        #expect(CTCP(unwrapping: "\u{01}VERSION")?.command == "VERSION")
    }

    @Test func plainTextIsNotCTCP() {
        #expect(CTCP(unwrapping: "hello") == nil)
        #expect(CTCP(unwrapping: "\u{01}\u{01}") == nil)
    }

    @Test(arguments: [CTCP.action, CTCP.version, CTCP.ping, CTCP.time, CTCP.clientInfo])
    func wrapRoundTrips(command: String) {
        let ctcp = CTCP(command: command, argument: command == CTCP.version ? "" : "arg 1")
        #expect(CTCP(unwrapping: ctcp.wrapped) == ctcp)
    }

    @Test func wrapStripsDelimitersFromArgument() {
        #expect(CTCP(command: "ping", argument: "a\u{01}b").wrapped == "\u{01}PING ab\u{01}")
    }
}
