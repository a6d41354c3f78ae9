import AgentCore
import Community
import Foundation
import PluginSupport

extension Events {
    var eventCommand: Command {
        let event = Parameter("event", .event(in: events))
        let details = Parameter.text("\"title\" when")
        let field = Parameter(
            "field", .choice(["title", "description", "when", "duration", "channel", "cap", "tags", "course"]))
        let value = Parameter.optionalText("value")
        let reason = Parameter.optionalText("reason")
        return Command(
            "event",
            summary: "One event's details, and (moderators) adding, changing and cancelling events.".zh(
                "查看活动详情；版主可以添加、修改和取消活动。"),
            forms: [
                .main(
                    summary: "Details of an event: when in your time zone, who is coming, your own answer.".zh(
                        "活动详情：按你的时区显示时间、报名人数和你自己的回复。"),
                    parameters: [event],
                    examples: [Example("!event k7mq", matches: #"k7mq · Swift 并发答疑 — .+ in #swift\..*"#)]
                ) { call in try await describe(try call[event], call) },
                .subcommand(
                    "add",
                    summary:
                        "Add an event: the title in quotes, then when (tomorrow 20:00, fri 8pm, 明晚8点…), then optionally for 90m, #channel, cap N and tags."
                        .zh("添加活动：先写带引号的标题，再写时间（明天 20:00、周五 20:00、明晚8点……），然后可选 for 90m、#频道、cap 人数和标签。"),
                    minimumRole: .moderator, parameters: [details],
                    examples: [
                        Example(
                            "!event add \"Swift office hours\" fri 20:00 for 90m #swift cap 20 swift",
                            matches:
                                #"Added [a-z2-9]{4}: Swift office hours — Fri 9 Jan 20:00 UTC \(1h30m\) in #swift, 20 places\. .+"#
                        ).zh("!event add \"Swift 答疑\" 周五 20:00 for 90m #swift cap 20 swift"),
                        Example(
                            "!event add \"Study night\" tomorrow 8",
                            replies:
                                "8 in the morning or in the evening? Write 08:00 or 20:00 (or 8am / 8pm)."
                        ).zh("!event add \"学习之夜\" 明天 8"),
                    ]
                ) { call in try await add(try call[details], call) },
                .subcommand(
                    "edit",
                    summary: "Change an event's title, description, when, duration, channel, cap, tags or course.".zh(
                        "修改活动的标题、描述、时间、时长、频道、人数上限、标签或课程。"),
                    minimumRole: .moderator, parameters: [event, field, value],
                    examples: [
                        Example("!event edit k7mq cap 30", replies: "Changed k7mq: cap is now 30.")
                    ]
                ) { call in try await edit(try call[event], field: try call[field], value: try call[value], call) },
                .subcommand(
                    "cancel",
                    summary: "Cancel an event: everyone who answered yes or maybe is told privately, the channel once."
                        .zh("取消活动：回复 yes 或 maybe 的人会收到私信，频道里通知一次。"),
                    minimumRole: .moderator, parameters: [event, reason],
                    examples: [
                        Example(
                            "!event cancel w2xy speaker is ill",
                            replies: "Cancelled w2xy Rust study night; told 0 members privately and #rust once."
                        ).zh("!event cancel w2xy 讲者生病了")
                    ]
                ) { call in try await cancel(try call[event], reason: try call[reason], call) },
                .subcommand(
                    "ics",
                    summary: "A calendar file (iCalendar) for one event.".zh("获取单个活动的日历文件（iCalendar）。"),
                    parameters: [event],
                    examples: [Example("!event ics k7mq", matches: #".*k7mq.*"#)]
                ) { call in
                    let event = try call[event]
                    if let template = settings.calendarURL {
                        return .text(
                            call.text(
                                Self.messages, "ics.link",
                                [
                                    "id": .text(event.id),
                                    "url": .text(template.replacingOccurrences(of: "{id}", with: event.id)),
                                ]))
                    }
                    return .text(call.text(Self.messages, "ics.cli", ["id": .text(event.id)]))
                },
            ])
    }

    private func describe(_ event: Event, _ call: Invocation) async throws -> Reply {
        let zone = await zone(for: call.speaker, in: call.conversation)
        var arguments: [String: MessageArgument] = [
            "id": .text(event.id), "title": .text(event.title), "prefix": .text(call.prefix),
            "when": .text(span(event, zone, call.language, now: call.time)),
            "channel": .text(event.channels.joined(separator: " ")),
        ]
        guard event.status == .scheduled else {
            arguments["reason"] = .text(event.cancelReason ?? "—")
            return .text(
                call.text(
                    Self.messages, event.status == .cancelled ? "event.cancelledDetail" : "event.doneDetail", arguments)
            )
        }
        var first = [call.text(Self.messages, "event.detail", arguments)]
        if let host = event.host { first.append(call.text(Self.messages, "event.host", ["host": .text(host.account)])) }
        if let course = event.course {
            first.append(call.text(Self.messages, "event.course", ["course": .text(course)]))
        }
        if !event.tags.isEmpty { first.append(call.text(Self.messages, "event.tags", ["tags": .list(event.tags)])) }
        let counts = try await events.counts(event.id)
        var second = [
            call.text(
                Self.messages, "event.counts",
                ["going": .number(counts.going), "maybe": .number(counts.maybe), "waiting": .number(counts.waitlisted)])
        ]
        if let capacity = event.capacity {
            second.append(call.text(Self.messages, "event.capacity", ["capacity": .number(capacity)]))
        }
        if let account = call.speaker.account,
            let own = try await events.rsvp(
                of: Identity(network: call.speaker.network, account: account), for: event.id)
        {
            let key =
                own.waitlistPlace != nil
                ? "event.youWaiting"
                : own.answer == .yes ? "event.youGoing" : own.answer == .maybe ? "event.youMaybe" : "event.youNo"
            second.append(call.text(Self.messages, key, ["place": .number(own.waitlistPlace ?? 0)]))
        } else {
            second.append(call.text(Self.messages, "event.youUnanswered", arguments))
        }
        var lines = [call.language.sentences(first), call.language.sentences(second)]
        if !event.description.isEmpty { lines.append(event.description) }
        return .lines(lines)
    }

    private func add(_ text: String, _ call: Invocation) async throws -> Reply {
        let zone = await zone(for: call.speaker, in: call.conversation)
        let details: EventDetails
        switch EventDetails.read(text, zone: zone, now: call.time) {
        case .success(let read): details = read
        case .failure(let problem): throw UserError(describe(problem, zone: zone, call))
        }
        guard let channel = details.channel ?? (call.conversation.isPrivate ? nil : call.conversation.name) else {
            throw UserError(call.text(Self.messages, "add.whichChannel", ["prefix": .text(call.prefix)]))
        }
        var draft = EventDraft(
            title: details.title, start: details.start, network: call.speaker.network, channels: [channel])
        draft.duration = details.duration ?? settings.defaultDuration
        draft.capacity = details.capacity
        draft.tags = details.tags
        draft.host = call.speaker.account.map { Identity(network: call.speaker.network, account: $0) }
        let event = try await events.create(draft, at: call.time)
        try await planReminders(for: event, at: call.time)
        if settings.announceOnCreate { try await planNotice(.created, for: event, at: call.time) }
        call.log.info("event added", metadata: ["event": event.id, "by": "\(call.speaker)"])
        var arguments: [String: MessageArgument] = [
            "id": .text(event.id), "title": .text(event.title), "prefix": .text(call.prefix),
            "when": .text(moment(event.start, zone, call.language, now: call.time)),
            "duration": .duration(.seconds(Int64(event.duration))), "channel": .text(channel),
        ]
        var line = call.text(Self.messages, "add.done", arguments)
        if let capacity = event.capacity {
            arguments["capacity"] = .number(capacity)
            line = call.text(Self.messages, "add.doneCapped", arguments)
        }
        return .text(call.language.sentences([line, call.text(Self.messages, "add.reminders", arguments)]))
    }

    /// The reply for a `!event add` text that could not be read.
    func describe(_ problem: EventDetails.Problem, zone: TimeZone, _ call: Invocation) -> String {
        switch problem {
        case .title: return call.text(Self.messages, "add.title", ["prefix": .text(call.prefix)])
        case .time(let time): return TimeTexts.question(time, now: call.time, zone: zone, language: call.language)
        case .duration(let word): return call.text(Self.messages, "add.duration", ["word": .quoted(word)])
        case .capacity(let word): return call.text(Self.messages, "add.capacity", ["word": .quoted(word)])
        case .tag(let word): return call.text(Self.messages, "add.tag", ["word": .quoted(word)])
        }
    }

    private func edit(_ event: Event, field: String, value: String, _ call: Invocation) async throws -> Reply {
        let value = value.trimmingCharacters(in: .whitespaces)
        let zone = await zone(for: call.speaker, in: call.conversation)
        guard !value.isEmpty || field == "description" else {
            throw UserError(
                call.text(Self.messages, "edit.value", ["field": .text(field), "prefix": .text(call.prefix)]))
        }
        var shown = value
        let change: @Sendable (inout Event) -> Void
        switch field {
        case "title":
            change = { $0.title = value }
        case "description":
            change = { $0.description = value }
        case "when":
            let start: Date
            do {
                start = try TimeParser(zone: zone, now: call.time).resolve(value)
            } catch {
                throw UserError(TimeTexts.question(error, now: call.time, zone: zone, language: call.language))
            }
            shown = moment(start, zone, call.language, now: call.time)
            change = { event in
                let duration = event.duration
                event.start = start
                event.end = start.addingTimeInterval(duration)
            }
        case "duration":
            guard let duration = DurationText.parse(value), duration > .zero, duration <= .seconds(7 * 86_400) else {
                throw UserError(call.text(Self.messages, "add.duration", ["word": .quoted(value)]))
            }
            change = { $0.end = $0.start.addingTimeInterval(TimeInterval(duration.components.seconds)) }
        case "channel":
            let channels = value.split(separator: " ").map(String.init)
            guard channels.allSatisfy({ $0.hasPrefix("#") || $0.hasPrefix("&") }) else {
                throw UserError(call.text(Self.messages, "edit.channel", ["word": .quoted(value)]))
            }
            change = { $0.channels = channels }
        case "cap":
            let capacity = Int(value)
            guard value.lowercased() == "none" || capacity.map({ (1...10_000).contains($0) }) == true else {
                throw UserError(call.text(Self.messages, "add.capacity", ["word": .quoted(value)]))
            }
            change = { $0.capacity = capacity }
        case "tags":
            let tags = value.lowercased().split(separator: " ").map(String.init)
            change = { $0.tags = value.lowercased() == "none" ? [] : tags }
        default:
            let slug = value.lowercased()
            if slug != "none", try await catalog.course(slug) == nil {
                throw UserError(
                    UnknownCourse.message(
                        slug, candidates: try await catalog.slugs(), prefix: call.prefix, language: call.language))
            }
            change = { $0.course = slug == "none" ? nil : slug }
        }
        let updated: Event
        let promoted: [RSVP]
        do {
            (updated, promoted) = try await events.update(event.id, at: call.time, change)
        } catch let error as EventError {
            throw UserError(refusal(error, call))
        }
        try await tellPromoted(promoted, of: updated, outlet: call.outlet, at: call.time)
        if updated.start != event.start {
            try await cancelReminders(for: event)
            try await planReminders(for: updated, at: call.time)
            try await tellAttendees(of: updated, key: "notice.moved", outlet: call.outlet, at: call.time)
        }
        call.log.info("event changed", metadata: ["event": event.id, "field": field, "by": "\(call.speaker)"])
        return .text(
            call.text(
                Self.messages, "edit.done",
                [
                    "id": .text(event.id), "field": .text(call.text(Self.messages, "field.\(field)")),
                    "value": .text(shown),
                ]
            ))
    }

    private func cancel(_ event: Event, reason: String, _ call: Invocation) async throws -> Reply {
        let reason = reason.trimmingCharacters(in: .whitespaces)
        let cancelled: Event
        let told: [RSVP]
        do {
            (cancelled, told) = try await events.cancel(event.id, reason: reason.isEmpty ? nil : reason, at: call.time)
        } catch let error as EventError {
            throw UserError(refusal(error, call))
        }
        try await cancelReminders(for: cancelled)
        for rsvp in told {
            let (zone, language) = await reader(rsvp.identity)
            try await notices.notify(
                rsvp.identity, cancellationText(cancelled, zone: zone, language: language, now: call.time),
                at: call.time, keepFor: max(3600, cancelled.start.timeIntervalSince(call.time)), outlet: call.outlet,
                log: log)
        }
        try await planNotice(.cancelled, for: cancelled, at: call.time)
        call.log.info(
            "event cancelled", metadata: ["event": event.id, "by": "\(call.speaker)", "told": "\(told.count)"])
        return .text(
            call.text(
                Self.messages, "cancel.done",
                [
                    "id": .text(cancelled.id), "title": .text(cancelled.title), "count": .number(told.count),
                    "channel": .text(cancelled.channels.joined(separator: " ")),
                ]))
    }

    /// "k7mq Swift 并发答疑 (Tue 1 Dec 20:00 CST) is cancelled: reason."
    func cancellationText(_ event: Event, zone: TimeZone, language: Language, now: Date) -> String {
        var arguments: [String: MessageArgument] = [
            "id": .text(event.id), "title": .text(event.title),
            "when": .text(moment(event.start, zone, language, now: now)),
        ]
        if let reason = event.cancelReason {
            arguments["reason"] = .text(reason)
            return Self.messages.text("notice.cancelledBecause", arguments, in: language)
        }
        return Self.messages.text("notice.cancelled", arguments, in: language)
    }

    /// Tells everyone going or maybe (not waiting) something about `event`, privately.
    func tellAttendees(of event: Event, key: String, outlet: any Outlet, at now: Date) async throws {
        for rsvp in try await events.rsvps(of: event.id) where rsvp.answer != .no && rsvp.waitlistPlace == nil {
            let (zone, language) = await reader(rsvp.identity)
            let text = Self.messages.text(
                key,
                [
                    "id": .text(event.id), "title": .text(event.title),
                    "when": .text(moment(event.start, zone, language, now: now)),
                ], in: language)
            try await notices.notify(
                rsvp.identity, text, at: now, keepFor: max(3600, event.start.timeIntervalSince(now)), outlet: outlet,
                log: log)
        }
    }
}
