public import AgentCore
public import Community
public import Foundation
import Synchronization

/// The identities with a nudge waiting for them to be seen, so the chat path checks memory,
/// not SQLite.
final class NudgeWaitlist: Sendable {
    private let identities = Mutex<Set<Identity>>([])

    func replace(with nudges: [NudgeRecord]) { identities.withLock { $0 = Set(nudges.map(\.identity)) } }
    func add(_ identity: Identity) { _ = identities.withLock { $0.insert(identity) } }
    func remove(_ identity: Identity) { _ = identities.withLock { $0.remove(identity) } }
    func contains(_ identity: Identity) -> Bool { identities.withLock { $0.contains(identity) } }
}

/// What one sweep did.
public struct SweepReport: Sendable, Hashable, CustomStringConvertible {
    public var considered = 0
    public var sent = 0
    public var waiting = 0
    public var skipped: [NudgeSkip: Int] = [:]
    /// Waiting nudges given up because the member was not seen in time.
    public var expired = 0

    public var description: String {
        let skips = skipped.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
        return "considered \(considered), sent \(sent), waiting \(waiting), expired \(expired)"
            + (skips.isEmpty ? "" : ", skipped: " + skips.joined(separator: ", "))
    }
}

/// One row of `nudges plan`: what the sweep would do for one member.
public struct PlannedNudge: Sendable, Hashable {
    public var identity: Identity?
    public var decision: NudgeDecision
    /// The message it would send (in the member's language), when it would send one.
    public var message: String?
}

extension Engagement {
    /// The sweep: gives up nudges that waited too long, delivers waiting ones to members now
    /// present, then decides for every candidate; a nudge goes out now when the member is in one
    /// of the agent's channels, else waits for them.
    @discardableResult
    public func sweep(
        at now: Date, outlet: any Outlet, prefix: @escaping @Sendable (String) -> String, log: Logger
    ) async throws -> SweepReport {
        try await recorder.flush()
        var report = SweepReport()
        report.expired = try await engagement.expireWaitingNudges(at: now)
        let stillWaiting = try await engagement.waitingNudges()
        waiting.replace(with: stillWaiting)
        for nudge in stillWaiting {
            guard let nick = try await presentNick(of: nudge.identity, outlet: outlet) else { continue }
            try await deliverWaiting(to: nudge.identity, nick: nick, outlet: outlet, at: now)
        }
        for candidate in try await engagement.candidates(at: now) {
            // A stop between members is safe: each nudge is recorded as it is sent.
            try Task.checkCancellation()
            report.considered += 1
            let decision = engagement.decide(
                candidate, rules: settings.rules, communityZone: settings.timeZone, at: now)
            if let skip = decision.skip {
                report.skipped[skip, default: 0] += 1
                if skip == .optedOut || skip == .quietHours,
                    let identity = try await engagement.reachableIdentity(of: candidate.member)
                {
                    try await recordSkip(skip, candidate.member, identity, at: now)
                }
                continue
            }
            guard let identity = try await engagement.reachableIdentity(of: candidate.member) else { continue }
            let text = try await message(
                for: candidate.member, identity: identity, prefix: prefix(identity.network), at: now)
            if let nick = try await presentNick(of: identity, outlet: outlet) {
                try await engagement.recordNudge(candidate.member, to: identity, .sent, text: text, at: now)
                await outlet.perform(.say(.privateChat(with: nick, on: identity.network), text), on: identity.network)
                log.info("nudge sent", metadata: ["member": "\(identity)", "nick": nick])
                report.sent += 1
            } else {
                try await engagement.recordNudge(
                    candidate.member, to: identity, .waiting, text: text, at: now,
                    waitUntil: now.addingTimeInterval(settings.rules.presenceWait))
                waiting.add(identity)
                report.waiting += 1
            }
        }
        if report.considered > 0 || report.expired > 0 { log.info("nudge sweep", metadata: ["report": "\(report)"]) }
        return report
    }

    /// What the sweep would do at `now`, without sending or recording anything; presence is
    /// not known here, so nobody is skipped for it.
    public func plan(at now: Date, prefix: @escaping @Sendable (String) -> String) async throws -> [PlannedNudge] {
        var planned: [PlannedNudge] = []
        for candidate in try await engagement.candidates(at: now) {
            let decision = engagement.decide(
                candidate, rules: settings.rules, communityZone: settings.timeZone, at: now)
            let identity = try await engagement.reachableIdentity(of: candidate.member)
            var message: String?
            if decision.skip == nil, let identity {
                message = try await self.message(
                    for: candidate.member, identity: identity, prefix: prefix(identity.network), at: now)
            }
            planned.append(PlannedNudge(identity: identity, decision: decision, message: message))
        }
        return planned
    }

