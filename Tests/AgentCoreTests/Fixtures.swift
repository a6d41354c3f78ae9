import AgentCore
import Foundation

/// A plugin whose commands exercise the router: failures, roles, places and arguments.
struct ProbePlugin: Plugin {
    static let id = "probe"
    struct Boom: Error {}

    var commands: [Command] {
        Command("boom", summary: "Always fails with an internal error.", examples: [Example("!boom")]) { _ in
            throw Boom()
        }
        Command("refuse", summary: "Always fails with a user error.", examples: [Example("!refuse")]) { _ in
            throw UserError("No, thank you.")
        }
        Command(
            "ban", usage: "<nick>", summary: "Pretend to ban.", minimumRole: .moderator, examples: [Example("!ban bob")]
        ) { call in
            .text("Banned \(try call.arguments.required(0, "nick")).")
        }
        Command("secret", summary: "Private only.", place: .privateOnly, examples: [Example("!secret")]) { _ in
            .text("psst")
        }
        Command("here", summary: "Channel only.", place: .channelOnly, examples: [Example("!here")]) { _ in
            .text("here")
        }
        Command(
            "words", aliases: ["w"], usage: "<words…>", summary: "Show how arguments split.",
            examples: [Example("!words a b")]
        ) { call in
            .text(call.arguments.words.map { "[\($0)]" }.joined())
        }
        Command("times", usage: "<n>", summary: "Needs a number.", examples: [Example("!times 3", replies: "3 3 3")]) {
            call in
            let n = try call.arguments.required(0, "n", as: Int.self)
            guard (1...10).contains(n) else { throw UserError("<n> must be from 1 to 10.") }
            return .text(Array(repeating: "\(n)", count: n).joined(separator: " "))
        }
        Command("whisper", summary: "Answers privately with a pointer.", examples: [Example("!whisper")]) { _ in
            .privately(["one", "two"], pointer: "Sent you the list privately.")
        }
        Command("whoami", summary: "Shows account.", examples: [Example("!whoami")]) { call in
            .text(try call.requireAccount())
        }
    }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("agentcore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
