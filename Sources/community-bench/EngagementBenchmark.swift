import AgentCore
import Community
import Foundation
import Storage

/// `community-bench engagement [members]`: the engagement model's three budgets — recording a
/// chat event on the hot path (amortised with its flush), the nudge sweep's decisions over a
/// million members in SQLite, and resident memory with 100,000 tracked members.
/// `community-bench engagement skewed` runs only the skewed recording, three times (for profiling).
enum EngagementBenchmark {
    static func run(_ arguments: [String]) async throws {
        if arguments.first == "skewed" {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-skewed-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            for _ in 0..<3 { try await recording(members: 2_000, skewed: true, known: true, in: directory) }
            return
        }
        let sweepMembers = arguments.first.flatMap(Int.init) ?? 1_000_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-engagement-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await rawRowFloor(in: directory)
        try await recording(in: directory)
        try await sweep(members: sweepMembers, in: directory)
    }

    /// 200,000 chat messages in 20 channels, flushed every 500 and folded at the end: from 2,000
    /// members one after another (memory), then from 2,000 members who talk unevenly (a few talk
    /// a lot), already known (steady state) and all new when the clock starts. The events are
    /// made before the clock starts.
    private static func recording(in directory: URL) async throws {
        // Memory first, so what it reports is not what the other runs left behind.
        try await recording(members: 100_000, skewed: false, known: false, in: directory)
        try await recording(members: 2_000, skewed: true, known: true, in: directory)
        try await recording(members: 2_000, skewed: true, known: false, in: directory)
    }

    /// `known`: each member has said one line (recorded, flushed and folded) before the clock
    /// starts, so the time is that of an agent that has met its members before.
    private static func recording(members count: Int, skewed: Bool, known: Bool, in directory: URL) async throws {
        let database = try Database(path: directory.appendingPathComponent("record-\(count)-\(UUID()).sqlite").path)
        let members = try await MemberDirectory(database: database)
        let engagement = try await EngagementService(database: database, members: members)
        let recorder = ActivityRecorder(engagement: engagement)
        let identities = (0..<count).map { Identity(network: "bench", account: "member\($0)") }
        var generator = SystemRandomNumberGenerator()
        // Skewed: the square of a uniform number picks low indices far more often.
        let speaker = { (index: Int) -> Int in
            guard skewed else { return index % count }
            let uniform = Double.random(in: 0..<1, using: &generator)
            return Int(uniform * uniform * Double(count))
        }
        let channels = (0..<20).map { "#channel\($0)" }
        let start = Date(timeIntervalSince1970: 1_767_603_600)
        let clock = ContinuousClock()
        var hotPath = Duration.zero
        var flushing = Duration.zero
        var folding = Duration.zero
        let total = 200_000
        // Made beforehand, so only recording and writing are timed.
        let activities = (0..<total).map { index in
            ChatActivity(
                .message, by: identities[speaker(index)], network: "bench", channel: channels[index % channels.count],
                at: start.addingTimeInterval(Double(index) * 0.5))
        }
        if known {
            for identity in identities {
                recorder.record(ChatActivity(.message, by: identity, network: "bench", channel: channels[0], at: start))
            }
            try await recorder.flush()
            try await engagement.foldPending()
        }
        let before = residentMegabytes()
        let cpuBefore = processCPUSeconds()
        let elapsed = try await clock.measure {
            // The chat path is timed on every 16th event only, so reading the clock does not
            // add to what is measured; a local count decides when 500 wait, as the recorder's
            // own kick would, without taking its lock again.
            var timed = 0
            var waiting = 0
            for (index, activity) in activities.enumerated() {
                if index % 16 == 0 {
                    let recordStart = clock.now
                    recorder.record(activity)
                    hotPath += clock.now - recordStart
                    timed += 1
                } else {
                    recorder.record(activity)
                }
                waiting += 1
                if waiting == 500 {
                    flushing += try await clock.measure { try await recorder.flush() }
                    waiting = 0
                }
            }
            hotPath = hotPath / timed * total
            flushing += try await clock.measure { try await recorder.flush() }
            // What the flushes left to fold into members' state is part of the cost.
            folding = try await clock.measure { try await engagement.foldPending() }
        }
        let perEvent = elapsed / total
        let cpuPerEvent = (processCPUSeconds() - cpuBefore) / Double(total) * 1_000_000
        print(
            "record: \(total) chat events from \(identities.count) members\(skewed ? " (skewed)" : "")"
                + "\(known ? ", already known" : ", all new"): "
                + "\(format(perEvent)) per event amortised "
                + "with flushes and folds (budget 2 µs; CPU of the whole process "
                + String(format: "%.2f µs", cpuPerEvent) + "); the chat path's own share \(format(hotPath / total)), "
                + "the flushes' \(format(flushing / total)), the fold's \(format(folding / total))")
        // Only the first run's memory means anything: later ones count what earlier ones left.
        if !skewed {
            print(
                "memory: resident \(residentMegabytes()) MB after tracking \(identities.count) members "
                    + "(\(before) MB before; budget 100 MB)")
        }
        try await database.close()
    }

