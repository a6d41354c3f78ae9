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
            let zone = profile.timeZone.identifier + (stored.timeZone == nil ? " (the community's)" : "")
            let interests = profile.interests.isEmpty ? "none" : profile.interests.joined(separator: " ")
            let line =
                "Your profile: time zone \(zone), language \(profile.language), interests \(interests), "
                + "level \(profile.level?.rawValue ?? "not set"), nudges \(Self.onOff(profile.nudges)), "
                + "reminders \(Self.onOff(profile.reminders))."
            let identities = try await members.identities(of: members.member(of: identity))
            let lines = [
                line, "Identities: " + identities.map { "\($0.account) on \($0.network)" }.joined(separator: ", "),
            ]
            return call.conversation.isPrivate
                ? .lines(lines) : .privately(lines, pointer: "Sent you your profile privately.")
        }
    }

    var timeZoneCommand: Command {
        let zone = Parameter("Area/City", .word).optional
        return Command(
            "timezone",
            summary: "Show or set your time zone (an IANA name such as Asia/Shanghai).".zh(
                "查看或设置你的时区（IANA 名称，例如 Asia/Shanghai）。"), parameters: [zone],
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
                let zone = stored ?? settings.defaults.timeZone
                return .text("Your time zone is \(zone.identifier)\(stored == nil ? " (the community's)" : "").")
            }
            let known = TimeZone.knownTimeZoneIdentifiers
            guard let identifier = known.first(where: { $0.lowercased() == typed.lowercased() }),
                let parsed = TimeZone(identifier: identifier)
            else {
                let close = Suggestions.closest(to: typed, among: known, limit: 2)
                throw UserError(
                    "There is no time zone \(UserError.quoted(typed))."
                        + (close.isEmpty
                            ? " Use an IANA name such as Asia/Shanghai or Europe/Berlin."
                            : " Did you mean \(close.joined(separator: " or "))?"))
            }
            try await members.updateProfile(of: identity) { $0.timeZone = parsed }
            call.log.info("profile changed", metadata: ["member": "\(identity)", "time_zone": identifier])
            return .text("Your time zone is now \(identifier).")
        }
    }

    var languageCommand: Command {
        let language = Parameter("language", .choice(["en", "zh"]))
        return Command(
            "lang", summary: "Choose the language of replies: en or zh.".zh("选择回复语言：en（英文）或 zh（中文）。"),
            parameters: [language],
            examples: [Example("!lang zh", replies: "Your language is now zh.")]
        ) { call in
            let identity = try call.member()
            let chosen = try call[language]
            try await members.updateProfile(of: identity) { $0.language = chosen }
            call.log.info("profile changed", metadata: ["member": "\(identity)", "language": chosen])
            return .text("Your language is now \(chosen).")
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
                Example("!interests swift rust", replies: "Your interests are now: swift rust."),
                Example("!interests swfit", replies: "There is no course tag \"swfit\". Did you mean swift?"),
                Example("!interests", replies: "Your interests: swift rust."),
                Example("!interests clear", replies: "Your interests are cleared."),
            ]
        ) { call in
            let identity = try call.member()
            let words = try call[tags].map { $0.lowercased() }
            if words.isEmpty {
                let current = try await members.profile(of: identity).interests
                return .text(
                    current.isEmpty
                        ? "You have no interests set; e.g. \(call.prefix)interests swift concurrency"
                        : "Your interests: \(current.joined(separator: " ")).")
            }
            if words == ["clear"] {
                try await members.updateProfile(of: identity) { $0.interests = [] }
                return .text("Your interests are cleared.")
            }
            let known = Set(try await catalog.courses(status: .published).flatMap(\.tags))
            for word in words where !known.contains(word) {
                let close = Suggestions.closest(to: word, among: known.sorted(), limit: 2)
                throw UserError(
                    "There is no course tag \(UserError.quoted(word))."
                        + (close.isEmpty
                            ? " Tags: \(known.sorted().prefix(12).joined(separator: " "))…"
                            : " Did you mean \(close.joined(separator: " or "))?"))
            }
            var unique: [String] = []
            for word in words where !unique.contains(word) { unique.append(word) }
            try await members.updateProfile(of: identity) { $0.interests = unique }
            call.log.info(
                "profile changed", metadata: ["member": "\(identity)", "interests": unique.joined(separator: " ")])
            return .text("Your interests are now: \(unique.joined(separator: " ")).")
        }
    }

    var levelCommand: Command {
        let level = Parameter("level", .choice(CourseLevel.allCases.map(\.rawValue)))
        return Command(
            "level",
            summary: "Say your level: beginner, intermediate or advanced.".zh(
                "告诉我你的水平：beginner（入门）、intermediate（进阶）或 advanced（高级）。"), parameters: [level],
            examples: [Example("!level intermediate", replies: "Your level is now intermediate.")]
        ) { call in
            let identity = try call.member()
            let chosen = CourseLevel(rawValue: try call[level])
            try await members.updateProfile(of: identity) { $0.level = chosen }
            call.log.info("profile changed", metadata: ["member": "\(identity)", "level": chosen?.rawValue ?? ""])
            return .text("Your level is now \(chosen?.rawValue ?? "not set").")
        }
    }

    var nudgesCommand: Command {
        switchCommand(
            "nudges", what: "activity nudges (a private message when you have been quiet a while)",
            keyPath: \.nudges, example: "off", chinese: "开启或关闭活跃提醒（你一段时间没发言时，我会私聊提醒你）。")
    }

    var remindersCommand: Command {
        switchCommand(
            "reminders", what: "private reminders (access ending, events you signed up for)", keyPath: \.reminders,
            example: "on", chinese: "开启或关闭私聊提醒（课程即将到期、你报名的活动等）。")
    }

    /// `!nudges on|off` and `!reminders on|off`: one switch of the profile.
    private func switchCommand(
        _ name: String, what: String, keyPath: any WritableKeyPath<MemberProfile, Bool?> & Sendable, example: String,
        chinese: String
    ) -> Command {
        let state = Parameter("on|off", .choice(["on", "off"]))
        return Command(
            name, summary: "Turn \(what) on or off.".zh(chinese), parameters: [state],
            examples: [Example("!\(name) \(example)", replies: "\(name.capitalized) are now \(example).")]
        ) { call in
            let identity = try call.member()
            let on = try call[state] == "on"
            try await members.updateProfile(of: identity) { $0[keyPath: keyPath] = on }
            call.log.info("profile changed", metadata: ["member": "\(identity)", name: Self.onOff(on)])
            return .text("\(name.capitalized) are now \(Self.onOff(on)).")
        }
    }

    static func onOff(_ value: Bool) -> String { value ? "on" : "off" }
}
