extension CoreCommands {
    var helpCommand: Command {
        Command(
            "help", aliases: ["commands"], usage: "[command]", summary: "List commands, or explain one.",
            examples: [
                Example("!help"),
                Example("!help ping", replies: "!ping — Check that the agent is alive. Example: !ping"),
            ]
        ) { call in
            guard let registry = info.commands else { return .text("Still starting up; try again in a moment.") }
            let prefix = call.prefix
            if let wanted = call.arguments[0] {
                let name = wanted.hasPrefix(prefix) ? String(wanted.dropFirst(prefix.count)) : wanted
                guard let command = registry.command(named: name) else {
                    let close = Suggestions.closest(to: name, among: registry.commands.map(\.name), limit: 1)
                    throw UserError(
                        "No command called \(prefix)\(name)"
                            + (close.first.map { "; did you mean \(prefix)\($0)?" } ?? ". Try \(prefix)help."))
                }
                return .text(Self.help(for: command, prefix: prefix))
            }
            let usable = registry.commands.filter { $0.minimumRole <= call.role }.map { prefix + $0.name }
            return .text("Commands: \(usable.joined(separator: " ")) — \(prefix)help <command> for details.")
        }
    }

    /// One line: synopsis, summary, first example, aliases and who may use it.
    static func help(for command: Command, prefix: String) -> String {
        var text = "\(command.synopsis(prefix: prefix)) — \(command.summary)"
        if let example = command.examples.first {
            let input = example.input.hasPrefix("!") ? prefix + example.input.dropFirst() : example.input
            text += " Example: \(input)"
        }
        if !command.aliases.isEmpty {
            text += " (also: \(command.aliases.map { prefix + $0 }.joined(separator: ", ")))"
        }
        if command.minimumRole > .member { text += " [\(command.minimumRole.plural) only]" }
        switch command.place {
        case .privateOnly: text += " [private message only]"
        case .channelOnly: text += " [channels only]"
        case .anywhere: break
        }
        return text
    }
}
