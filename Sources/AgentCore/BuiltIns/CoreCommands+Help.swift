extension CoreCommands {
    var helpCommand: Command {
        let wanted = Parameter("command", .word).optional
        return Command(
            "help", aliases: ["commands"], summary: "List commands, or explain one.", parameters: [wanted],
            examples: [
                Example("!help ping", replies: "!ping — Check that the agent is alive. Example: !ping"),
                Example("!help", matches: "Commands: !help !ping .* — !help <command> for details\\."),
            ]
        ) { call in
            guard let registry = info.commands else { return .text("Still starting up; try again in a moment.") }
            let prefix = call.prefix
            if let wanted = try call[wanted] {
                let name = wanted.hasPrefix(prefix) ? String(wanted.dropFirst(prefix.count)) : wanted
                guard let command = registry.command(named: name) else {
                    let close = Suggestions.closest(to: name, among: registry.commands.map(\.name), limit: 1)
                    throw UserError(
                        "No command called \(prefix)\(name)"
                            + (close.first.map { "; did you mean \(prefix)\($0)?" } ?? ". Try \(prefix)help."))
                }
                return .lines(CommandHelp.lines(for: command, prefix: prefix))
            }
            let usable = registry.commands.filter { $0.minimumRole <= call.role }.map { prefix + $0.name }
            return .text("Commands: \(usable.joined(separator: " ")) — \(prefix)help <command> for details.")
        }
    }
}
