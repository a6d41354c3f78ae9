import AgentCore
import Community
import Foundation
import PluginSupport

extension Events {
    var eventsCommand: Command {
        let tag = Parameter("tag", .word).optional
        return Command(
            "events",
            summary: "Upcoming events, soonest first (only those tagged with a topic when you give one).".zh(
                "即将举行的活动，最近的在前（给出话题时只列出该话题的活动）。"),
            parameters: [tag],
            examples: [
                Example("!events", matches: #"Upcoming events: k7mq Swift 并发答疑 — .+"#),
                Example("!events rust", replies: "No upcoming events tagged rust."),
            ]
        ) { call in
            let zone = await zone(for: call.speaker, in: call.conversation)
            let tag = try call[tag]?.lowercased()
            let upcoming = try await events.upcoming(tag: tag, from: call.time)
            guard !upcoming.isEmpty else {
                return .text(
                    tag.map { call.text(Self.messages, "events.noneTagged", ["tag": .text($0)]) }
                        ?? call.text(Self.messages, "events.none", ["prefix": .text(call.prefix)]))
            }
            var items: [String] = []
            for event in upcoming.prefix(5) {
                let going = try await events.counts(event.id).going
                items.append(
                    call.text(
                        Self.messages, "events.item",
                        [
                            "id": .text(event.id), "title": .text(event.title),
                            "when": .text(moment(event.start, zone, call.language, now: call.time)),
                            "channel": .text(event.channels.joined(separator: " ")), "going": .number(going),
                        ]))
            }
            var line = call.text(Self.messages, "events.list", ["items": .text(call.language.items(items))])
            if upcoming.count > 5 {
                line = call.language.sentences([
                    line, call.text(Self.messages, "events.more", ["count": .number(upcoming.count - 5)]),
                ])
            }
            return .lines([line, call.text(Self.messages, "events.hint", ["prefix": .text(call.prefix)])])
        }
    }

    var rsvpCommand: Command {
        let event = Parameter("event", .event(in: events))
        let answer = Parameter(
            "answer", .choice(["yes", "no", "maybe"], aliases: ["去": "yes", "不去": "no", "可能": "maybe"])
        )
        .optional
        return Command(
            "rsvp",
            summary:
                "Say whether you will come to an event (yes by default); when it is full, yes puts you on the waitlist."
                .zh("报名活动（默认 yes）；满员时 yes 会进入候补名单。"),
            parameters: [event, answer],
            examples: [
                Example("!rsvp k7mq", matches: #"You're going to k7mq Swift 并发答疑 \(.+\)\. I'll remind you .+"#),
                Example("!rsvp k7mq maybe", matches: #"Noted: maybe for k7mq Swift 并发答疑\. .+"#),
                Example("!rsvp zzzz", replies: "There is no event \"zzzz\". See !events."),
            ]
        ) { call in
            let identity = try call.member()
            let event = try call[event]
            let choice = RSVPAnswer(rawValue: try call[answer] ?? "yes") ?? .yes
            let outcome: RSVPOutcome
            do {
                outcome = try await events.rsvp(event.id, by: identity, answer: choice, at: call.time)
            } catch let error as EventError {
                throw UserError(refusal(error, call))
            }
            try await tellPromoted(outcome.promoted, of: event, outlet: call.outlet, at: call.time)
            let zone = await zone(for: call.speaker, in: call.conversation)
            let arguments: [String: MessageArgument] = [
                "id": .text(event.id), "title": .text(event.title),
                "when": .text(moment(event.start, zone, call.language, now: call.time)), "prefix": .text(call.prefix),
            ]
            switch outcome.standing {
            case .going:
                return .text(
                    call.text(Self.messages, outcome.unchanged ? "rsvp.alreadyGoing" : "rsvp.going", arguments))
            case .waitlisted(let place):
                return .text(
                    call.text(Self.messages, "rsvp.waitlisted", arguments.merging(["place": .number(place)]) { $1 }))
            case .maybe:
                return .text(call.text(Self.messages, "rsvp.maybe", arguments))
            case .notGoing:
                return .text(call.text(Self.messages, "rsvp.no", arguments))
            }
        }
    }

    /// Tells members moved off the waitlist of `event`, privately (kept for them until it starts).
    func tellPromoted(_ promoted: [RSVP], of event: Event, outlet: any Outlet, at now: Date) async throws {
        for rsvp in promoted {
            let (zone, language) = await reader(rsvp.identity)
            let text = Self.messages.text(
                "rsvp.promoted",
                [
                    "id": .text(event.id), "title": .text(event.title),
                    "when": .text(moment(event.start, zone, language, now: now)),
                ], in: language)
            try await notices.notify(
                rsvp.identity, text, at: now, keepFor: max(60, event.start.timeIntervalSince(now)), outlet: outlet,
                log: log)
        }
    }

    /// Words for an event operation refused.
    func refusal(_ error: EventError, _ call: Invocation) -> String {
        switch error {
        case .notFound(let id):
            return call.text(Self.messages, "event.notFound", ["id": .quoted(id), "prefix": .text(call.prefix)])
        case .cancelled(let event):
            return call.text(Self.messages, "event.isCancelled", ["id": .text(event.id), "title": .text(event.title)])
        case .over(let event):
            return call.text(Self.messages, "event.isOver", ["id": .text(event.id), "title": .text(event.title)])
        }
    }
}
