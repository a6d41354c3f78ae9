import Gateways
import IRC
import Testing

@Suite("Outbox")
struct OutboxTests {
    let start = ContinuousClock.now
    func line(_ text: String, to target: String = "#c") -> Message {
        Message(command: .privmsg, parameters: [target, text])
    }
    func at(_ seconds: Double) -> ContinuousClock.Instant { start + .milliseconds(Int(seconds * 1000)) }
    /// One token per line, whatever its length.
    func linesOnly(burst: Double, interval: Double) -> Pacing {
        Pacing(burst: burst, interval: interval, bytesPerToken: 0)
    }

    @Test func burstThenPaced() {
        var outbox = Outbox(pacing: linesOnly(burst: 3, interval: 0.5))
        outbox.normalLinesAllowed = true
        for index in 0..<5 { outbox.enqueue(line("\(index)"), at: start) }
        var sent: [String] = []
        for _ in 0..<3 { sent.append(outbox.next(at: start).entry?.message.parameters[1] ?? "-") }
        #expect(sent == ["0", "1", "2"])
        let blocked = outbox.next(at: start)
        #expect(blocked.entry == nil)
        #expect(abs((blocked.wait ?? 0) - 0.5) < 0.001)
        #expect(outbox.next(at: at(0.5)).entry?.message.parameters[1] == "3")
        #expect(outbox.next(at: at(0.6)).entry == nil)
        #expect(outbox.next(at: at(1.0)).entry?.message.parameters[1] == "4")
    }

    @Test func longLinesCostMoreThanShortOnes() {
        let pacing = Pacing(burst: 4, interval: 1, bytesPerToken: 100)
        #expect(pacing.cost(command: .privmsg, bytes: 50) == 1.5)
        #expect(pacing.cost(command: .privmsg, bytes: 400) == 5)
        #expect(pacing.cost(command: .join, bytes: 0) == 2)
        var outbox = Outbox(pacing: pacing)
        outbox.normalLinesAllowed = true
        let long = String(repeating: "x", count: 190)
        for _ in 0..<3 { outbox.enqueue(line(long), at: start) }
        // Each line costs about 3 tokens: one goes at once, the next waits for two more tokens.
        #expect(outbox.next(at: start).entry != nil)
        let blocked = outbox.next(at: start)
        #expect(blocked.entry == nil)
        #expect((blocked.wait ?? 0) > 1.5)
    }

    @Test func urgentLinesJumpTheQueueAndPayForThemselves() {
        var outbox = Outbox(pacing: linesOnly(burst: 1, interval: 10))
        outbox.normalLinesAllowed = true
        outbox.enqueue(line("a"), at: start)
        outbox.enqueue(line("b"), at: start)
        #expect(outbox.next(at: start).entry?.message.parameters[1] == "a")
        outbox.enqueue(Message(command: .pong, parameters: ["x"]), priority: .urgent, kind: .session, at: start)
        #expect(outbox.next(at: start).entry?.message.command == .pong)
        // The PONG put the bucket one line in debt: "b" waits two intervals, not one.
        let blocked = outbox.next(at: start)
        #expect(blocked.entry == nil)
        #expect(abs((blocked.wait ?? 0) - 20) < 0.001)
    }

    @Test func normalLinesWaitForRegistration() {
        var outbox = Outbox(pacing: .unlimited)
        outbox.enqueue(line("early"), at: start)
        outbox.enqueue(Message(command: .nick, parameters: ["a"]), priority: .urgent, kind: .session, at: start)
        #expect(outbox.next(at: start).entry?.message.command == .nick)
        #expect(outbox.next(at: start).entry == nil)
        outbox.normalLinesAllowed = true
        #expect(outbox.next(at: start).entry?.message.parameters[1] == "early")
    }

    @Test func unpacedWhenIntervalIsZero() {
        var outbox = Outbox(pacing: .unlimited)
        outbox.normalLinesAllowed = true
        for index in 0..<100 { outbox.enqueue(line("\(index)"), at: start) }
        var count = 0
        while outbox.next(at: start).entry != nil { count += 1 }
        #expect(count == 100)
    }

    @Test func targetsAreServedRoundRobinAndEachKeepsItsOrder() {
        var outbox = Outbox(pacing: .unlimited)
        outbox.normalLinesAllowed = true
        for index in 0..<5 { outbox.enqueue(line("long \(index)", to: "alice"), at: start) }
        outbox.enqueue(line("pong", to: "#c"), at: start)
        outbox.enqueue(line("hello", to: "bob"), at: start)
        var sent: [String] = []
        while let entry = outbox.next(at: start).entry { sent.append(entry.message.parameters[1]) }
        #expect(sent == ["long 0", "pong", "hello", "long 1", "long 2", "long 3", "long 4"])
    }

