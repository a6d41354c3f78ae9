import Foundation

/// The commands every agent has: help, ping, echo, version, uptime, role management and reload.
public struct CoreCommands: Plugin {
    public static let id = "core"

    let info: AgentInfo

    /// Creates the built-ins (who may use `!echo` is `RouterSettings.commandRoles["echo"]`).
    public init(info: AgentInfo) {
        self.info = info
    }

    public var commands: [Command] {
        helpCommand
        Command(
            "ping", summary: "Check that the agent is alive.".zh("确认机器人在线。"),
            examples: [Example("!ping", replies: "pong")]
        ) { _ in
            .text("pong")
        }
        echoCommand
        Command(
            "version", summary: "Show the agent's version.".zh("显示机器人的版本。"),
            examples: [Example("!version", replies: "Community Agent \(AgentInfo.version)")]
        ) { _ in
            .text("Community Agent \(AgentInfo.version)")
        }
        Command(
            "uptime", summary: "Show how long the agent has been running.".zh("显示机器人已经运行了多久。"),
            examples: [Example("!uptime", matches: "Up [0-9].*, since [0-9T:Z-]+\\.")]
        ) { call in
            let seconds = Int(call.time.timeIntervalSince(info.startedAt))
            return .text(
                call.text(
                    CoreMessages.catalog, "core.uptime",
                    [
                        "duration": .text(Self.duration(seconds, in: call.language)),
                        "since": .text(info.startedAt.formatted(.iso8601)),
                    ]))
        }
        roleCommand
        Command(
            "reload", summary: "Reload the configuration file.".zh("重新加载配置文件。"), minimumRole: .owner,
            examples: [
                Example(
                    "!reload",
                    matches:
                        "Configuration reloaded: .*|Reload refused: .*|No configuration file to reload .*|Reloading is not available here\\."
                )
            ]
        ) { call in
            .text(await info.reload().text(in: call.language))
        }
    }

    private var echoCommand: Command {
        let text = Parameter.text("text")
        return Command(
            "echo", summary: "Repeat the text back.".zh("原样重复你说的话。"), parameters: [text],
            examples: [Example("!echo hello world", replies: "hello world").zh("!echo 你好，世界")]
        ) { call in
            .text(try call[text])
        }
    }

    /// `3 days, 4 hours, 12 minutes`, or `42 seconds` when under a minute.
    static func duration(_ total: Int, in language: Language = .en) -> String {
        let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60
        func unit(_ value: Int, _ key: String) -> String? {
            value > 0 ? CoreMessages.text(key, ["count": .number(value)], in: language) : nil
        }
        let parts = [unit(days, "core.days"), unit(hours, "core.hours"), unit(minutes, "core.minutes")].compactMap {
            $0
        }
        guard !parts.isEmpty else { return CoreMessages.text("core.seconds", ["count": .number(total)], in: language) }
        return parts.joined(separator: language == .zh ? " " : ", ")
    }
}