    /// The floor under any design that keeps one row per chat message: the same 200,000 rows
    /// inserted into the interaction table alone (its time index only), 500 per transaction.
    private static func rawRowFloor(in directory: URL) async throws {
        let database = try Database(path: directory.appendingPathComponent("floor.sqlite").path)
        _ = try await MemberDirectory(database: database)
        let start = 1_767_603_600.0
        let total = 200_000
        let elapsed = try await ContinuousClock().measure {
            for batch in 0..<(total / 500) {
                let rows: [[SQLValue]] = (0..<500).map { index in
                    let number = batch * 500 + index
                    return [
                        .text("bench"), .text("member\(number % 2_000)"), .integer(Int64(number % 2_000 + 1)),
                        .text("message"), .null, .real(start + Double(number) * 0.5),
                    ]
                }
                try await database.transaction { connection in
                    try connection.executeRows(
                        "INSERT INTO interaction (network, account, member_id, kind, course_slug, at)", columns: 6, rows
                    )
                }
            }
        }
        print("floor: the raw rows alone, \(format(elapsed / total)) per row (500 per transaction)")
        try await database.close()
    }

    /// A million members' state in SQLite: 5% cooling, 10% active, the rest long quiet.
    private static func sweep(members count: Int, in directory: URL) async throws {
        let database = try Database(path: directory.appendingPathComponent("sweep.sqlite").path)
        let members = try await MemberDirectory(database: database)
        let engagement = try await EngagementService(database: database, members: members)
        let now = Date(timeIntervalSince1970: 1_767_603_600)
        let model = engagement.model
        try await database.transaction { connection in
            for id in 1...count {
                try connection.execute("INSERT INTO member (id, created_at) VALUES (?, 0)", [.integer(Int64(id))])
                let state: (interest: Double, updatedAt: Date)
                switch id % 20 {
                case 0: state = (3, now.addingTimeInterval(-15 * 86_400))  // cooling: A ≈ 3.1 now, above until day 4
                case 1, 2: state = (6, now.addingTimeInterval(-3_600))  // active
                default: state = (2, now.addingTimeInterval(-60 * 86_400))  // quiet for long
                }
                var activity = MemberActivity()
                activity = activity.adding(
                    weight: state.interest, at: state.updatedAt, model: model, lookback: 14 * 86_400)
                try connection.execute(
                    """
                    INSERT INTO engagement_state (member_id, interest, updated_at, above_until, peak_interest, peak_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .integer(Int64(id)), .real(activity.interest), .real(state.updatedAt.timeIntervalSince1970),
                        activity.aboveUntil.map { .real($0.timeIntervalSince1970) } ?? .null,
                        .real(activity.peakInterest), .real(state.updatedAt.timeIntervalSince1970),
                    ])
            }
            if count >= 10 {
                for id in stride(from: 20, through: count, by: 40) {
                    try connection.execute(
                        "INSERT INTO member_profile (member_id, nudges) VALUES (?, 1)", [.integer(Int64(id))])
                }
            }
        }
        let rules = NudgeRules(quietHours: nil)
        let clock = ContinuousClock()
        var nudged = 0
        var considered = 0
        let elapsed = try await clock.measure {
            let candidates = try await engagement.candidates(at: now)
            considered = candidates.count
            for candidate in candidates
            where engagement.decide(candidate, rules: rules, communityZone: .gmt, at: now).skip == nil {
                nudged += 1
            }
        }
        print(
            "sweep: \(count) members, \(considered) considered, \(nudged) would be nudged: \(format(elapsed)) "
                + "(budget 1 s for 1,000,000)")
        try await database.close()
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        if seconds < 1e-3 { return String(format: "%.2f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        return String(format: "%.2f s", seconds)
    }

    /// The process's resident set, from /proc/self/status.
    /// CPU time (user and system, every thread) this process has used.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func residentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return -1 }
        return kilobytes / 1024
    }
}