    /// Sends the nudges waiting for `identity` (now seen as `nick`), unless it is night for them.
    func deliverWaiting(to identity: Identity, nick: String, outlet: any Outlet, at now: Date) async throws {
        for nudge in try await engagement.waitingNudges() where nudge.identity == identity {
            if let expires = nudge.expiresAt, expires <= now { continue }
            let zone = try await members.profile(of: identity).timeZone ?? settings.timeZone
            if let quiet = settings.rules.quietHours, quiet.contains(now, in: zone) { return }
            guard try await engagement.markSent(nudge, at: now), let text = nudge.text else { continue }
            await outlet.perform(.say(.privateChat(with: nick, on: identity.network), text), on: identity.network)
            log.info("waiting nudge sent", metadata: ["member": "\(identity)", "nick": nick])
        }
        waiting.remove(identity)
    }

    /// The nick under which the network shows `identity` in one of the agent's channels now.
    private func presentNick(of identity: Identity, outlet: any Outlet) async throws -> String? {
        guard let nick = try await members.lastNick(of: identity),
            case .identified(let account) = await outlet.lookUp(nick: nick, on: identity.network),
            IdentityKey.account(account) == identity.account
        else { return nil }
        return nick
    }

    /// A skip is stored once per cause and cooling spell, not at every sweep.
    private func recordSkip(_ skip: NudgeSkip, _ member: Member, _ identity: Identity, at now: Date) async throws {
        if let last = try await engagement.lastNudge(of: member), last.skip == skip,
            now.timeIntervalSince(last.decidedAt) < engagement.lookback
        {
            return
        }
        try await engagement.recordNudge(member, to: identity, .skipped, skip: skip, at: now)
    }

    /// The one useful message for `member`: access that ends within 7 days, else a course they
    /// have not touched (popular in their interests, popular overall, or new), else a pointer
    /// to the catalog; always with how to stop nudges.
    func message(for member: Member, identity: Identity, prefix: String, at now: Date) async throws -> String {
        let profile = try await members.profile(of: identity)
        let language = profile.language.flatMap(Language.init(code:)) ?? settings.language
        let zone = profile.timeZone ?? settings.timeZone
        let nick = try await members.lastNick(of: identity) ?? identity.account
        let say = { (key: String, arguments: [String: MessageArgument]) in
            Self.messages.text(key, arguments, in: language, timeZone: zone)
        }
        let stop = say("nudge.stop", ["command": .text(prefix + "nudges off")])
        let ending = try await subscriptions.activeSubscriptions(of: identity, at: now).filter { subscription in
            subscription.endsAt.map { $0 > now && $0.timeIntervalSince(now) <= 7 * 86_400 } ?? false
        }.sorted { ($0.endsAt ?? now) < ($1.endsAt ?? now) }
        if let soonest = ending.first, let end = soonest.endsAt {
            let title = try await catalog.course(soonest.courseSlug)?.title ?? soonest.courseSlug
            return say(
                "nudge.renew",
                [
                    "nick": .text(nick), "title": .text(title), "day": .day(end),
                    "command": .text(prefix + "subscribe " + soonest.courseSlug),
                ]) + stop
        }
        // The recommender's first pick when it runs; otherwise the plugin's own choice.
        var picked: (course: Course, reason: Reason)?
        if let recommendations, let best = try await recommendations.recommend(for: identity, count: 1, at: now).first {
            switch best.reason {
            case .similar: picked = (best.course, .because(best.because?.title ?? best.course.title))
            // A reason without its topic (a member with no interests and little history) is
            // said as plain popularity, never with an empty topic.
            case .peers: picked = (best.course, best.topic.map { .peers($0) } ?? .liked)
            case .topic: picked = (best.course, best.topic.map { .inTopic($0) } ?? .liked)
            case .popular: picked = (best.course, .popular)
            }
        } else {
            picked = try await suggestion(for: member, interests: profile.interests, level: profile.level, at: now)
        }
        guard let (course, reason) = picked else {
            return say("nudge.browse", ["nick": .text(nick), "command": .text(prefix + "courses")]) + stop
        }
        let reasonText: String
        switch reason {
        case .because(let title): reasonText = say("reason.because", ["title": .text(title)])
        case .peers(let tag): reasonText = say("reason.peers", ["tag": .text(tag)])
        case .topic(let tag): reasonText = say("reason.topic", ["tag": .text(tag)])
        case .newInTopic(let tag): reasonText = say("reason.topicNew", ["tag": .text(tag)])
        case .inTopic(let tag): reasonText = say("reason.inTopic", ["tag": .text(tag)])
        case .popular: reasonText = say("reason.popular", [:])
        case .liked: reasonText = say("reason.liked", [:])
        case .new: reasonText = say("reason.new", [:])
        }
        return say(
            "nudge.course",
            [
                "nick": .text(nick), "title": .text(course.title), "reason": .text(reasonText),
                "command": .text(prefix + "course " + course.slug),
            ]) + stop
    }

