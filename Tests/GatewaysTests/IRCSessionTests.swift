import AgentCore
import Foundation
import IRC
import Testing

@testable import Gateways

/// Feeds server lines to a session and collects what it sends and emits.
struct SessionDriver {
    var session: IRCSession
    var sent: [String] = []
    var events: [ChatEvent] = []
    var other: [SessionAction] = []

    init(_ settings: IRCSessionSettings) {
        session = IRCSession(settings: settings)
        record(session.start())
    }

    mutating func feed(_ lines: String...) {
        for line in lines { record(session.receive(try! Message(line))) }
    }

    mutating func record(_ actions: [SessionAction]) {
        for action in actions {
            switch action {
            case .send(let message, _, _): sent.append(try! message.serialized())
            case .emit(let event): events.append(event)
            default: other.append(action)
            }
        }
    }

    mutating func takeSent() -> [String] {
        defer { sent = [] }
        return sent
    }

    mutating func takeEvents() -> [ChatEvent] {
        defer { events = [] }
        return events
    }

    /// Completes a plain registration with the given capabilities acknowledged.
    mutating func register(
        caps: String = "account-tag extended-join account-notify multi-prefix echo-message", whox: Bool = true
    ) {
        feed(":irc.test CAP * LS :\(caps)")
        feed(":irc.test CAP * ACK :\(caps)")
        feed(
            ":irc.test 001 agent :Welcome",
            ":irc.test 005 agent PREFIX=(qaohv)~&@%+ CHANTYPES=# CASEMAPPING=rfc1459 \(whox ? "WHOX " : ""):are supported"
        )
        _ = takeSent()
        _ = takeEvents()
        other = []
    }
}

let basicSettings = IRCSessionSettings(
    network: "net", nick: "agent", alternativeNicks: ["agent_"],
    channels: [(name: "#c", key: nil), (name: "#k", key: "secret")])

@Suite("IRC session: registration")
struct IRCSessionRegistrationTests {
    @Test func capLSIsTheVeryFirstLine() {
        var settings = basicSettings
        settings.serverPassword = "pw"
        let driver = SessionDriver(settings)
        #expect(driver.sent == ["CAP LS 302", "PASS pw", "NICK agent", "USER agent 0 * :Community Agent"])
    }

    @Test func requestsOnlyOfferedWantedCapabilitiesThenEnds() {
        var driver = SessionDriver(basicSettings)
        _ = driver.takeSent()
        driver.feed(
            ":irc.test CAP * LS * :multi-prefix sasl=PLAIN,EXTERNAL foo", ":irc.test CAP * LS :account-tag server-time")
        #expect(driver.takeSent() == ["CAP REQ :account-tag multi-prefix server-time"])
        driver.feed(":irc.test CAP * ACK :account-tag multi-prefix server-time")
        #expect(driver.takeSent() == ["CAP END"])
    }

    @Test func ownLinesAreNotAskedBack() {
        // echo-message would send every line the agent writes back to it: a wake-up, a read and
        // a parse per reply line, for nothing a bot uses.
        var driver = SessionDriver(basicSettings)
        _ = driver.takeSent()
        driver.feed(":irc.test CAP * LS :echo-message multi-prefix")
        #expect(driver.takeSent() == ["CAP REQ multi-prefix"])
    }
    @Test func noCapabilitiesOfferedEndsAtOnce() {
        var driver = SessionDriver(basicSettings)
        _ = driver.takeSent()
        driver.feed(":irc.test CAP * LS :foo bar")
        #expect(driver.takeSent() == ["CAP END"])
    }

    @Test func welcomeJoinsChannelsWithKeysFirst() {
        var driver = SessionDriver(basicSettings)
        _ = driver.takeSent()
        driver.feed(":irc.test 001 agent :Welcome")
        #expect(driver.takeSent() == ["JOIN #k,#c secret"])
        #expect(driver.events == [.connected(network: "net", nick: "agent", folding: driver.session.nickFolding)])
        #expect(driver.other.contains(.registered))
    }

