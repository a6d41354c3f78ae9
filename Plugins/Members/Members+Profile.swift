import AgentCore
import Community
import Foundation
import PluginSupport

extension Members {
    var profileCommand: Command {
        Command(
            "profile", summary: "Show your profile (sent privately).".zh("查看你的个人资料（私聊发送）。"),
            examples: [Example("!profile", matches: "Your profile: time zone .*", privately: true)]
        ) { call in
            let identity = try call.member()
            let stored = try await members.profile(of: identity)
            let profile = stored.resolved(with: settings.defaults)
            var zone = profile.timeZone.identifier
            if stored.timeZone == nil {
                zone = call.text(Self.messages, "profile.communityZone", ["zone": .text(zone)])
            }
            let interests =
                profile.interests.isEmpty
                ? call.text(Self.messages, "profile.none")
                : MessageCatalog.format(.list(profile.interests), in: call.language)
            let line = call.text(
                Self.messages, "profile.summary",
                [
                    "zone": .text(zone), "language": .text(call.text(Self.messages, "lang.name.\(profile.language)")),
                    "interests": .text(interests),
                    "level": .text(
                        profile.level.map { call.text(Self.messages, "level.\($0.rawValue)") }
                            ?? call.text(Self.messages, "profile.notSet")),
                    "nudges": .text(Self.onOff(profile.nudges, call)),
                    "reminders": .text(Self.onOff(profile.reminders, call)),
                ])
            let identities = try await members.identities(of: members.member(of: identity))
            let lines = [
                line, call.text(Self.messages, "profile.identities", ["identities": Self.names(identities, call)]),
            ]
            return call.conversation.isPrivate
                ? .lines(lines) : .privately(lines, pointer: call.text(Self.messages, "profile.sent"))
        }
    }

    var timeZoneCommand: Command {
        let zone = Parameter("Area/City", .word).optional
        return Command(
            "timezone",
            summary: "Show or set your time zone (an IANA name such as Asia/Shanghai).".zh(
                "查看或设置你的时区（IANA 名称，例如 Asia/Shanghai）。"),
            parameters: [zone],
            examples: [
                Example("!timezone Asia/Shanghai", replies: "Your time zone is now Asia/Shanghai."),
                Example(
                    "!timezone Asia/Shangai",
                    replies: "There is no time zone \"Asia/Shangai\". Did you mean Asia/Shanghai?"),
                Example("!timezone", replies: "Your time zone is Asia/Shanghai."),
            ]
        ) { call in
            let identity = try call.member()
            guard let typed = try call[zone] else {
                let stored = try await members.profile(of: identity).timeZone
                var shown = (stored ?? settings.defaults.timeZone).identifier
                if stored == nil {
                    shown = call.text(Self.messages, "profile.communityZone", ["zone": .text(shown)])
                }
                return .text(call.text(Self.messages, "timezone.is", ["zone": .text(shown)]))
            }
            let known = TimeZone.knownTimeZoneIdentifiers
            guard let identifier = TimeZoneNames.identifier(for: typed, among: known),
                let parsed = TimeZone(identifier: identifier)
            else {
                throw Self.unknown(
                    "timezone", ["typed": .quoted(typed)],
                    suggestions: Suggestions.closest(to: typed, among: known, limit: 2), call)
            }
            try await members.updateProfile(of: identity) { $0.timeZone = parsed }
            call.log.info("profile changed", metadata: ["member": "\(identity)", "time_zone": identifier])
            return .text(call.text(Self.messages, "timezone.set", ["zone": .text(identifier)]))
        }
    }

    var languageCommand: Command {
        let language = Parameter(
            "language", .choice(["en", "zh"], aliases: ["中文": "zh", "英文": "en", "english": "en", "chinese": "zh"])
        ).optional
        return Command(
            "lang",
            summary: "Show or choose the language of replies: en or zh.".zh("查看或选择回复语言：en（英文）或 zh（中文）。"),
            parameters: [language],
            examples: [
                Example("!lang zh", replies: "回复语言已设为中文。"),
                Example("!lang", replies: "Your language is Chinese; change it with !lang en or !lang zh."),
            ]
        ) { call in
            let identity = try call.member()
            guard let chosen = try call[language] else {
                let current = try await members.profile(of: identity).resolved(with: settings.defaults).language
                return .text(
                    call.text(
                        Self.messages, "lang.is",
                        [
                            "language": .text(call.text(Self.messages, "lang.name.\(current)")),
                            "command": .text(call.prefix + "lang"),
                        ]))
            }
            try await members.updateProfile(of: identity) { $0.language = chosen }
            call.log.info("profile changed", metadata: ["member": "\(identity)", "language": chosen])
            // Said in the language just chosen, so the member sees it took effect.
            let now = Language(code: chosen) ?? .en
            return .text(
                Self.messages.text(
                    "lang.set", ["language": .text(Self.messages.text("lang.name.\(chosen)", in: now))], in: now))
        }
    }

