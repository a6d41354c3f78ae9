import Foundation
import Gateways
import IRC
import Testing

@Suite("Outbox")
struct OutboxTests {
    let start = Date(timeIntervalSince1970: 1_000_000)
    func line(_ text: String) -> Message { Message(command: "PRIVMSG", parameters: ["#c", text]) }

    @Test func burstThenPaced() {
        var outbox = Outbox(burst: 3, interval: 0.5)
        outbox.normalLinesAllowed = true
        for index in 0..<5 { outbox.enqueue(line("\(index)"), at: start) }
        var sent: [String] = []
        for _ in 0..<3 { sent.append(outbox.next(at: start).entry?.message.parameters[1] ?? "-") }
        #expect(sent == ["0", "1", "2"])
        let blocked = outbox.next(at: start)
        #expect(blocked.entry == nil)
        #expect(abs((blocked.wait ?? 0) - 0.5) < 0.001)
        #expect(outbox.next(at: start.addingTimeInterval(0.5)).entry?.message.parameters[1] == "3")
        #expect(outbox.next(at: start.addingTimeInterval(0.6)).entry == nil)
        #expect(outbox.next(at: start.addingTimeInterval(1.0)).entry?.message.parameters[1] == "4")
    }

    @Test func urgentLinesJumpTheQueueAndTheBucket() {
        var outbox = Outbox(burst: 1, interval: 10)
        outbox.normalLinesAllowed = true
        outbox.enqueue(line("a"), at: start)
        outbox.enqueue(line("b"), at: start)
        #expect(outbox.next(at: start).entry?.message.parameters[1] == "a")
        outbox.enqueue(Message(command: "PONG", parameters: ["x"]), priority: .urgent, kind: .session, at: start)
        #expect(outbox.next(at: start).entry?.message.command == "PONG")
        #expect(outbox.next(at: start).entry == nil)
    }

    @Test func normalLinesWaitForRegistration() {
        var outbox = Outbox(burst: 5, interval: 0)
        outbox.enqueue(line("early"), at: start)
        outbox.enqueue(Message(command: "NICK", parameters: ["a"]), priority: .urgent, kind: .session, at: start)
        #expect(outbox.next(at: start).entry?.message.command == "NICK")
        #expect(outbox.next(at: start).entry == nil)
        outbox.normalLinesAllowed = true
        #expect(outbox.next(at: start).entry?.message.parameters[1] == "early")
    }

    @Test func unpacedWhenIntervalIsZero() {
        var outbox = Outbox(burst: 1, interval: 0)
        outbox.normalLinesAllowed = true
        for index in 0..<100 { outbox.enqueue(line("\(index)"), at: start) }
        var count = 0
        while outbox.next(at: start).entry != nil { count += 1 }
        #expect(count == 100)
    }

    @Test func lostConnectionKeepsFreshChatAndReportsStaleChat() {
        var outbox = Outbox(burst: 5, interval: 0, maximumAge: 60)
        outbox.enqueue(line("old"), at: start)
        outbox.enqueue(Message(command: "JOIN", parameters: ["#c"]), priority: .urgent, kind: .session, at: start)
        outbox.enqueue(line("fresh"), at: start.addingTimeInterval(100))
        let undelivered = outbox.connectionLost(at: start.addingTimeInterval(110))
        #expect(undelivered.map { $0.message.parameters[1] } == ["old"])
        #expect(outbox.count == 1)
        outbox.normalLinesAllowed = true
        #expect(outbox.next(at: start.addingTimeInterval(120)).entry?.message.parameters[1] == "fresh")
    }

    @Test func orderIsKeptAcrossManyLines() {
        var outbox = Outbox(burst: 1000, interval: 0.001)
        outbox.normalLinesAllowed = true
        for index in 0..<500 { outbox.enqueue(line("\(index)"), at: start) }
        var received: [String] = []
        var now = start
        while received.count < 500 {
            let (entry, wait) = outbox.next(at: now)
            if let entry { received.append(entry.message.parameters[1]) }
            now = now.addingTimeInterval(wait ?? 0)
        }
        #expect(received == (0..<500).map(String.init))
    }
}

@Suite("Line buffer")
struct LineBufferTests {
    @Test func halfLinesAcrossReadsAreJoined() {
        var buffer = LineSplitterBuffer(maximumLength: 100)
        var lines: [String] = []
        for chunk in ["PING :a", "bc\r", "\nPRIV", "MSG #c :x\n", "tail"] {
            buffer.append(Array(chunk.utf8)) {
                lines.append(String(decoding: $0, as: UTF8.self))
            } oversized: { _ in
            }
        }
        #expect(lines == ["PING :abc", "PRIVMSG #c :x"])
        #expect(buffer.remainder().map { String(decoding: $0, as: UTF8.self) } == "tail")
    }

    @Test func overlongLineIsDroppedAndReadingContinues() {
        var buffer = LineSplitterBuffer(maximumLength: 10)
        var lines: [String] = []
        var dropped: [Int] = []
        buffer.append(Array((String(repeating: "x", count: 50) + "\nok\n").utf8)) {
            lines.append(String(decoding: $0, as: UTF8.self))
        } oversized: {
            dropped.append($0)
        }
        #expect(lines == ["ok"])
        #expect(dropped == [50])
    }
}