    @Test(arguments: [(CaseMapping.rfc1459, ["x1", "y1", "x2", "x3"]), (CaseMapping.ascii, ["x1", "y1", "x3", "x2"])])
    func targetsThatFoldTogetherUnderTheNetworksMappingShareALane(mapping: CaseMapping, expected: [String]) {
        var outbox = Outbox(pacing: .unlimited)
        outbox.caseMapping = mapping
        outbox.normalLinesAllowed = true
        outbox.enqueue(line("x1", to: "#Chan[1]"), at: start)
        outbox.enqueue(line("x2", to: "#Chan[1]"), at: start)
        outbox.enqueue(line("y1", to: "#other"), at: start)
        outbox.enqueue(line("x3", to: "#chan{1}"), at: start)
        var sent: [String] = []
        while let entry = outbox.next(at: start).entry { sent.append(entry.message.parameters[1]) }
        #expect(sent == expected)
    }

    @Test func aLongListingInAChannelDoesNotHoldUpSomeoneElsesReplyThere() {
        var settings = Outbox.Settings()
        settings.coalesce = false
        var outbox = Outbox(pacing: linesOnly(burst: 1, interval: 1), settings: settings)
        outbox.normalLinesAllowed = true
        for index in 0..<6 { outbox.enqueue(line("course \(index)"), at: start) }
        outbox.enqueue(line("pong"), addressee: "bob", at: start)
        outbox.enqueue(line("Community Agent 0.1"), addressee: "bob", at: start)
        var sent: [String] = []
        var now = start
        for _ in 0..<20 where sent.count < 8 {
            if let entry = outbox.next(at: now).entry { sent.append(entry.message.parameters[1]) }
            now = now + .seconds(1)
        }
        // Bob's replies keep their order and each waits at most one listing line.
        #expect(sent.prefix(4) == ["course 0", "pong", "course 1", "Community Agent 0.1"])
        #expect(sent.filter { $0.hasPrefix("course") } == (0..<6).map { "course \($0)" })
    }

