import AgentCore
import Community
import Foundation
import PluginSupport

/// One planned post of an announcement, as stored in the scheduler's payload.
struct AnnouncementJob: Equatable {
    static let kind = "events.announce"

    var announcement: String
    var planned: Date

    var payload: String { "\(announcement) \(Int(planned.timeIntervalSince1970))" }
    var key: String { "announce:\(announcement):\(Int(planned.timeIntervalSince1970))" }

    init(announcement: String, planned: Date) {
        self.announcement = announcement
        self.planned = planned
    }

    init?(payload: String) {
        let parts = payload.split(separator: " ")
        guard parts.count == 2, let planned = Int(parts[1]) else { return nil }
        self.init(announcement: String(parts[0]), planned: Date(timeIntervalSince1970: TimeInterval(planned)))
    }
}

extension Events {
    var announceCommand: Command {
        let channel = Parameter("#channel", .channel)
        let rest = Parameter.text("when text")
        let id = Parameter("id", .word)
        return Command(
            "announce",
            summary: "Post a message to a channel at a time or on a recurring rule (moderators).".zh(
                "在指定时间或按固定规律向频道发布消息（版主）。"),
            forms: [
                .main(
                    summary: "Plan an announcement: once (tomorrow 9am) or recurring (every monday 09:00, 每周一 9:00)."
                        .zh("安排一条公告：一次性（明天 9:00）或重复（every monday 09:00、每周一 9:00）。"),
                    minimumRole: .moderator, parameters: [channel, rest],
                    examples: [
                        Example(
                            "!announce #test every monday 09:00 Weekly check-in: what are you learning?",
                            matches:
                                #"Announcement [a-z2-9]{4} planned: every mon 09:00 \(UTC\) in #test; next Mon 12 Jan 09:00 UTC\."#
                        ).zh("!announce #test 每周一 9:00 本周你在学什么？来聊聊吧"),
                        Example(
                            "!announce #test tomorrow",
                            replies: "At what time on 2026-01-06? For example: 2026-01-06 20:00."),
                    ]
                ) { call in try await announce(in: try call[channel], try call[rest], call) },
                .subcommand(
                    "cancel", summary: "Stop an announcement.".zh("停止一条公告。"), minimumRole: .moderator,
                    parameters: [id],
                    examples: [Example("!announce cancel zzzz", replies: "There is no announcement \"zzzz\".")]
                ) { call in
                    let id = try call[id]
                    guard try await events.cancelAnnouncement(id, at: call.time) else {
                        throw UserError(call.text(Self.messages, "announce.notFound", ["id": .quoted(id)]))
                    }
                    call.log.info("announcement cancelled", metadata: ["announcement": id, "by": "\(call.speaker)"])
                    return .text(call.text(Self.messages, "announce.cancelled", ["id": .text(id.lowercased())]))
                },
            ])
    }

