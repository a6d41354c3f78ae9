import AgentCore
import AgentTesting
import Foundation
import Gateways
import IRC
import Synchronization

/// Command round trip through a real local InspIRCd (`bench` flood mode): 10 members send
/// `!echo <n>` privately to the release `community-agent` at a fixed total rate (default 1,000/s,
/// rate limiting and pacing off); measures reply latency (p50/p99/max), lost replies, and the
/// agent process's CPU time per command (from /proc). With `COMMUNITY_BENCH_BOT` set, another
/// bot takes the agent's place under the same load.
///
/// `community-bench commands [RATE] [SECONDS]`
enum CommandsBenchmark {
    static func run(_ arguments: [String]) async throws {
        let rate = arguments.first.flatMap(Int.init) ?? 1000
        let seconds = arguments.dropFirst().first.flatMap(Int.init) ?? 10
        try await InspIRCdServer.with(.withoutServices(mode: .bench)) { server in
            try await measure(server, rate: rate, seconds: seconds)
        }
    }

    /// A member's raw connection: sends lines, timestamps the agent's replies.
    final class Member: Sendable {
        let connection: LineConnection
        let nick: String
        let registered = Mutex(false)
        let answeredPing = Mutex(false)

        init(connection: LineConnection, nick: String, sent: Ledger) {
            self.connection = connection
            self.nick = nick
            Task { [self] in
                for await batch in connection.lines {
                    let now = ContinuousClock.now
                    for bytes in batch {
                        guard let message = try? Message(bytes: bytes) else { continue }
                        switch message.command {
                        case .ping: connection.send(Array("PONG :\(message.parameters.last ?? "")\r\n".utf8))
                        case .numeric(.RPL_WELCOME): registered.withLock { $0 = true }
                        case .privmsg:
                            if message.parameters.last == "pong" { answeredPing.withLock { $0 = true } }
                            if let number = message.parameters.last.flatMap(Int.init) { sent.answered(number, at: now) }
                        default: break
                        }
                    }
                    connection.consumed(batch.count)
                }
            }
        }

        func send(_ line: String) { connection.send(Array((line + "\r\n").utf8)) }
    }

    /// Send and reply times by command number.
    final class Ledger: Sendable {
        private let times = Mutex<(sent: [ContinuousClock.Instant?], answered: [ContinuousClock.Instant?])>(([], []))

        init(count: Int) {
            times.withLock { $0 = (Array(repeating: nil, count: count), Array(repeating: nil, count: count)) }
        }

        func sent(_ number: Int, at time: ContinuousClock.Instant) { times.withLock { $0.sent[number] = time } }

        func answered(_ number: Int, at time: ContinuousClock.Instant) {
            times.withLock { times in
                if number >= 0, number < times.answered.count, times.answered[number] == nil {
                    times.answered[number] = time
                }
            }
        }

        /// Latencies in milliseconds of the answered commands, and how many were not answered.
        func latencies() -> ([Double], [Int]) {
            times.withLock { times in
                var result: [Double] = []
                var lost: [Int] = []
                for (number, (sent, answered)) in zip(times.sent, times.answered).enumerated() {
                    guard let sent else { continue }
                    guard let answered else {
                        lost.append(number)
                        continue
                    }
                    let duration = answered - sent
                    result.append(duration.inSeconds * 1000)
                }
                return (result, lost)
            }
        }
    }

    private static func cpuSeconds(of pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func measure(_ server: InspIRCdServer, rate: Int, seconds: Int) async throws {
        let configuration = """
            { storage: { path: "\(server.directory.path)/bench.sqlite" }, log_level: "warning",
              commands: { rate_limit: { enabled: false } },
              networks: [ { name: "local", host: "127.0.0.1", port: \(server.port), nick: "benchbot",
                            outbox: { interval_seconds: 0 } } ] }
            """
        // Another bot under the same load, for comparisons: COMMUNITY_BENCH_BOT names a program
        // run as `PROGRAM PORT DIRECTORY`, which must become (exec) a bot that connects to
        // 127.0.0.1:PORT as `benchbot` and answers `!ping` and `!echo N` privately by PRIVMSG.
        let bot: ChildProcess
        let botLog: @Sendable () -> String
        if let program = ProcessInfo.processInfo.environment["COMMUNITY_BENCH_BOT"] {
            let logFile = server.directory.appendingPathComponent("other-bot.log")
            bot = try ChildProcess(
                program, ["\(server.port)", server.directory.path], directory: server.directory, logFile: logFile)
            botLog = { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
        } else {
            let agent = try AgentProcess(configuration: configuration, directory: server.directory)
            bot = agent.child
            botLog = { agent.log }
        }
        let total = rate * seconds
        let ledger = Ledger(count: total)
        var members: [Member] = []
        for index in 0..<10 {
            let connection = try await LineConnection.connect(to: .init(host: "127.0.0.1", port: server.port))
            let member = Member(connection: connection, nick: "member\(index)", sent: ledger)
            member.send("NICK member\(index)")
            member.send("USER member\(index) 0 * :bench")
            members.append(member)
        }
        // Ready when every member has registered and had one round trip with the agent.
        let ready = ContinuousClock.now + .seconds(30)
        while members.contains(where: { !$0.answeredPing.withLock { $0 } }) {
            guard ContinuousClock.now < ready else {
                throw TestIRCClient.Timeout(description: "the bot did not answer: \(botLog().suffix(500))")
            }
            for member in members where member.registered.withLock({ $0 }) && !member.answeredPing.withLock({ $0 }) {
                member.send("PRIVMSG benchbot :!ping")
            }
            try await Task.sleep(for: .milliseconds(300))
        }
        try await Task.sleep(for: .seconds(1))

        let cpuBefore = cpuSeconds(of: bot.pid)
        let start = ContinuousClock.now
        let interval = Duration.seconds(1) / rate
        for number in 0..<total {
            let due = start + interval * number
            if due > .now { try await Task.sleep(until: due, clock: .continuous) }
            let member = members[number % members.count]
            ledger.sent(number, at: .now)
            member.send("PRIVMSG benchbot :!echo \(number)")
        }
        let sendingTook = ContinuousClock.now - start
        try await Task.sleep(for: .seconds(3))
        let cpuAfter = cpuSeconds(of: bot.pid)
        let (latencies, lost) = ledger.latencies()
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        let cpuPerCommand = (cpuAfter - cpuBefore) / Double(total) * 1000
        print(
            String(
                format:
                    "commands: %d !echo at %d/s from 10 members (sent in %.2f s): p50 %.2f ms, p99 %.2f ms, max %.2f ms, lost %d; agent CPU %.3f ms per command",
                total, rate, sendingTook.inSeconds,
                percentile(0.5), percentile(0.99), sorted.last ?? 0, lost.count, cpuPerCommand))
        if !lost.isEmpty { print("lost: commands \(lost.prefix(10).map(String.init).joined(separator: ", "))") }
        for member in members { member.connection.close() }
        await bot.stop()
    }
}
