import AgentCore
import Community
import Foundation
import PluginSupport

/// One planned reminder of an event, as stored in the scheduler's payload.
struct PostJob: Equatable {
    static let kind = "events.post"

    /// Which reminder.
    enum Moment: String, CaseIterable {
        case day = "24h"
        case hour = "1h"
        case start
        case created
        case cancelled

        /// How long before the start it goes out.
        var lead: TimeInterval? {
            switch self {
            case .day: 86_400
            case .hour: 3_600
            case .start: 0
            case .created, .cancelled: nil
            }
        }
    }

    var event: String
    var moment: Moment
    var start: Date
    var planned: Date

    var payload: String {
        "\(event) \(moment.rawValue) \(Int(start.timeIntervalSince1970)) \(Int(planned.timeIntervalSince1970))"
    }

    init(event: String, moment: Moment, start: Date, planned: Date) {
        self.event = event
        self.moment = moment
        self.start = start
        self.planned = planned
    }

    init?(payload: String) {
        let parts = payload.split(separator: " ").map(String.init)
        guard parts.count == 4, let moment = Moment(rawValue: parts[1]), let start = Int(parts[2]),
            let planned = Int(parts[3])
        else { return nil }
        self.init(
            event: parts[0], moment: moment, start: Date(timeIntervalSince1970: TimeInterval(start)),
            planned: Date(timeIntervalSince1970: TimeInterval(planned)))
    }

    /// The key of the post in the record of posts, and of its first planned run.
    var key: String { Self.key(event: event, kind: moment, start: start) }

    static func key(event: String, kind: Moment, start: Date) -> String {
        "event:\(event):\(kind.rawValue):\(Int(start.timeIntervalSince1970))"
    }
}

extension Events {
    /// Plans the reminders of `event` that are still ahead of `now`.
    func planReminders(for event: Event, at now: Date) async throws {
        guard let planner else { return }
        for moment in PostJob.Moment.allCases {
            guard let lead = moment.lead else { continue }
            let at = event.start.addingTimeInterval(-lead)
            guard at > now else { continue }
            let job = PostJob(event: event.id, moment: moment, start: event.start, planned: at)
            try await planner.scheduleOnce(PostJob.kind, at: at, payload: job.payload, key: job.key)
        }
    }

    /// Cancels the reminders planned for `event` at its current start.
    func cancelReminders(for event: Event) async throws {
        guard let planner else { return }
        for moment in PostJob.Moment.allCases where moment.lead != nil {
            try await planner.cancel(PostJob.kind, key: PostJob.key(event: event.id, kind: moment, start: event.start))
        }
    }

    /// Plans a post about `event` for now: its announcement or its cancellation notice. Posted by
    /// the scheduler right after the moderator's reply, once, and held while the network is down.
    func planNotice(_ moment: PostJob.Moment, for event: Event, at now: Date) async throws {
        let job = PostJob(event: event.id, moment: moment, start: event.start, planned: now)
        try await planner?.scheduleOnce(PostJob.kind, at: now, payload: job.payload, key: job.key)
    }