    /// Why a nudge suggests its course (the recommender's reasons, then the plugin's own).
    private enum Reason {
        case because(String), peers(String), topic(String), newInTopic(String), inTopic(String), popular, liked, new
    }

    /// A published course the member has not touched: popular this month in their topics, new
    /// in them, any in them, popular overall, or new overall. Their topics are the interests
    /// they declared, else the tags of the courses they looked at or took.
    private func suggestion(
        for member: Member, interests: [String], level: CourseLevel?, at now: Date
    ) async throws -> (Course, Reason)? {
        let touched = try await engagement.coursesTouched(by: member)
        let published = try await catalog.courses(status: .published)
        let open = published.filter { !touched.contains($0.slug) }
        guard !open.isEmpty else { return nil }
        var topics = interests.map { $0.lowercased() }
        if topics.isEmpty {
            var counts: [String: Int] = [:]
            for course in published where touched.contains(course.slug) {
                for tag in course.tags { counts[tag.lowercased(), default: 0] += 1 }
            }
            // Most taken first; between equals the tag listed earlier (a course's first tag is
            // its main topic: "swift" before "programming").
            var position: [String: Int] = [:]
            for course in published where touched.contains(course.slug) {
                for (index, tag) in course.tags.enumerated() {
                    position[tag.lowercased()] = min(position[tag.lowercased()] ?? index, index)
                }
            }
            topics = counts.sorted { a, b in
                if a.value != b.value { return a.value > b.value }
                let (left, right) = (position[a.key] ?? 0, position[b.key] ?? 0)
                return left != right ? left < right : a.key < b.key
            }.map(\.key)
        }
        let bySlug = Dictionary(open.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let popular = try await engagement.popularCourses(since: now.addingTimeInterval(-30 * 86_400))
            .compactMap { bySlug[$0.course] }
        let recent = now.addingTimeInterval(-30 * 86_400)
        let newest = open.filter { $0.createdAt >= recent && $0.createdAt <= now }
            .sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.slug < $1.slug }
        func topic(of course: Course) -> String? {
            topics.first { topic in course.tags.contains { $0.lowercased() == topic } }
        }
        if let course = popular.first(where: { topic(of: $0) != nil }), let tag = topic(of: course) {
            return (course, .topic(tag))
        }
        if let course = newest.first(where: { topic(of: $0) != nil }), let tag = topic(of: course) {
            return (course, .newInTopic(tag))
        }
        // The member's first topic with an open course: the one nearest their level (declared,
        // else the highest they have taken in that topic, so a beginner moves on).
        let rank = { (level: CourseLevel) in CourseLevel.allCases.firstIndex(of: level) ?? 0 }
        for wanted in topics {
            let matching = open.filter { course in course.tags.contains { $0.lowercased() == wanted } }
            let taken = published.filter { course in
                touched.contains(course.slug) && course.tags.contains { $0.lowercased() == wanted }
            }
            let target = level.map(rank) ?? taken.map { rank($0.level) }.max() ?? 0
            if let course = matching.min(by: {
                (abs(rank($0.level) - target), $0.slug) < (abs(rank($1.level) - target), $1.slug)
            }) {
                return (course, .inTopic(wanted))
            }
        }
        if let course = popular.first { return (course, .popular) }
        return newest.first.map { ($0, .new) }
    }
}
