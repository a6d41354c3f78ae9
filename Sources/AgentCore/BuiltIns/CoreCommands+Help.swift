extension CoreCommands {
    var helpCommand: Command {
        let wanted = Parameter("command", .word).optional
        return Command(
            "help", aliases: ["commands"], summary: "List commands, or explain one.".zh("列出所有命令，或说明某个命令。"),
            parameters: [wanted],
            examples: [
                Example("!help ping", replies: "!ping — Check that the agent is alive. Example: !ping"),
                Example("!help", matches: "Commands: !help !ping .* — !help <command> for details\\..*"),
            ]
        ) { call in
            guard let registry = info.commands else { return .text(call.text(CoreMessages.catalog, "help.starting")) }
            let prefix = call.prefix
            if let wanted = try call[wanted] {
                let name = wanted.hasPrefix(prefix) ? String(wanted.dropFirst(prefix.count)) : wanted
                guard let command = registry.command(named: name) else {
                    let close = Suggestions.closest(to: name, among: registry.commands.map(\.name), limit: 1)
                    if let best = close.first {
                        throw UserError(
                            call.text(
                                CoreMessages.catalog, "help.noSuchCommandHint",
                                ["command": .text(prefix + name), "suggestion": .text(prefix + best)]))
                    }
                    throw UserError(
                        call.text(
                            CoreMessages.catalog, "help.noSuchCommand",
                            ["command": .text(prefix + name), "help": .text(prefix + "help")]))
                }
                return .lines(CommandHelp.lines(for: command, prefix: prefix, language: call.language))
            }
            let usable = registry.commands.filter { $0.minimumRole <= call.role }
            let text = call.text(
                CoreMessages.catalog, "help.list",
                [
                    "commands": .text(usable.map { prefix + $0.name }.joined(separator: " ")),
                    "help": .text(prefix + "help"),
                ])
            let names = Set(usable.map(\.name))
            let aliases = registry.configuredAliases.filter { names.contains($0.command) }.map {
                "\(prefix)\($0.alias) = \(prefix)\($0.command)"
            }
            // The configuration's aliases (often Chinese names) on a line of their own: the list
            // of commands alone is long enough.
            guard !aliases.isEmpty else { return .text(text) }
            return .lines([text, call.text(CoreMessages.catalog, "help.listAliases", ["aliases": .list(aliases)])])
        }
    }
}
