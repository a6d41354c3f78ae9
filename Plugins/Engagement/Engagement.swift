public import AgentCore
public import Community
public import Foundation
import PluginSupport

/// Who is active and who is cooling down: records every member event through a write-behind
/// buffer, answers `!activity`, `!stats`, `!thanks`, `!done` and `!leaderboard`, and sweeps
/// for cooling members to send each one useful private nudge.
public struct Engagement: Plugin {
    public static let id = "engagement"

    /// The plugin's settings (`plugins.engagement` in the configuration).
    public struct Settings: Sendable {
        /// The activity model's parameters (`model`).
        public var model = ActivityModel()
        /// How far back activity above the threshold makes a member "cooling" (`lookback_days`).
        public var lookbackDays = 14.0
        /// How often the nudge sweep runs (`sweep_every`).
        public var sweepEvery: Schedule = .every(seconds: 3_600)
        /// When nudges may go out (`quiet_hours`, `cooldown_days`, `default_opt_in`).
        public var rules = NudgeRules()
        /// Days raw chat messages and commands are kept (`retention_days`).
        public var retentionDays = 90
        /// Days daily rollups are kept (`rollup_days`).
        public var rollupDays = 400
        /// Thanks one member may give per day (`thanks_per_day`).
        public var thanksPerDay = 5
        /// Learning points per kind of interaction (`points`).
        public var points = LearningPoints()
        /// The community's language, for members who chose none.
        public var language: Language = .en
        /// The community's time zone, for members who chose none (quiet hours, dates).
        public var timeZone: TimeZone = .gmt
        /// The agent's own accounts, which `!thanks` refuses.
        public var agentAccounts: Set<Identity> = []
        /// The agent's own nicks per network, which `!thanks` refuses.
        public var agentNicks: [String: Set<String>] = [:]

        /// The defaults of the issue and DESIGN.md.
        public init() {}
    }

    let engagement: EngagementService
    let recorder: ActivityRecorder
    let subscriptions: SubscriptionService
    let mentions: CourseMentions
    let settings: Settings
    let clock: any AgentClock
    let waiting: NudgeWaitlist
    /// Where nudges take their course suggestion from, when the Recommendations plugin runs.
    let recommendations: RecommendationService?
    let log: Logger

    /// Creates the plugin over `engagement`; `clock` is the agent's (a manual one in tests).
    public init(
        engagement: EngagementService, subscriptions: SubscriptionService, settings: Settings = Settings(),
        recommendations: RecommendationService? = nil, clock: any AgentClock = SystemClock(), log: Logger = .disabled
    ) {
        self.recommendations = recommendations
        self.engagement = engagement
        self.recorder = ActivityRecorder(engagement: engagement)
        self.subscriptions = subscriptions
        self.mentions = CourseMentions()
        self.settings = settings
        self.clock = clock
        self.waiting = NudgeWaitlist()
        self.log = log.child(Self.id)
    }

    var members: MemberDirectory { engagement.members }
    var catalog: CatalogStore { subscriptions.catalog }

    public var commands: [Command] {
        activityCommand
        statsCommand
        thanksCommand
        doneCommand
        leaderboardCommand
    }

    public var listeners: [Listener] {
        [
            Listener(
                "engagement.record",
                commands: { event, command, outlet in try await record(event, command: command, outlet) })
        ]
    }

    public var jobs: [Job] {
        [
            Job("engagement.nudges", schedule: settings.sweepEvery, missedRuns: .skipIfLaterThan(seconds: 3_600)) {
                context in
                try await sweep(at: context.now, outlet: context.outlet, prefix: context.prefix(on:), log: context.log)
            },
            Job("engagement.prune", schedule: .daily(hour: 4, minute: 30), missedRuns: .runOnce) { context in
                let deleted = try await engagement.prune(
                    rawDays: settings.retentionDays, rollupDays: settings.rollupDays, at: context.now)
                context.log.info("old activity pruned", metadata: ["rows": "\(deleted)"])
            },
            Job("engagement.mentions", schedule: .every(seconds: 300), missedRuns: .runOnce) { _ in
                mentions.update(try await catalog.courses())
            },
        ]
    }

    public func background() async {
        do {
            try await prepare()
        } catch {
            log.error("engagement could not load its state", metadata: ["error": "\(error)"])
        }
        await recorder.run(
            failed: { error in
                log.error("activity could not be written; it will be retried", metadata: ["error": "\(error)"])
            },
            dropped: { count in
                log.warning(
                    "activity buffer full: chat events dropped (the database is not keeping up)",
                    metadata: ["events": "\(count)"])
            })
    }

    public func finish() async {
        do {
            try await recorder.flush()
        } catch {
            log.error("activity still buffered could not be written", metadata: ["error": "\(error)"])
        }
    }

    /// Loads what the chat path needs in memory: course names for mentions, the members with a
    /// nudge waiting. `background()` does this first.
    public func prepare() async throws {
        mentions.update(try await catalog.courses())
        waiting.replace(with: try await engagement.waitingNudges())
    }

    /// Writes what the buffer holds now (tests and the command line).
    public func flush() async throws { try await recorder.flush() }

    /// The chat path: every event is recorded in memory only; a member with a nudge waiting
    /// gets it when seen (outside quiet hours).
    private func record(_ event: ChatEvent, command: String?, _ outlet: any Outlet) async throws {
        let speaker: Speaker
        switch event {
        case .message(let from, let conversation, let text, let sent):
            speaker = from
            let identity = from.account.map { Identity(network: from.network, account: $0) }
            let at = sent ?? clock.now
            let channel = conversation.isPrivate ? nil : conversation.name
            if command != nil {
                recorder.record(ChatActivity(.command, by: identity, network: from.network, channel: channel, at: at))
            } else if let channel {
                recorder.record(ChatActivity(.message, by: identity, network: from.network, channel: channel, at: at))
                if let identity {
                    for course in mentions.courses(in: text) {
                        recorder.record(
                            ChatActivity(.mention, by: identity, network: from.network, course: course, at: at))
                    }
                }
            }
        case .joined(let from, _):
            speaker = from
        default:
            return
        }
        if let account = speaker.account {
            let identity = Identity(network: speaker.network, account: account)
            if waiting.contains(identity) {
                try await deliverWaiting(to: identity, nick: speaker.nick, outlet: outlet, at: clock.now)
            }
        }
    }
}