    @Test func onePersonsRepliesKeepTheirOrderWhateverTheirLength() {
        var outbox = Outbox(pacing: linesOnly(burst: 1, interval: 1))
        outbox.normalLinesAllowed = true
        // Alice's two-line listing (its lines never joined), then her one-line answer, then Bob's.
        outbox.enqueue(line("Upcoming events: …"), addressee: "alice", joinable: false, at: start)
        outbox.enqueue(line("Details: !event <id>."), addressee: "alice", joinable: false, at: start)
        outbox.enqueue(line("Noted: you're not going."), addressee: "alice", at: start)
        outbox.enqueue(line("pong"), addressee: "bob", at: start)
        var sent: [String] = []
        var now = start
        for _ in 0..<10 where sent.count < 4 {
            if let entry = outbox.next(at: now).entry { sent.append(entry.message.parameters[1]) }
            now = now + .seconds(1)
        }
        #expect(
            sent.filter { !$0.contains("pong") } == [
                "Upcoming events: …", "Details: !event <id>.", "Noted: you're not going.",
            ])
        #expect(sent.contains("pong"))
    }

    @Test func shortRepliesWaitingForOneChannelAreJoinedWithTheirAddressees() {
        var outbox = Outbox(pacing: linesOnly(burst: 1, interval: 1))
        outbox.normalLinesAllowed = true
        outbox.enqueue(line("first"), at: start)
        #expect(outbox.next(at: start).entry?.message.parameters[1] == "first")
        outbox.enqueue(line("pong"), addressee: "alice", at: start)
        outbox.enqueue(line("bob: 3 courses match \"rust\""), addressee: "bob", at: start)
        outbox.enqueue(line("pong"), addressee: "carol", at: start)
        outbox.enqueue(line("a listing line"), at: start)
        #expect(outbox.next(at: start).entry == nil)
        let joined = outbox.next(at: at(1))
        #expect(joined.entry?.message.parameters[1] == "alice: pong · bob: 3 courses match \"rust\" · carol: pong")
        #expect(joined.entry?.replies == 3)
        #expect(outbox.next(at: at(2)).entry?.message.parameters[1] == "a listing line")
    }

    @Test func repliesAreNotJoinedWhenTheBudgetAllowsThemSeparately() {
        var outbox = Outbox(pacing: linesOnly(burst: 5, interval: 1))
        outbox.normalLinesAllowed = true
        outbox.enqueue(line("pong"), addressee: "alice", at: start)
        outbox.enqueue(line("pong"), addressee: "bob", at: start)
        #expect(outbox.next(at: start).entry?.message.parameters[1] == "pong")
        #expect(outbox.next(at: start).entry?.message.parameters[1] == "pong")
    }

    @Test func joinedLinesStayWithinTheLineLimit() {
        var outbox = Outbox(pacing: linesOnly(burst: 1, interval: 1))
        outbox.normalLinesAllowed = true
        outbox.enqueue(line("x"), at: start)
        _ = outbox.next(at: start)
        let reply = String(repeating: "y", count: 150)
        for nick in ["a", "b", "c", "d", "e"] { outbox.enqueue(line(reply), addressee: nick, at: start) }
        var lines: [Outbox.Entry] = []
        var now = at(1)
        while lines.reduce(0, { $0 + $1.replies }) < 5 {
            if let entry = outbox.next(at: now).entry { lines.append(entry) }
            now = now + .seconds(1)
        }
        #expect(lines.allSatisfy { $0.bytes <= 512 })
        #expect(lines.map(\.replies) == [3, 2])
    }

    @Test func repliesThatWaitTooLongAreHandedBackOnce() {
        var settings = Outbox.Settings()
        settings.maximumWait = 30
        settings.coalesce = false
        var outbox = Outbox(pacing: linesOnly(burst: 1, interval: 100), settings: settings)
        outbox.markLive(at: start)
        #expect(outbox.expire(at: start).isEmpty)
        outbox.enqueue(line("sent"), addressee: "alice", at: start)
        outbox.enqueue(line("a listing line"), at: start)
        outbox.enqueue(line("late"), addressee: "alice", at: start)
        outbox.enqueue(line("later", to: "#other"), addressee: "bob", at: at(20))
        #expect(outbox.next(at: start).entry?.message.parameters[1] == "sent")
        #expect(outbox.expire(at: at(29)).isEmpty)
        #expect(outbox.expire(at: at(31)).map { $0.message.parameters[1] } == ["late"])
        #expect(outbox.expire(at: at(51)).map { $0.message.parameters[1] } == ["later"])
        // Lines that are not command replies wait as long as it takes.
        #expect(outbox.count == 1)
        #expect(outbox.next(at: at(200)).entry?.message.parameters[1] == "a listing line")
    }

    @Test func timeSpentDisconnectedDoesNotCountAsWaiting() {
        var outbox = Outbox(pacing: linesOnly(burst: 1, interval: 100))
        outbox.enqueue(line("queued while away"), addressee: "alice", at: start)
        outbox.markLive(at: at(100))
        #expect(outbox.expire(at: at(120)).isEmpty)
        #expect(outbox.expire(at: at(131)).count == 1)
    }

    @Test func lostConnectionKeepsFreshChatAndReportsStaleChat() {
        var settings = Outbox.Settings()
        settings.maximumAge = 60
        var outbox = Outbox(pacing: .unlimited, settings: settings)
        outbox.enqueue(line("old"), at: start)
        outbox.enqueue(Message(command: .join, parameters: ["#c"]), priority: .urgent, kind: .session, at: start)
        outbox.enqueue(line("fresh"), at: at(100))
        let undelivered = outbox.connectionLost(at: at(110))
        #expect(undelivered.map { $0.message.parameters[1] } == ["old"])
        #expect(outbox.count == 1)
        outbox.normalLinesAllowed = true
        #expect(outbox.next(at: at(120)).entry?.message.parameters[1] == "fresh")
    }

    @Test func orderIsKeptAcrossManyLines() {
        var outbox = Outbox(pacing: linesOnly(burst: 1000, interval: 0.001))
        outbox.normalLinesAllowed = true
        for index in 0..<500 { outbox.enqueue(line("\(index)"), at: start) }
        var received: [String] = []
        var now = start
        while received.count < 500 {
            let (entry, wait) = outbox.next(at: now)
            if let entry { received.append(entry.message.parameters[1]) }
            now = now + .microseconds(Int64((wait ?? 0) * 1_000_000) + 1)
        }
        #expect(received == (0..<500).map(String.init))
    }

    @Test func invalidLinesAreRefusedAtTheDoor() {
        var outbox = Outbox(pacing: .unlimited)
        let accepted = outbox.enqueue(Message(command: .privmsg, parameters: ["#c", "a\r\nQUIT"]), at: start)
        #expect(!accepted)
        #expect(outbox.count == 0)
    }

    @Test func slowingDownAfterAFloodKill() {
        let reckless = Pacing(burst: 40, interval: 0.01, bytesPerToken: 0)
        #expect(reckless.slowed() == .conservative)
        let pacing = Pacing.conservative
        let slower = pacing.slowed()
        #expect(slower.interval > pacing.interval)
        #expect(slower.burst == pacing.burst - 1)
        var slowest = pacing
        for _ in 0..<20 { slowest = slowest.slowed() }
        #expect(slowest.burst == 1)
        #expect(slowest.interval == 10)
        #expect(Pacing.isFloodDisconnect("server said: Closing link: (a@127.0.0.1) [Excess Flood]"))
        #expect(Pacing.isFloodDisconnect("server said: Closing link: (a@127.0.0.1) [RecvQ exceeded]"))
        #expect(!Pacing.isFloodDisconnect("server said: Closing link: (a@127.0.0.1) [Ping timeout: 120 seconds]"))
    }
}
