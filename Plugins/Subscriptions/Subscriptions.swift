public import AgentCore
public import Community
import Foundation
public import PluginSupport
import Synchronization

/// Subscribing to courses: free at once, paid through a checkout link or a redeem code; owners
/// grant, revoke, create codes and confirm payments. Reminds members before access ends.
public struct Subscriptions: Plugin {
    public static let id = "subscriptions"

    /// The plugin's settings (`plugins.subscriptions` in the configuration).
    public struct Settings: Sendable {
        /// Days before the end of access that a member is reminded (once).
        public var reminderDays: Int
        /// How often expiry and reminders are checked.
        public var checkEvery: Schedule
        /// The most days of access (or code validity) an owner may give at once.
        public var maximumDays: Int
        /// The community's language, for members who chose none (reminders, notices).
        public var language: Language = .en

        /// Creates settings; defaults: remind 3 days before, check every 10 minutes, at most
        /// 3650 days.
        public init(
            reminderDays: Int = 3, checkEvery: Schedule = .every(seconds: 600),
            maximumDays: Int = SubscriptionService.defaultMaximumDays
        ) {
            self.reminderDays = reminderDays
            self.checkEvery = checkEvery
            self.maximumDays = maximumDays
        }
    }

    let subscriptions: SubscriptionService
    let members: MemberDirectory
    let settings: Settings
    let notices: MemberNotices
    /// Where the listener logs what it delivers.
    let noticeLog: Logger

    /// Creates the plugin; `log` receives what happens outside commands and jobs.
    public init(
        subscriptions: SubscriptionService, members: MemberDirectory, settings: Settings = Settings(),
        notices: MemberNotices? = nil, log: Logger = .disabled
    ) {
        self.subscriptions = subscriptions
        self.members = members
        self.notices = notices ?? MemberNotices(members: members)
        self.settings = settings
        self.noticeLog = log.child("subscriptions")
    }

    var catalog: CatalogStore { subscriptions.catalog }

    public var commands: [Command] {
        subscribeCommand
        redeemCommand
        unsubscribeCommand
        myCoursesCommand
        grantCommand
        revokeCommand
        codesCommand
        confirmCommand
        ordersCommand
        subscribersCommand
    }

    public var listeners: [Listener] {
        [
            Listener("subscriptions.seen") { event, outlet in
                // Remember the nick of each identified member, so reminders reach them, and hand
                // them what waited for them.
                try await notices.observe(event, outlet: outlet, at: Date(), log: noticeLog)
            }
        ]
    }

    public var jobs: [Job] {
        [
            Job("subscriptions.expiry", schedule: settings.checkEvery, missedRuns: .runOnce) { context in
                try await checkExpiry(context)
            },
            // Notices queued from the command line reach members who are online within a minute.
            Job("subscriptions.notices", schedule: .every(seconds: 60), missedRuns: .runOnce) { context in
                try await notices.deliverAll(outlet: context.outlet, at: context.now, log: context.log)
            },
        ]
    }

    /// Expires what has ended and reminds members whose access ends soon, privately and once.
    func checkExpiry(_ context: JobContext) async throws {
        let expired = try await subscriptions.expireDue(at: context.now)
        if !expired.isEmpty { context.log.info("subscriptions expired", metadata: ["count": "\(expired.count)"]) }
        for subscription in try await subscriptions.claimReminders(within: settings.reminderDays, at: context.now) {
            guard let nick = try await members.lastNick(of: subscription.member), let end = subscription.endsAt else {
                context.log.notice(
                    "reminder not sent: member never seen", metadata: ["member": "\(subscription.member)"])
                continue
            }
            let profile = try await members.profile(of: subscription.member)
            if profile.reminders == false {
                context.log.info(
                    "reminder not sent: the member turned reminders off",
                    metadata: ["member": "\(subscription.member)", "course": subscription.courseSlug])
                continue
            }
            let course = try await catalog.course(subscription.courseSlug)
            let text = Self.reminder(
                subscription, course: course, ends: end, prefix: context.prefix(on: subscription.member.network),
                timeZone: profile.timeZone ?? context.timeZone,
                language: profile.language.flatMap(Language.init(code:)) ?? settings.language)
            await context.outlet.perform(
                .say(.privateChat(with: nick, on: subscription.member.network), text), on: subscription.member.network)
            context.log.info(
                "reminder sent",
                metadata: ["member": "\(subscription.member)", "course": subscription.courseSlug, "nick": nick])
        }
    }
}

extension Subscriptions {
    /// The private reminder before access ends, naming exactly what renews it.
    static func reminder(
        _ subscription: Subscription, course: Course?, ends end: Date, prefix: String, timeZone: TimeZone,
        language: Language = .en
    ) -> String {
        let slug = subscription.courseSlug
        let say = { (key: String, arguments: [String: MessageArgument]) in
            messages.text(key, arguments, in: language, timeZone: timeZone)
        }
        let opening = say("reminder.opening", ["title": .text(course?.title ?? slug), "end": .day(end)])
        guard let course, course.status == .published else { return opening + say("reminder.withdrawn", [:]) }
        if course.price.isFree {
            return opening + say("reminder.free", ["command": .text("\(prefix)subscribe \(slug)")])
        }
        return opening
            + say(
                "reminder.paid",
                ["command": .text("\(prefix)subscribe \(slug)"), "end": .day(end), "redeem": .text(prefix + "redeem")])
    }
}