    @Test func theRuntimeLearnsTheCaseMappingOnceISupportHasArrived() {
        var driver = SessionDriver(basicSettings)
        driver.feed(":irc.test 001 agent :Welcome")
        let first = driver.takeEvents()
        #expect(first.count == 1)
        if case .connected(_, _, let folding) = first.first { #expect(folding.same("agent[]", "AGENT{}")) }
        driver.feed(":irc.test 005 agent CASEMAPPING=ascii :are supported", ":irc.test 376 agent :End of MOTD")
        let again = driver.takeEvents()
        #expect(again.count == 1)
        if case .connected(_, let nick, let folding) = again.first {
            #expect(nick == "agent")
            #expect(!folding.same("agent[]", "AGENT{}"))
            #expect(folding.same("agent", "AGENT"))
        }
        // Unchanged rules are not announced twice.
        var rfc = SessionDriver(basicSettings)
        rfc.feed(
            ":irc.test 001 agent :Welcome", ":irc.test 005 agent CASEMAPPING=rfc1459 :are supported",
            ":irc.test 376 agent :End of MOTD")
        #expect(rfc.takeEvents().count == 1)
    }

    @Test func nickInUseTriesAlternativesThenSuffixes() {
        var driver = SessionDriver(basicSettings)
        _ = driver.takeSent()
        driver.feed(":irc.test 433 * agent :Nickname is already in use")
        #expect(driver.takeSent() == ["NICK agent_"])
        driver.feed(":irc.test 433 * agent_ :Nickname is already in use")
        #expect(driver.takeSent() == ["NICK agent1"])
        driver.feed(":irc.test 001 agent1 :Welcome")
        #expect(driver.session.nick == "agent1")
        #expect(driver.session.wantsPreferredNick)
    }

    @Test func preferredNickIsRegainedWhenItsHolderQuits() {
        var driver = SessionDriver(basicSettings)
        driver.feed(":irc.test 433 * agent :in use", ":irc.test 001 agent_ :Welcome")
        _ = driver.takeSent()
        driver.feed(":agent!u@h QUIT :bye")
        #expect(driver.takeSent() == ["NICK agent"])
        driver.feed(":agent_!a@h NICK agent")
        #expect(driver.session.nick == "agent")
        #expect(!driver.session.wantsPreferredNick)
    }

    @Test func monitorWatchesTheTakenNickAndRegainsIt() {
        var driver = SessionDriver(basicSettings)
        driver.feed(
            ":irc.test 433 * agent :in use", ":irc.test 001 agent_ :Welcome",
            ":irc.test 005 agent_ MONITOR=100 BOT=B :are supported")
        _ = driver.takeSent()
        driver.feed(":irc.test 376 agent_ :End of MOTD")
        #expect(driver.takeSent() == ["MODE agent_ +B", "MONITOR + agent"])
        driver.feed(":irc.test 731 agent_ :agent")
        #expect(driver.takeSent() == ["NICK agent"])
    }

    @Test func pingIsAnsweredAtOnce() {
        var driver = SessionDriver(basicSettings)
        _ = driver.takeSent()
        driver.feed("PING :token123")
        #expect(driver.takeSent() == ["PONG token123"])
    }

    @Test func errorDisconnects() {
        var driver = SessionDriver(basicSettings)
        driver.feed("ERROR :Closing link: (agent@127.0.0.1) [K-Lined]")
        #expect(driver.other == [.disconnect(reason: "server said: Closing link: (agent@127.0.0.1) [K-Lined]")])
    }
}

@Suite("IRC session: SASL")
struct IRCSessionSASLTests {
    var settings: IRCSessionSettings {
        var settings = basicSettings
        settings.sasl = .init(mechanism: .plain, account: "botacct", password: "botacct-pw")
        return settings
    }