    var announcementsCommand: Command {
        Command(
            "announcements",
            summary: "Planned announcements with their next time (moderators).".zh(
                "已安排的公告及其下次发布时间（版主）。"),
            minimumRole: .moderator,
            examples: [Example("!announcements", matches: #"(No announcements are planned\.|[a-z2-9]{4} .+)"#)]
        ) { call in
            let zone = await zone(for: call.speaker, in: call.conversation)
            var lines: [String] = []
            for announcement in try await events.activeAnnouncements() {
                guard let next = nextTime(of: announcement, after: call.time) else { continue }
                lines.append(
                    call.text(
                        Self.messages, "announce.item",
                        [
                            "id": .text(announcement.id), "channel": .text(announcement.channel),
                            "rule": .text(
                                announcement.rule.map { TimeTexts.rule($0, language: call.language) }
                                    ?? call.text(Self.messages, "announce.once")),
                            "next": .text(moment(next, zone, call.language, now: call.time)),
                            "text": .quoted(announcement.text),
                        ]))
            }
            return lines.isEmpty ? .text(call.text(Self.messages, "announce.none")) : .lines(lines)
        }
    }

    /// When an announcement goes out next after `date`; nil once a one-off has gone.
    func nextTime(of announcement: Announcement, after date: Date) -> Date? {
        if let rule = announcement.rule { return rule.next(after: date) }
        return announcement.once.flatMap { $0 > date ? $0 : nil }
    }

    private func announce(in channel: String, _ text: String, _ call: Invocation) async throws -> Reply {
        let zone = await zone(for: call.speaker, in: call.conversation)
        let words = text.split(separator: " ").map(String.init)
        var rule: Recurrence?
        var once: Date?
        var used = 0
        let isRule = Recurrence.looksLikeRule(text)
        search: for count in stride(from: min(words.count - 1, 10), through: 1, by: -1) {
            let candidate = words.prefix(count).joined(separator: " ")
            do {
                if isRule {
                    rule = try Recurrence(parsing: candidate, zone: zone)
                } else {
                    once = try TimeParser(zone: zone, now: call.time).resolve(candidate)
                }
                used = count
                break search
            } catch .unrecognized {
                continue
            } catch {
                throw UserError(TimeTexts.question(error, now: call.time, zone: zone, language: call.language))
            }
        }
        let message = words.dropFirst(used).joined(separator: " ")
        guard used > 0, !message.isEmpty else {
            // Nothing left to announce: when all of it is a time with a problem, ask about that.
            if !isRule,
                case .failure(let problem) = Result(catching: { () throws(TimeProblem) in
                    try TimeParser(zone: zone, now: call.time).resolve(text)
                }), problem != .unrecognized(text)
            {
                throw UserError(TimeTexts.question(problem, now: call.time, zone: zone, language: call.language))
            }
            throw UserError(call.text(Self.messages, "announce.usage", ["prefix": .text(call.prefix)]))
        }
        let announcement = try await events.createAnnouncement(
            network: call.speaker.network, channel: channel, rule: rule, once: once, text: message,
            by: call.speaker.description, at: call.time)
        guard let next = nextTime(of: announcement, after: call.time) else {
            throw UserError(call.text(Self.messages, "announce.usage", ["prefix": .text(call.prefix)]))
        }
        try await planAnnouncement(announcement.id, at: next)
        call.log.info("announcement planned", metadata: ["announcement": announcement.id, "by": "\(call.speaker)"])
        return .text(
            call.text(
                Self.messages, "announce.planned",
                [
                    "id": .text(announcement.id), "channel": .text(channel),
                    "rule": .text(
                        rule.map { TimeTexts.rule($0, language: call.language) }
                            ?? call.text(Self.messages, "announce.once")),
                    "next": .text(moment(next, zone, call.language, now: call.time)),
                ]))
    }

    private func planAnnouncement(_ id: String, at date: Date) async throws {
        let job = AnnouncementJob(announcement: id, planned: date)
        try await planner?.scheduleOnce(AnnouncementJob.kind, at: date, payload: job.payload, key: job.key)
    }

    /// Posts one planned announcement (once, late only within its grace period), then plans the
    /// next occurrence of a recurring one.
    func runAnnouncement(_ context: JobContext) async throws {
        guard let job = AnnouncementJob(payload: context.payload),
            let announcement = try await events.announcement(job.announcement), announcement.cancelledAt == nil
        else { return }
        let now = context.now
        let lateness = now.timeIntervalSince(job.planned)
        if lateness <= settings.announcementGrace, !presence.isOnline(announcement.network) {
            try await retry(
                nil, kind: AnnouncementJob.kind, key: job.key, payload: job.payload, grace: settings.announcementGrace,
                context)
            return
        }
        if lateness > settings.announcementGrace {
            if try await events.claimPost(
                job.key, planned: job.planned, state: .skipped,
                detail: "\(Int(lateness / 60)) min late, grace \(Int(settings.announcementGrace / 60)) min", at: now)
            {
                context.log.notice(
                    "announcement skipped: later than its grace period",
                    metadata: ["announcement": announcement.id, "late_s": "\(Int(lateness))"])
            }
        } else {
            let late = lateness > settings.lateAfter
            if try await events.claimPost(
                job.key, planned: job.planned, state: late ? .late : .posted,
                detail: late ? "\(Int(lateness)) s late" : "", at: now)
            {
                var text = announcement.text
                if late {
                    text +=
                        " "
                        + lateNote(
                            job.planned, zone: channelZone(announcement.channel), language: settings.language, now: now)
                }
                await context.outlet.perform(
                    .say(.channel(announcement.channel, on: announcement.network), text), on: announcement.network)
                context.log.info("announcement posted", metadata: ["announcement": announcement.id])
            }
        }
        if let rule = announcement.rule {
            var next = rule.next(after: job.planned)
            if next <= now { next = rule.next(after: now) }
            try await planAnnouncement(announcement.id, at: next)
        }
    }

    // MARK: The weekly digest

    /// Posts the week's digest: events of the coming week, courses added in the last one, and
    /// the top learners (when engagement runs).
    func postDigest(_ digest: Settings.Digest, _ context: JobContext) async throws {
        let now = context.now
        guard
            try await events.claimPost(
                "digest:\(context.runKey)", planned: context.scheduledFor, state: .posted, at: now)
        else { return }
        let language = settings.language
        let zone = channelZone(digest.channel)
        var lines = [Self.messages.text("digest.header", in: language)]
        let coming = try await events.starting(in: now..<now.addingTimeInterval(7 * 86_400))
        if !coming.isEmpty {
            let items = coming.prefix(8).map { "\($0.id) \($0.title) (\(moment($0.start, zone, language, now: now)))" }
            lines.append(
                Self.messages.text("digest.events", ["items": .text(items.joined(separator: "; "))], in: language))
        }
        let weekAgo = now.addingTimeInterval(-7 * 86_400)
        let added = try await catalog.courses(status: .published).filter {
            $0.createdAt >= weekAgo && $0.createdAt <= now
        }
        if !added.isEmpty {
            lines.append(
                Self.messages.text(
                    "digest.courses",
                    ["items": .text(language.items(added.prefix(8).map { "\($0.title) (\($0.slug))" }))],
                    in: language))
        }
        if let engagement {
            var names: [String] = []
            for (member, points) in try await engagement.leaderboard(since: weekAgo, limit: 3) {
                guard let identity = try await members.identities(of: member).first else { continue }
                names.append("\(identity.account) (\(points))")
            }
            if !names.isEmpty {
                lines.append(
                    Self.messages.text("digest.learners", ["items": .text(names.joined(separator: ", "))], in: language)
                )
            }
        }
        if lines.count == 1 { lines.append(Self.messages.text("digest.quiet", in: language)) }
        lines.append(
            Self.messages.text("digest.footer", ["prefix": .text(context.prefix(on: digest.network))], in: language))
        await context.outlet.perform(
            lines.map { .say(.channel(digest.channel, on: digest.network), $0) }, on: digest.network)
    }
}