    var interestsCommand: Command {
        let tags = Parameter("tag", .word).zeroOrMore
        return Command(
            "interests",
            summary: "Show or set the course topics you are interested in (!interests clear empties them).".zh(
                "查看或设置你感兴趣的课程主题（!interests clear 清空）。"),
            parameters: [tags],
            examples: [
                Example("!interests swift rust", replies: "Your interests are now: swift, rust."),
                Example("!interests swfit", replies: "There is no course tag \"swfit\". Did you mean swift?"),
                Example("!interests", replies: "Your interests: swift, rust."),
                Example("!interests clear", replies: "Your interests are cleared."),
            ]
        ) { call in
            let identity = try call.member()
            let words = try call[tags].map { $0.lowercased() }
            if words.isEmpty {
                let current = try await members.profile(of: identity).interests
                guard !current.isEmpty else {
                    return .text(
                        call.text(Self.messages, "interests.none", ["command": .text(call.prefix + "interests")]))
                }
                return .text(call.text(Self.messages, "interests.are", ["tags": .list(current)]))
            }
            if words == ["clear"] {
                try await members.updateProfile(of: identity) { $0.interests = [] }
                return .text(call.text(Self.messages, "interests.cleared"))
            }
            let known = Set(try await catalog.courses(status: .published).flatMap(\.tags))
            for word in words where !known.contains(word) {
                var close = Suggestions.closest(to: word, among: known.sorted(), limit: 2)
                if close.isEmpty {
                    // A word from a title (often Chinese, "并发") points at the tags of its courses.
                    close = Array(Set(try await catalog.search(word).prefix(3).flatMap(\.tags)).sorted().prefix(3))
                }
                throw Self.unknown(
                    "interests",
                    ["tag": .quoted(word), "tags": .text(known.sorted().prefix(12).joined(separator: " "))],
                    suggestions: close, call)
            }
            var unique: [String] = []
            for word in words where !unique.contains(word) { unique.append(word) }
            try await members.updateProfile(of: identity) { $0.interests = unique }
            call.log.info(
                "profile changed", metadata: ["member": "\(identity)", "interests": unique.joined(separator: " ")])
            return .text(call.text(Self.messages, "interests.set", ["tags": .list(unique)]))
        }
    }

    var levelCommand: Command {
        let level = Parameter(
            "level",
            .choice(
                CourseLevel.allCases.map(\.rawValue),
                aliases: [
                    "入门": "beginner", "初级": "beginner", "进阶": "intermediate", "中级": "intermediate", "高级": "advanced",
                ]))
        return Command(
            "level",
            summary: "Say your level: beginner, intermediate or advanced.".zh(
                "告诉我你的水平：beginner（入门）、intermediate（进阶）或 advanced（高级）。"),
            parameters: [level],
            examples: [Example("!level intermediate", replies: "Your level is now intermediate.")]
        ) { call in
            let identity = try call.member()
            let chosen = CourseLevel(rawValue: try call[level])
            try await members.updateProfile(of: identity) { $0.level = chosen }
            call.log.info("profile changed", metadata: ["member": "\(identity)", "level": chosen?.rawValue ?? ""])
            let name = chosen.map { call.text(Self.messages, "level.\($0.rawValue)") } ?? ""
            return .text(call.text(Self.messages, "level.set", ["level": .text(name)]))
        }
    }

    var nudgesCommand: Command {
        switchCommand(
            "nudges",
            summary: "Turn activity nudges (a private message when you have been quiet a while) on or off.".zh(
                "开启或关闭活跃提醒（你一段时间没发言时，我会私聊提醒你）。"),
            keyPath: \.nudges, example: "off")
    }

    var remindersCommand: Command {
        switchCommand(
            "reminders",
            summary: "Turn private reminders (access ending, events you signed up for) on or off.".zh(
                "开启或关闭私聊提醒（课程即将到期、你报名的活动等）。"),
            keyPath: \.reminders, example: "on")
    }

    /// `!nudges on|off` and `!reminders on|off`: one switch of the profile.
    private func switchCommand(
        _ name: String, summary: LocalizedText, keyPath: any WritableKeyPath<MemberProfile, Bool?> & Sendable,
        example: String
    ) -> Command {
        let state = Parameter(
            "on|off", .choice(["on", "off"], aliases: ["开": "on", "开启": "on", "关": "off", "关闭": "off"]))
        return Command(
            name, summary: summary, parameters: [state],
            examples: [Example("!\(name) \(example)", replies: "\(name.capitalized) are now \(example).")]
        ) { call in
            let identity = try call.member()
            let on = try call[state] == "on"
            try await members.updateProfile(of: identity) { $0[keyPath: keyPath] = on }
            call.log.info("profile changed", metadata: ["member": "\(identity)", name: on ? "on" : "off"])
            let state = call.text(Self.messages, on ? "switched.on" : "switched.off")
            return .text(call.text(Self.messages, "switch.\(name)", ["state": .text(state)]))
        }
    }

    /// "There is no … X. Did you mean A or B?" (`<kind>.unknownHint`), or without close names
    /// the plain `<kind>.unknown`.
    static func unknown(
        _ kind: String, _ arguments: [String: MessageArgument], suggestions: [String], _ call: Invocation
    ) -> UserError {
        guard !suggestions.isEmpty else { return UserError(call.text(messages, "\(kind).unknown", arguments)) }
        var all = arguments
        all["suggestions"] = .text(either(suggestions, call))
        return UserError(call.text(messages, "\(kind).unknownHint", all))
    }

    static func onOff(_ value: Bool, _ call: Invocation) -> String { call.text(messages, value ? "on" : "off") }

    /// `a or b` / `a 或 b`.
    static func either(_ choices: [String], _ call: Invocation) -> String {
        choices.joined(separator: call.language == .zh ? " 或 " : " or ")
    }
}