    @Test func plainSuccess() {
        var driver = SessionDriver(settings)
        _ = driver.takeSent()
        driver.feed(":irc.test CAP * LS :sasl=PLAIN,EXTERNAL message-tags")
        #expect(driver.takeSent() == ["CAP REQ :message-tags sasl"])
        driver.feed(":irc.test CAP * ACK :message-tags sasl")
        #expect(driver.takeSent() == ["AUTHENTICATE PLAIN"])
        driver.feed("AUTHENTICATE +")
        let payload = Data("botacct\0botacct\0botacct-pw".utf8).base64EncodedString()
        #expect(driver.takeSent() == ["AUTHENTICATE \(payload)"])
        driver.feed(
            ":irc.test 900 agent agent!a@h botacct :You are now logged in as botacct",
            ":irc.test 903 agent :SASL successful")
        #expect(driver.takeSent() == ["CAP END"])
        #expect(driver.session.ownAccount == "botacct")
    }

    @Test func failureEndsNegotiationUnlessRequired() {
        var driver = SessionDriver(settings)
        driver.feed(":irc.test CAP * LS :sasl", ":irc.test CAP * ACK :sasl", "AUTHENTICATE +")
        _ = driver.takeSent()
        driver.feed(":irc.test 904 agent :SASL authentication failed")
        #expect(driver.takeSent() == ["CAP END"])

        var required = settings
        required.requireSASL = true
        var strict = SessionDriver(required)
        strict.feed(
            ":irc.test CAP * LS :sasl", ":irc.test CAP * ACK :sasl", "AUTHENTICATE +",
            ":irc.test 904 agent :SASL authentication failed")
        #expect(strict.other.contains(.disconnect(reason: "SASL PLAIN failed: SASL authentication failed")))
    }

    @Test func requiredButNotOfferedDisconnects() {
        var required = settings
        required.requireSASL = true
        var driver = SessionDriver(required)
        driver.feed(":irc.test CAP * LS :multi-prefix")
        #expect(driver.other == [.disconnect(reason: "SASL is required but the server does not offer SASL")])
    }

    @Test func configuredButNotOfferedIsLoggedNotSilent() {
        // ngIRCd offers capabilities but no SASL.
        var driver = SessionDriver(settings)
        _ = driver.takeSent()
        driver.feed(":irc.test CAP * LS :multi-prefix")
        #expect(driver.takeSent() == ["CAP REQ multi-prefix"])
        #expect(
            driver.other == [
                .log(
                    .warning,
                    "SASL PLAIN is configured but the server does not offer SASL; continuing without it (the agent will have no account)"
                )
            ])
    }

    @Test func anUnsupportedMechanismIsRequestedThenNegotiationEndsWithTheOfferedOnesNamed() {
        var driver = SessionDriver(settings)
        _ = driver.takeSent()
        driver.feed(":irc.test CAP * LS :sasl=EXTERNAL,SCRAM-SHA-256 multi-prefix")
        #expect(driver.takeSent() == ["CAP REQ :multi-prefix sasl"])
        driver.feed(":irc.test CAP * ACK :multi-prefix sasl")
        #expect(driver.takeSent() == ["CAP END"])
        #expect(
            driver.other == [
                .log(
                    .warning,
                    "the server offers SASL mechanisms EXTERNAL, SCRAM-SHA-256 but not the configured PLAIN; continuing without SASL"
                )
            ])

