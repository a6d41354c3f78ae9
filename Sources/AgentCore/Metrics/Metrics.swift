import Synchronization

/// What happened to one command, as counted by `community_agent_commands_total{outcome}`.
public enum CommandOutcome: String, Sendable, Hashable, CaseIterable {
    /// The handler answered.
    case ok
    /// Bad arguments or a user-facing error (a usage reply, "no such course").
    case userError = "user_error"
    /// The speaker's role or the place did not allow it.
    case refused
    /// The speaker was over the rate limit.
    case rateLimited = "rate_limited"
    /// The handler threw an unexpected error.
    case failed
    /// The handler ran past its time limit.
    case timeout
}

/// What happened to one due run of a scheduled job.
public enum JobOutcome: String, Sendable, Hashable, CaseIterable {
    /// It ran (on time or late) and succeeded.
    case fired
    /// It ran and failed.
    case failed
    /// It was due long ago and its job skips such runs.
    case skipped
}

/// The runtime's own counters for `/metrics`: commands, events, scheduled jobs. Cheap to
/// update from any task (one lock, no allocation on the common path); read as a snapshot.
public final class Metrics: Sendable {
    /// Upper bounds of the command latency histogram, in seconds.
    public static let latencyBuckets: [Double] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    private struct State {
        var commands: [CommandKey: Int] = [:]
        var latencyCounts = [Int](repeating: 0, count: Metrics.latencyBuckets.count)
        var latencyCount = 0
        var latencySum = 0.0
        var unknownCommands = 0
        var events: [EventKey: Int] = [:]
        var jobs: [JobOutcome: Int] = [:]
        var lateJobs = 0
    }

    private struct CommandKey: Hashable {
        var name: String
        var outcome: CommandOutcome
    }

    private struct EventKey: Hashable {
        var network: String
        var kind: String
    }

    private let state = Mutex(State())

    /// Creates empty counters.
    public init() {}

    /// Counts a command that ran (by its canonical name) and how long it took.
    public func commandFinished(_ name: String, outcome: CommandOutcome, seconds: Double) {
        state.withLock { state in
            state.commands[CommandKey(name: name, outcome: outcome), default: 0] += 1
            state.latencyCount += 1
            state.latencySum += seconds
            if let bucket = Self.latencyBuckets.firstIndex(where: { seconds <= $0 }) {
                state.latencyCounts[bucket] += 1
            }
        }
    }

    /// Counts a command word the agent does not know.
    public func unknownCommand() {
        state.withLock { $0.unknownCommands += 1 }
    }

    /// Counts an event a gateway delivered.
    public func eventReceived(_ event: ChatEvent) {
        let key = EventKey(network: event.network, kind: event.kindName)
        state.withLock { $0.events[key, default: 0] += 1 }
    }

    /// Counts a scheduled run; `late` when it started more than a minute after it was due.
    public func jobRan(_ outcome: JobOutcome, late: Bool = false) {
        state.withLock { state in
            state.jobs[outcome, default: 0] += 1
            if late { state.lateJobs += 1 }
        }
    }

    /// The counters as metric families, in a stable order.
    public func families() -> [MetricFamily] {
        let state = self.state.withLock { $0 }
        let commandSamples = state.commands.sorted {
            ($0.key.name, $0.key.outcome.rawValue) < ($1.key.name, $1.key.outcome.rawValue)
        }
        .map {
            MetricFamily.Sample(
                labels: [("command", $0.key.name), ("outcome", $0.key.outcome.rawValue)], value: Double($0.value))
        }
        var buckets: [MetricFamily.Sample] = []
        var cumulative = 0
        for (index, bound) in Self.latencyBuckets.enumerated() {
            cumulative += state.latencyCounts[index]
            buckets.append(
                .init(suffix: "_bucket", labels: [("le", MetricFamily.format(bound))], value: Double(cumulative)))
        }
        buckets.append(.init(suffix: "_bucket", labels: [("le", "+Inf")], value: Double(state.latencyCount)))
        buckets.append(.init(suffix: "_sum", value: state.latencySum))
        buckets.append(.init(suffix: "_count", value: Double(state.latencyCount)))
        let events = state.events.sorted { ($0.key.network, $0.key.kind) < ($1.key.network, $1.key.kind) }
            .map {
                MetricFamily.Sample(
                    labels: [("network", $0.key.network), ("kind", $0.key.kind)], value: Double($0.value))
            }
        return [
            MetricFamily(
                "community_agent_commands_total", .counter, help: "Commands run, by command and outcome.",
                samples: commandSamples),
            .single(
                "community_agent_unknown_commands_total", .counter,
                help: "Command words the agent did not recognise.", value: Double(state.unknownCommands)),
            MetricFamily(
                "community_agent_command_duration_seconds", .histogram,
                help: "Time from recognising a command to having its reply.", samples: buckets),
            MetricFamily(
                "community_agent_events_received_total", .counter,
                help: "Chat events delivered by the gateways, by network and kind.", samples: events),
            .labelled(
                "community_agent_scheduled_jobs_total", .counter, help: "Scheduled job runs, by outcome.",
                label: "outcome", values: JobOutcome.allCases.map { ($0.rawValue, Double(state.jobs[$0] ?? 0)) }),
            .single(
                "community_agent_scheduled_jobs_late_total", .counter,
                help: "Scheduled job runs that started more than 60 seconds after they were due.",
                value: Double(state.lateJobs)),
        ]
    }
}

extension ChatEvent {
    /// A short name for the event's kind (`message`, `joined`…), for counting.
    public var kindName: String {
        switch self {
        case .connected: "connected"
        case .disconnected: "disconnected"
        case .message: "message"
        case .notice: "notice"
        case .action: "action"
        case .joined: "joined"
        case .left: "left"
        case .kicked: "kicked"
        case .renamed: "renamed"
        case .accountChanged: "account_changed"
        }
    }
}
