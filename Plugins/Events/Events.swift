public import AgentCore
public import Community
public import Foundation
public import PluginSupport

/// Community events: `!events`, `!event`, `!rsvp` for members; `!event add|edit|cancel` and
/// `!announce` for moderators; announcements, reminders (T−24h, T−1h, the start) in the event's
/// channels and privately, recurring announcements and a weekly digest — each posted once, late
/// only within its grace period, and recorded when skipped.
public struct Events: Plugin {
    public static let id = "events"

    /// The plugin's settings (`plugins.events` in the configuration).
    public struct Settings: Sendable {
        /// The community's time zone: dates are read and shown in it unless the reader chose one.
        public var timeZone: TimeZone = .gmt
        /// Zones for channels whose members mostly live elsewhere (`time_zones`), by channel name.
        public var channelTimeZones: [String: TimeZone] = [:]
        /// The community's language, for channel posts and members who chose none.
        public var language: Language = .en
        /// Whether a new event is announced in its channels (`announce_on_create`).
        public var announceOnCreate = true
        /// How late a reminder may still be posted (`reminder_grace_minutes`, default 15).
        public var reminderGrace: TimeInterval = 15 * 60
        /// How late an announcement may still be posted (`announcement_grace_minutes`, default 120).
        public var announcementGrace: TimeInterval = 2 * 3600
        /// How late a post may be before it says so (`late_after_seconds`, default 60).
        public var lateAfter: TimeInterval = 60
        /// How long an event lasts when `for` is not given (`default_minutes`, default 60).
        public var defaultDuration: TimeInterval = 3600
        /// Whether members who never said get private reminders (`plugins.members.reminders`).
        public var remindersByDefault = true
        /// The weekly digest (`digest`): when and where, or nil for none.
        public var digest: Digest?
        /// Where one event's calendar file can be fetched (`calendar_url`, with `{id}`), once the
        /// HTTP listener exists; nil: `!event ics` names the command-line export.
        public var calendarURL: String?
        /// How the CLI writes calendars (`calendar_domain` for UIDs, `calendar_name`).
        public var calendar = ICalendarWriter()

        /// When and where the weekly digest goes.
        public struct Digest: Sendable, Hashable {
            public var schedule: Schedule
            public var network: String
            public var channel: String

            /// A digest posted on `schedule` (in the community's zone) to `channel` on `network`.
            public init(schedule: Schedule, network: String, channel: String) {
                self.schedule = schedule
                self.network = network
                self.channel = channel
            }
        }

        /// The defaults of the issue.
        public init() {}
    }

    let events: EventService
    let members: MemberDirectory
    let catalog: CatalogStore
    let notices: MemberNotices
    let engagement: EngagementService?
    let settings: Settings
    let clock: any AgentClock
    let presence = NetworkPresence()
    let log: Logger
    public let planner: JobPlanner?

    /// Creates the plugin; `engagement` (when running) gives the digest its top learners.
    public init(
        events: EventService, catalog: CatalogStore, notices: MemberNotices, engagement: EngagementService? = nil,
        settings: Settings = Settings(), clock: any AgentClock = SystemClock(), log: Logger = .disabled
    ) {
        self.events = events
        self.members = events.members
        self.catalog = catalog
        self.notices = notices
        self.engagement = engagement
        self.settings = settings
        self.clock = clock
        self.log = log.child(Self.id)
        self.planner = JobPlanner()
    }

    public var commands: [Command] {
        eventsCommand
        eventCommand
        rsvpCommand
        announceCommand
        announcementsCommand
    }

    public var listeners: [Listener] {
        [
            Listener("events.seen") { event, outlet in
                presence.observe(event)
                // Reminders and waitlist news wait for members who are away.
                try await notices.observe(event, outlet: outlet, at: clock.now, log: log)
            }
        ]
    }

    public var jobs: [Job] {
        var jobs = [
            Job(oneOff: PostJob.kind) { context in try await runPost(context) },
            Job(oneOff: AnnouncementJob.kind) { context in try await runAnnouncement(context) },
            Job("events.finish", schedule: .every(seconds: 900)) { context in
                try await events.finishEnded(at: context.now)
            },
        ]
        if let digest = settings.digest {
            jobs.append(
                Job("events.digest", schedule: digest.schedule, missedRuns: .skipIfLaterThan(seconds: 7200)) {
                    context in try await postDigest(digest, context)
                })
        }
        return jobs
    }

    // MARK: Zones and words

    /// The zone a reader sees times in: their own, else their channel's, else the community's.
    func zone(for speaker: Speaker, in conversation: Conversation) async -> TimeZone {
        if let account = speaker.account,
            let own = try? await members.profile(of: Identity(network: speaker.network, account: account)).timeZone
        {
            return own
        }
        return conversation.isPrivate ? settings.timeZone : channelZone(conversation.name)
    }

    /// The zone a channel's posts show times in.
    func channelZone(_ channel: String) -> TimeZone {
        settings.channelTimeZones[channel.lowercased()] ?? settings.timeZone
    }

    /// The zone and language a member's private messages use.
    func reader(_ identity: Identity) async -> (TimeZone, Language) {
        let profile = try? await members.profile(of: identity)
        return (
            profile?.timeZone ?? settings.timeZone,
            profile?.language.flatMap { Language(code: $0) } ?? settings.language
        )
    }

    /// `Tue 1 Dec 20:00 CST`.
    func moment(_ date: Date, _ zone: TimeZone, _ language: Language, now: Date) -> String {
        TimeTexts.moment(date, in: zone, language: language, now: now)
    }

    /// `Tue 1 Dec 20:00–21:30 CST`.
    func span(_ event: Event, _ zone: TimeZone, _ language: Language, now: Date) -> String {
        let start = moment(event.start, zone, language, now: now)
        let sameDay = WallClock(event.start, in: zone).dayNumber == WallClock(event.end, in: zone).dayNumber
        guard sameDay, let space = start.lastIndex(of: " ") else {
            return start + " – " + moment(event.end, zone, language, now: now)
        }
        let end = String(WallClock(event.end, in: zone).description.suffix(5))
        return String(start[..<space]) + "–" + end + start[space...]
    }
}