        var required = settings
        required.requireSASL = true
        var strict = SessionDriver(required)
        _ = strict.takeSent()
        strict.feed(":irc.test CAP * LS :sasl=EXTERNAL", ":irc.test CAP * ACK :sasl")
        #expect(strict.takeSent() == ["CAP REQ sasl"])
        #expect(
            strict.other == [
                .disconnect(
                    reason: "SASL is required: the server offers SASL mechanisms EXTERNAL but not the configured PLAIN")
            ])
    }

    @Test func anAckEnablesOnlyWhatWasRequested() {
        var driver = SessionDriver(basicSettings)
        _ = driver.takeSent()
        driver.feed(":irc.test CAP * LS :multi-prefix")
        #expect(driver.takeSent() == ["CAP REQ multi-prefix"])
        driver.feed(":irc.test CAP * ACK :CAP REQ multi-prefix")
        #expect(driver.session.enabledCapabilities == ["multi-prefix"])
        #expect(driver.takeSent() == ["CAP END"])
        #expect(
            driver.other == [
                .log(.warning, "the server acknowledged capabilities the agent did not request; ignored: CAP REQ")
            ])
    }

    @Test func aRefusedRequestEndsNegotiationOnceEveryRequestIsAnswered() {
        var driver = SessionDriver(basicSettings)
        _ = driver.takeSent()
        driver.feed(":irc.test CAP * LS :multi-prefix server-time")
        #expect(driver.takeSent() == ["CAP REQ :multi-prefix server-time"])
        driver.feed(":irc.test CAP * NAK :multi-prefix server-time")
        #expect(driver.session.enabledCapabilities.isEmpty)
        #expect(driver.takeSent() == ["CAP END"])
    }

    @Test(arguments: [0, 1, 299, 300, 301, 600, 700])
    func authenticateChunking(length: Int) {
        let payload = [UInt8](repeating: 0x61, count: length)
        let chunks = IRCSession.authenticateChunks(payload)
        let encoded = Data(payload).base64EncodedString()
        if encoded.isEmpty {
            #expect(chunks == ["+"])
            return
        }
        #expect(chunks.filter { $0 != "+" }.joined() == encoded)
        #expect(chunks.allSatisfy { $0.utf8.count <= 400 })
        let exactMultiple = encoded.utf8.count % 400 == 0
        #expect((chunks.last == "+") == exactMultiple)
    }
}

@Suite("IRC session: membership and accounts")
struct IRCSessionMembershipTests {
    func joined() -> SessionDriver {
        var driver = SessionDriver(basicSettings)
        driver.register()
        driver.feed(":agent!agent@127.0.0.1 JOIN #c * :Community Agent")
        _ = driver.takeSent()
        _ = driver.takeEvents()
        driver.other = []
        return driver
    }

    @Test func namesAreComparedUnderTheNetworksCaseMapping() {
        var driver = joined()
        driver.feed(":Bob[m]!b@h JOIN #c", ":irc.test MODE #c +o bob{M}")
        #expect(driver.session.members(of: "#C") == ["Bob[m]", "agent"])
        #expect(driver.session.modes(of: "BOB{m}", in: "#c") == ["o"])
    }

    @Test func trackedNamesStillMatchAfterTheServerAnnouncesAnotherCaseMapping() {
        var driver = SessionDriver(basicSettings)
        driver.feed(":irc.test 001 agent :Welcome")
        driver.feed(":agent!agent@127.0.0.1 JOIN #Chan[x]", ":Bob[m]!b@h JOIN #Chan[x]")
        driver.feed(":irc.test 005 agent CASEMAPPING=ascii :are supported")
        #expect(driver.session.members(of: "#chan[x]") == ["Bob[m]", "agent"])
        #expect(driver.session.members(of: "#chan{x}").isEmpty)
        driver.feed(":bob[m]!b@h PART #CHAN[X]")
        #expect(driver.session.members(of: "#Chan[x]") == ["agent"])
    }

    @Test func ownJoinAsksWhoxAndLearnsPrefix() {
        var driver = SessionDriver(basicSettings)
        driver.register()
        driver.feed(":agent!agent@127.0.0.1 JOIN #c * :Community Agent")
        #expect(driver.takeSent() == ["WHO #c %tcuhnfa,152", "MODE #c"])
        #expect(driver.other.contains(.ownPrefixKnown(nick: "agent", user: "agent", host: "127.0.0.1")))
        #expect(driver.session.joinedChannels == ["#c"])
    }