    /// Runs one planned reminder: posts it once if the event still stands and its network is
    /// up; waits for the network within the grace period; records it as skipped otherwise.
    func runPost(_ context: JobContext) async throws {
        guard let job = PostJob(payload: context.payload) else {
            context.log.error("unreadable reminder payload; skipped", metadata: ["payload": context.payload])
            return
        }
        let now = context.now
        let wanted: Event.Status = job.moment == .cancelled ? .cancelled : .scheduled
        guard let event = try await events.event(job.event), event.status == wanted, event.start == job.start else {
            _ = try await events.claimPost(
                job.key, planned: job.planned, state: .skipped, detail: "the event was cancelled or moved", at: now)
            return
        }
        let grace = job.moment.lead == nil ? settings.announcementGrace : settings.reminderGrace
        let lateness = now.timeIntervalSince(job.planned)
        if lateness > grace {
            if try await events.claimPost(
                job.key, planned: job.planned, state: .skipped,
                detail: "\(Int(lateness / 60)) min late, grace \(Int(grace / 60)) min", at: now)
            {
                context.log.notice(
                    "event reminder skipped: later than its grace period",
                    metadata: ["event": event.id, "reminder": job.moment.rawValue, "late_s": "\(Int(lateness))"])
            }
            return
        }
        guard presence.isOnline(event.network) else {
            try await retry(job, kind: PostJob.kind, key: job.key, payload: job.payload, grace: grace, context)
            return
        }
        let late = lateness > settings.lateAfter
        guard
            try await events.claimPost(
                job.key, planned: job.planned, state: late ? .late : .posted,
                detail: late ? "\(Int(lateness)) s late" : "", at: now)
        else { return }
        let textKey: String
        switch job.moment {
        case .day: textKey = "post.day"
        case .hour: textKey = "post.hour"
        case .start: textKey = "post.start"
        case .created: textKey = "post.created"
        case .cancelled: textKey = event.cancelReason == nil ? "notice.cancelled" : "notice.cancelledBecause"
        }
        let counts = try await events.counts(event.id)
        for channel in event.channels {
            let zone = channelZone(channel)
            var text = Self.messages.text(
                textKey,
                [
                    "id": .text(event.id), "title": .text(event.title), "channel": .text(channel),
                    "when": .text(moment(event.start, zone, settings.language, now: now)),
                    "going": .number(counts.going), "prefix": .text(context.prefix(on: event.network)),
                    "reason": .text(event.cancelReason ?? ""),
                ], in: settings.language)
            if late {
                text = settings.language.sentences([
                    text, lateNote(job.planned, zone: zone, language: settings.language, now: now),
                ])
            }
            await context.outlet.perform(.say(.channel(channel, on: event.network), text), on: event.network)
        }
        if job.moment == .day || job.moment == .hour {
            try await remindPrivately(event, job: job, late: late, context)
        }
        context.log.info(
            "event post made",
            metadata: ["event": event.id, "reminder": job.moment.rawValue, "late": late ? "yes" : "no"])
    }

    /// Tells each member going or maybe, with private reminders on, that the event is near.
    private func remindPrivately(_ event: Event, job: PostJob, late: Bool, _ context: JobContext) async throws {
        for rsvp in try await events.rsvps(of: event.id) where rsvp.answer != .no && rsvp.waitlistPlace == nil {
            let profile = try await members.profile(of: rsvp.identity)
            guard profile.reminders ?? settings.remindersByDefault else { continue }
            let (zone, language) = await reader(rsvp.identity)
            let text = Self.messages.text(
                job.moment == .day ? "remind.day" : "remind.hour",
                [
                    "id": .text(event.id), "title": .text(event.title),
                    "channel": .text(event.channels.joined(separator: " ")),
                    "when": .text(moment(event.start, zone, language, now: context.now)),
                    "prefix": .text(context.prefix(on: rsvp.identity.network)),
                ], in: language)
            try await notices.notify(
                rsvp.identity, text, at: context.now, keepFor: max(60, event.start.timeIntervalSince(context.now)),
                outlet: context.outlet, log: log)
        }
    }

    /// "(late: planned for 20:00 CST; the agent was offline)".
    func lateNote(_ planned: Date, zone: TimeZone, language: Language, now: Date) -> String {
        Self.messages.text(
            "post.late", ["planned": .text(moment(planned, zone, language, now: now))], in: language)
    }

    /// Plans another try of a post whose network is down: in 30 s, or just after its grace
    /// period ends (so the skip is recorded).
    func retry(
        _ job: PostJob?, kind: String, key: String, payload: String, grace: TimeInterval, _ context: JobContext
    ) async throws {
        guard let planner else { return }
        let planned = job?.planned ?? context.scheduledFor
        let next = min(context.now.addingTimeInterval(30), planned.addingTimeInterval(grace + 1))
        try await planner.scheduleOnce(
            kind, at: max(next, context.now.addingTimeInterval(1)), payload: payload,
            key: "\(key)-retry-\(Int(context.now.timeIntervalSince1970))")
        context.log.info(
            "network not connected: post waits", metadata: ["post": key, "retry_at": next.formatted(.iso8601)])
    }
}
