import AgentCore
import Foundation
import IRC

/// Lines per second for parsing and serializing a realistic mix of IRC traffic on one core.
enum ParseBenchmark {
    static func run() throws {
        let corpus = makeCorpus(count: 100_000)
        let bytes = corpus.map { Array(($0 + "\r\n").utf8) }
        let messages = try corpus.map { try Message($0) }
        let averageLength = corpus.reduce(0) { $0 + $1.utf8.count } / corpus.count
        print("corpus: \(corpus.count) lines, average \(averageLength) bytes")

        let rounds = 20
        report("parse String", lines: corpus.count * rounds) {
            var checksum = 0
            for _ in 0..<rounds {
                for line in corpus { checksum &+= (try? Message(line))?.parameters.count ?? 0 }
            }
            return checksum
        }
        report("parse bytes", lines: bytes.count * rounds) {
            var checksum = 0
            for _ in 0..<rounds {
                for line in bytes { checksum &+= (try? Message(bytes: line))?.parameters.count ?? 0 }
            }
            return checksum
        }
        report("serialize", lines: messages.count * rounds) {
            var checksum = 0
            for _ in 0..<rounds {
                for message in messages { checksum &+= (try? message.serialized())?.utf8.count ?? 0 }
            }
            return checksum
        }
    }

    static func report(_ label: String, lines: Int, _ body: () -> Int) {
        let clock = ContinuousClock()
        var checksum = 0
        let elapsed = clock.measure { checksum = body() }
        let seconds = elapsed.inSeconds
        let rate = Double(lines) / seconds
        print(
            String(
                format: "%-13@ %10.0f lines/s  (%d lines in %.3f s, %.0f ns/line, checksum %d)",
                label, rate, lines, seconds, seconds / Double(lines) * 1e9, checksum))
    }

    /// A deterministic mix shaped like a busy channel seen by a bot with IRCv3 caps on.
    static func makeCorpus(count: Int) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(count)
        let nicks = ["alice", "bob", "carol_", "dave[m]", "小明", "eve|away", "mallory", "trent"]
        let texts = [
            "!courses swift", "hello everyone", "has anyone taken the concurrency course? it looks great",
            "!subscribe swift-concurrency", "谢谢大家的帮助", ":) ok", "see https://example.org/docs/a/b?c=d",
            "!recommend", "lunch?",
        ]
        for index in 0..<count {
            let nick = nicks[index % nicks.count]
            let text = texts[(index / 3) % texts.count]
            let source = "\(nick)!~\(nick)@user/\(nick).example.org"
            switch index % 10 {
            case 0, 1, 2:
                lines.append(
                    "@time=2026-11-25T10:0\(index % 10):00.123Z;account=\(nick);msgid=\(index) :\(source) PRIVMSG #community :\(text)"
                )
            case 3, 4:
                lines.append(":\(source) PRIVMSG #community :\(text)")
            case 5:
                lines.append(":irc.example.org 353 agent = #community :@alice +bob carol_ dave[m] eve|away mallory")
            case 6:
                lines.append("@time=2026-11-25T10:00:00.000Z :\(source) JOIN #community \(nick) :Real Name")
            case 7:
                lines.append(":\(source) PART #community :Leaving")
            case 8:
                lines.append(":ChanServ!ChanServ@services.int MODE #community +o \(nick)")
            default:
                lines.append(":irc.example.org 001 agent :Welcome to the Example IRC Network agent!agent@127.0.0.1")
            }
        }
        return lines
    }
}