    @Test func channelFactsTellModerationWhatTheServerAndTheChannelAllow() throws {
        var driver = SessionDriver(basicSettings)
        driver.register()
        driver.feed(":irc.test 005 agent EXTBAN=,RUm CHANMODES=b,k,l,MRimnprst PREFIX=(ov)@+ :are supported")
        driver.feed(":agent!bot@bot.host JOIN #c * :Community Agent")
        driver.feed(":irc.test 353 agent = #c :@agent alice!a@alice.host +bob!b@bob.host")
        driver.feed(":irc.test 354 agent 152 #c a alice.host alice H :alice")
        driver.feed(":irc.test 324 agent #c +nt")
        var facts = try #require(driver.session.channelFacts("#C"))
        #expect(facts.agentIsOperator)
        #expect(facts.extendedBans == .init(prefix: "", letters: ["R", "U", "m"]))
        #expect(!facts.moderated)
        #expect(facts.person("alice")?.account == "alice")
        #expect(facts.person("bob")?.modes == ["v"])
        #expect(facts.ownUserHost == "bot@bot.host")
        driver.feed(":mod!m@h MODE #c +m-o agent agent")
        facts = try #require(driver.session.channelFacts("#c"))
        #expect(facts.moderated)
        #expect(!facts.agentIsOperator)
        #expect(driver.session.channelFacts("#elsewhere") == nil)
    }

    @Test func extendedJoinAccountIsTracked() {
        var driver = joined()
        driver.feed(":alice!a@h JOIN #c alice :Alice", ":bob!b@h JOIN #c * :Bob")
        #expect(driver.session.account(of: "alice") == "alice")
        #expect(driver.session.account(of: "bob") == nil)
        #expect(
            driver.takeEvents() == [
                .joined(
                    Speaker(network: "net", nick: "alice", account: "alice", userHost: "a@h"), .channel("#c", on: "net")
                ),
                .joined(Speaker(network: "net", nick: "bob", account: nil, userHost: "b@h"), .channel("#c", on: "net")),
            ])
    }

    @Test func accountNotifyForLoginAfterJoin() {
        var driver = joined()
        driver.feed(":bob!b@h JOIN #c * :Bob", ":bob!b@h ACCOUNT bobacct")
        #expect(driver.session.account(of: "BOB") == "bobacct")
        driver.feed(":bob!b@h ACCOUNT *")
        #expect(driver.session.account(of: "bob") == nil)
    }

    @Test func whoxRepliesFillAccounts() {
        var driver = joined()
        driver.feed(
            ":irc.test 354 agent 152 #c carol host.example carol H carolacct",
            ":irc.test 354 agent 152 #c dave h dave H 0")
        #expect(driver.session.account(of: "carol") == "carolacct")
        #expect(driver.session.account(of: "dave") == nil)
    }

    @Test func accountTagIsAuthoritativeForThatMessage() {
        var driver = joined()
        driver.feed(":bob!b@h JOIN #c bob :Bob")
        driver.feed("@account=bob :bob!b@h PRIVMSG #c :!ping", ":bob!b@h PRIVMSG #c :!ping")
        let events = driver.takeEvents()
        guard case .message(let tagged, _, _, _) = events[1], case .message(let untagged, _, _, _) = events[2] else {
            Issue.record("expected messages, got \(events)")
            return
        }
        #expect(tagged.account == "bob")
        #expect(untagged.account == nil)
    }

    @Test func namesWithMultiPrefixAndModes() {
        var driver = joined()
        driver.feed(":irc.test 353 agent = #c :@+alice +bob ~carol agent")
        #expect(driver.session.members(of: "#c") == ["agent", "alice", "bob", "carol"])
        #expect(driver.session.modes(of: "alice", in: "#c") == ["o", "v"])
        driver.feed(":ChanServ!s@services MODE #c -o+v alice bob")
        #expect(driver.session.modes(of: "alice", in: "#c") == ["v"])
        #expect(driver.session.modes(of: "bob", in: "#c") == ["v"])
    }

    @Test func nickChangesKeepState() {
        var driver = joined()
        driver.feed(":alice!a@h JOIN #c alice :Alice", ":alice!a@h NICK :Alice[away]")
        #expect(driver.session.account(of: "alice{away}") == "alice")
        #expect(driver.session.members(of: "#c").contains("Alice[away]"))
    }

    @Test func kickOfTheAgentSchedulesARejoin() {
        var driver = joined()
        driver.feed(":mod!m@h KICK #c agent :out")
        #expect(driver.other == [.rejoinLater(channel: "#c", delay: 5)])
        #expect(driver.session.joinedChannels.isEmpty)
        #expect(driver.session.rejoin("#c") == .send(Message(command: .join, parameters: ["#c"]), .urgent, .session))
    }

    @Test func partAndQuitRemoveMembers() {
        var driver = joined()
        driver.feed(
            ":alice!a@h JOIN #c alice :A", ":bob!b@h JOIN #c * :B", ":alice!a@h PART #c :bye", ":bob!b@h QUIT :gone")
        #expect(driver.session.members(of: "#c") == ["agent"])
        #expect(driver.session.account(of: "alice") == nil)
    }
}

