import AgentCore
import Foundation

/// A plugin whose commands exercise the router: failures, roles, places and arguments.
struct ProbePlugin: Plugin {
    static let id = "probe"
    struct Boom: Error {}

    var commands: [Command] {
        Command(
            "boom", summary: "Always fails with an internal error.",
            examples: [Example("!boom", matches: "Sorry, something went wrong running !boom \\(error [0-9a-f]+\\).*")]
        ) { _ in
            throw Boom()
        }
        Command(
            "refuse", summary: "Always fails with a user error.",
            examples: [Example("!refuse", replies: "No, thank you.")]
        ) { _ in
            throw UserError("No, thank you.")
        }
        banCommand
        Command(
            "secret", summary: "Private only.", place: .privateOnly,
            examples: [Example("!secret", replies: "psst", privately: true)]
        ) { _ in
            .text("psst")
        }
        Command("here", summary: "Channel only.", place: .channelOnly, examples: [Example("!here", replies: "here")]) {
            _ in
            .text("here")
        }
        wordsCommand
        timesCommand
        Command(
            "whisper", summary: "Answers privately with a pointer.",
            examples: [Example("!whisper", replies: "Sent you the list privately.")]
        ) { _ in
            .privately(["one", "two"], pointer: "Sent you the list privately.")
        }
        Command("whoami", summary: "Shows account.", examples: [Example("!whoami", replies: "example-owner")]) { call in
            .text(try call.requireAccount())
        }
        kindsCommand
        Command(
            "forgetful", summary: "Asks for a parameter it never declared.",
            examples: [Example("!forgetful", matches: "Sorry, something went wrong running !forgetful .*")]
        ) { call in
            .text(try call[Parameter("ghost", .word)])
        }
    }

    private var banCommand: Command {
        let nick = Parameter("nick", .nick)
        return Command(
            "ban", summary: "Pretend to ban.", minimumRole: .moderator, parameters: [nick],
            examples: [Example("!ban bob", replies: "Banned bob (no account).")]
        ) { call in
            let target = try call[nick]
            return .text("Banned \(target.nick) (\(target.account ?? "no account")).")
        }
    }

    private var wordsCommand: Command {
        let words = Parameter("words", .word).oneOrMore
        return Command(
            "words", aliases: ["w"], summary: "Show how arguments split.", parameters: [words],
            examples: [Example("!words a b", replies: "[a][b]")]
        ) { call in
            .text(try call[words].map { "[\($0)]" }.joined())
        }
    }

    private var timesCommand: Command {
        let n = Parameter("n", .integer(in: 1...10))
        return Command(
            "times", summary: "Needs a number.", parameters: [n], examples: [Example("!times 3", replies: "3 3 3")]
        ) { call in
            let n = try call[n]
            return .text(Array(repeating: "\(n)", count: n).joined(separator: " "))
        }
    }

    /// Every kind of parameter, with subcommands of different roles.
    private var kindsCommand: Command {
        let channel = Parameter("channel", .channel)
        let duration = Parameter("duration", .duration(in: .seconds(60) ... .seconds(30 * 86_400))).optional
        let level = Parameter("level", .choice(["low", "high"]))
        let note = Parameter.optionalText("note")
        let account = Parameter("account", .account)
        let tags = Parameter("tags", .word).zeroOrMore
        return Command(
            "kinds", summary: "Reads every kind of parameter.",
            forms: [
                .main(
                    summary: "A channel, an optional duration, and a note.", parameters: [channel, duration, note],
                    examples: [Example("!kinds #swift 1h30m be   kind", replies: "#swift 5400s [be   kind]")]
                ) { call in
                    let seconds = try call[duration]?.components.seconds
                    return .text("\(try call[channel]) \(seconds.map { "\($0)s" } ?? "-") [\(try call[note])]")
                },
                .subcommand(
                    "level", summary: "A choice of words.", minimumRole: .moderator, parameters: [level],
                    examples: [Example("!kinds level HIGH", replies: "level high")]
                ) { call in
                    .text("level \(try call[level])")
                },
                .subcommand(
                    "tag", summary: "An account and any number of tags.", minimumRole: .owner,
                    parameters: [account, tags],
                    examples: [Example("!kinds tag alice", replies: "alice: no tags")]
                ) { call in
                    let tags = try call[tags]
                    return .text("\(try call[account]): \(tags.isEmpty ? "no tags" : tags.joined(separator: ","))")
                },
            ])
    }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("agentcore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
