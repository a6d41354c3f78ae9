public import AgentCore
public import Community
import Foundation
import PluginSupport

/// Course recommendations with reasons: `!recommend`, `!similar`, `!notinterested`.
public struct Recommendations: Plugin {
    public static let id = "recommendations"

    let service: RecommendationService
    let catalog: CatalogStore
    let clock: any AgentClock
    let log: Logger

    /// Creates the plugin over `service`; `clock` is the agent's.
    public init(
        service: RecommendationService, catalog: CatalogStore, clock: any AgentClock = SystemClock(),
        log: Logger = .disabled
    ) {
        self.service = service
        self.catalog = catalog
        self.clock = clock
        self.log = log.child(Self.id)
    }

    public var commands: [Command] {
        recommendCommand
        similarCommand
        notInterestedCommand
    }

    public var jobs: [Job] {
        [
            Job("recommendations.refit", schedule: .daily(hour: 4, minute: 0), missedRuns: .runOnce) { context in
                let factors = try await service.reweight(at: context.now)
                try await service.refit(at: context.now)
                context.log.info(
                    "recommendations refitted",
                    metadata: [
                        "feedback": factors.sorted { $0.key.rawValue < $1.key.rawValue }
                            .map { "\($0.key.rawValue)=\(String(format: "%.2f", $0.value))" }.joined(separator: " ")
                    ])
            }
        ]
    }

    public func background() async {
        do {
            try await service.reweight(at: clock.now)
            try await service.refit(at: clock.now)
        } catch {
            log.error("recommendations could not be fitted", metadata: ["error": "\(error)"])
        }
    }

    var recommendCommand: Command {
        let count = Parameter("n", .integer(in: 1...10)).optional
        let tag = Parameter("tag", .word).optional
        return Command(
            "recommend",
            summary: "Courses picked for you, each with why (3 here, up to 10 privately).".zh(
                "为你挑选的课程，每门都附上理由（频道里 3 门，私聊最多 10 门）。"),
            parameters: [count, tag],
            examples: [
                Example("!recommend", replies: "Recommended for you:"),
                Example("!recommend 5 rust", replies: "Recommended for you in rust:", privately: true),
            ]
        ) { call in
            let identity = try call.member()
            let wanted = try call[tag]?.lowercased()
            if let wanted { try await checkTag(wanted, call) }
            let limit = min(try call[count] ?? 3, call.conversation.isPrivate ? 10 : 3)
            let items = try await service.recommend(for: identity, count: limit, tag: wanted, at: call.time)
            guard !items.isEmpty else {
                if let wanted {
                    throw UserError(
                        call.text(
                            Self.messages, "recommend.noneTag",
                            ["tag": .text(wanted), "courses": .text(call.prefix + "courses " + wanted)]))
                }
                throw UserError(
                    call.text(
                        Self.messages, "recommend.none",
                        ["command": .text(call.prefix + "interests"), "courses": .text(call.prefix + "courses")]))
            }
            try await service.recordImpressions(items, for: identity, at: call.time)
            let header =
                wanted.map { call.text(Self.messages, "recommend.headerTag", ["tag": .text($0)]) }
                ?? call.text(Self.messages, "recommend.header")
            let lines = items.map { item in
                call.text(
                    Self.messages, "recommend.line",
                    [
                        "slug": .text(item.course.slug), "title": .text(item.course.title),
                        "reason": .text(Self.reason(item, call)),
                    ])
            }
            let footer = call.text(
                Self.messages, "recommend.footer", ["command": .text(call.prefix + "notinterested")])
            return .lines([header] + lines + [footer])
        }
    }

    var similarCommand: Command {
        let course = Parameter("course", .course(in: catalog, .published))
        return Command(
            "similar",
            summary: "Courses that members who took this one also took.".zh("学过这门课的成员还学了哪些课程。"),
            parameters: [course],
            examples: [
                Example(
                    "!similar swift-basics",
                    matches:
                        "(Members who took Swift Basics also took:|Not enough members have taken Swift Basics yet to say what is like it\\.)"
                )
            ]
        ) { call in
            let chosen = try call[course]
            let similar = try await service.similar(to: chosen.slug, count: 5, at: call.time)
            guard !similar.isEmpty else {
                throw UserError(call.text(Self.messages, "similar.none", ["title": .text(chosen.title)]))
            }
            return .lines(
                [call.text(Self.messages, "similar.header", ["title": .text(chosen.title)])]
                    + similar.map {
                        call.text(Self.messages, "similar.line", ["slug": .text($0.slug), "title": .text($0.title)])
                    })
        }
    }

    var notInterestedCommand: Command {
        let course = Parameter("course", .course(in: catalog, .published))
        return Command(
            "notinterested",
            summary: "Never recommend this course to you again.".zh("以后不再向你推荐这门课程。"),
            parameters: [course],
            examples: [
                Example("!notinterested rust-ownership", replies: "Rust 所有权与借用 will not be recommended to you again.")
            ]
        ) { call in
            let identity = try call.member()
            let chosen = try call[course]
            try await service.hide(chosen.slug, for: identity, at: call.time)
            call.log.info(
                "course hidden from recommendations", metadata: ["member": "\(identity)", "course": chosen.slug])
            return .text(call.text(Self.messages, "hidden", ["title": .text(chosen.title)]))
        }
    }

    /// "because you took Swift Basics", "popular with members learning rust"…
    static func reason(_ item: Recommendation, _ call: Invocation) -> String {
        switch item.reason {
        case .similar:
            if let because = item.because {
                return call.text(messages, "reason.similar", ["title": .text(because.title)])
            }
            return call.text(messages, "reason.popular")
        case .peers:
            if let topic = item.topic { return call.text(messages, "reason.peers", ["topic": .text(topic)]) }
            return call.text(messages, "reason.popular")
        case .topic:
            if let topic = item.topic {
                // A topic the member never named came from the courses they looked at or took.
                let key = item.topicDeclared ? "reason.topic" : "reason.topicSeen"
                return call.text(messages, key, ["topic": .text(topic)])
            }
            return call.text(messages, "reason.popular")
        case .popular: return call.text(messages, "reason.popular")
        }
    }

    /// An unknown tag gets the closest tags of published courses.
    private func checkTag(_ tag: String, _ call: Invocation) async throws {
        let tags = Set(try await catalog.courses(status: .published).flatMap { $0.tags.map { $0.lowercased() } })
        guard !tags.contains(tag) else { return }
        let close = Suggestions.closest(to: tag, among: tags.sorted(), limit: 2)
        guard !close.isEmpty else {
            throw UserError(
                call.text(
                    Self.messages, "tag.unknownPlain", ["tag": .quoted(tag), "command": .text(call.prefix + "courses")])
            )
        }
        throw UserError(
            call.text(
                Self.messages, "tag.unknown",
                [
                    "tag": .quoted(tag),
                    "suggestions": .text(close.joined(separator: call.language == .zh ? " 或 " : " or ")),
                ]))
    }
}