@Suite("IRC session: messages")
struct IRCSessionMessageTests {
    @Test func channelAndPrivateMessages() {
        var driver = SessionDriver(basicSettings)
        driver.register()
        driver.feed("@time=2026-11-25T10:00:00.000Z :alice!a@h PRIVMSG #c :hello", ":alice!a@h PRIVMSG agent :hi there")
        let events = driver.takeEvents()
        #expect(events.count == 2)
        if case .message(_, let conversation, let text, let time) = events[0] {
            #expect(conversation == .channel("#c", on: "net"))
            #expect(text == "hello")
            #expect(time == Date(timeIntervalSince1970: 1_795_600_800))
        }
        if case .message(_, let conversation, _, _) = events[1] {
            #expect(conversation == .privateChat(with: "alice", on: "net"))
        }
    }

    @Test func echoedOwnMessagesAreNotEvents() {
        var driver = SessionDriver(basicSettings)
        driver.register()
        driver.feed(":agent!agent@h PRIVMSG #c :pong")
        #expect(driver.takeEvents().isEmpty)
    }

    @Test func ctcpVersionPingTimeAreAnswered() {
        var driver = SessionDriver(basicSettings)
        driver.register()
        driver.feed(
            ":alice!a@h PRIVMSG agent :\u{01}VERSION\u{01}", ":alice!a@h PRIVMSG agent :\u{01}PING 12345\u{01}",
            ":alice!a@h PRIVMSG agent :\u{01}CLIENTINFO\u{01}")
        let sent = driver.takeSent()
        #expect(sent[0] == "NOTICE alice :\u{01}VERSION Community Agent\u{01}")
        #expect(sent[1] == "NOTICE alice :\u{01}PING 12345\u{01}")
        #expect(sent[2] == "NOTICE alice :\u{01}CLIENTINFO ACTION CLIENTINFO PING TIME VERSION\u{01}")
        driver.feed(":alice!a@h PRIVMSG agent :\u{01}TIME\u{01}")
        // The session has no clock: the gateway answers with the time.
        #expect(driver.takeSent().isEmpty)
        #expect(driver.other == [.answerTime(to: "alice")])
        #expect(driver.takeEvents().isEmpty)
    }

    @Test func actionsAndNotices() {
        var driver = SessionDriver(basicSettings)
        driver.register()
        driver.feed(":alice!a@h PRIVMSG #c :\u{01}ACTION waves\u{01}", ":alice!a@h NOTICE #c :note")
        let events = driver.takeEvents()
        #expect(
            events == [
                .action(
                    from: Speaker(network: "net", nick: "alice", account: nil, userHost: "a@h"),
                    in: .channel("#c", on: "net"), text: "waves"),
                .notice(
                    from: Speaker(network: "net", nick: "alice", account: nil, userHost: "a@h"),
                    in: .channel("#c", on: "net"), text: "note"),
            ])
    }

    @Test func statusMessagesMapToTheChannel() {
        var driver = SessionDriver(basicSettings)
        driver.register()
        driver.feed(":alice!a@h PRIVMSG @#c :ops only")
        if case .message(_, let conversation, _, _) = driver.takeEvents().first {
            #expect(conversation == .channel("#c", on: "net"))
        } else {
            Issue.record("expected a message")
        }
    }
}
