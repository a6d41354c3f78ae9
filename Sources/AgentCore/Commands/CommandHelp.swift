import Foundation

/// The help text of a command, generated from its declaration: the same words in `!help`, the
/// README's command reference and `community-agent help commands`.
public enum CommandHelp {
    /// One line per form: synopsis, summary, first example, and who may use it; the first line
    /// also names the aliases and where the command works.
    public static func lines(for command: Command, prefix: String, language: Language = .en) -> [String] {
        command.forms.enumerated().map { index, form in
            let say = { (key: String, arguments: [String: MessageArgument]) in
                CoreMessages.text(key, arguments, in: language)
            }
            var text = "\(form.synopsis(of: command, prefix: prefix)) — \(form.summary.text(in: language))"
            if let example = form.examples.first {
                text += say("help.example", ["example": .text(shown(example.input(in: language), prefix: prefix))])
            }
            if index == 0, !command.aliases.isEmpty {
                text += say("help.aliases", ["aliases": .list(command.aliases.map { prefix + $0 })])
            }
            if form.minimumRole > .member {
                text += say("help.only", ["role": .text(CoreMessages.rolePlural(form.minimumRole, in: language))])
            }
            if index == 0 {
                switch command.place {
                case .privateOnly: text += say("help.privateOnly", [:])
                case .channelOnly: text += say("help.channelOnly", [:])
                case .anywhere: break
                }
            }
            return text
        }
    }

    /// A Markdown reference of `commands`: a table with one row per form (usage, who may use
    /// it, summary, first example and its reply), then what each argument accepts.
    public static func markdown(_ commands: [Command], prefix: String = "!") -> String {
        var rows = ["| command | who | what it does | example | reply |", "|---|---|---|---|---|"]
        var arguments: [(String, String)] = []
        for command in commands {
            for (index, form) in command.forms.enumerated() {
                var usage = code(form.synopsis(of: command, prefix: prefix))
                if index == 0, !command.aliases.isEmpty {
                    usage += " (also " + command.aliases.map { code(prefix + $0) }.joined(separator: ", ") + ")"
                }
                var who = form.minimumRole > .member ? form.minimumRole.plural : "everyone"
                switch command.place {
                case .privateOnly: who += ", in a private message"
                case .channelOnly: who += ", in a channel"
                case .anywhere: break
                }
                let example = form.examples.first
                let input = example.map { code(shown($0.input, prefix: prefix)) } ?? ""
                let reply: String =
                    switch example?.expectation {
                    case .exactly(let text): code(text)
                    case .matching, nil: "*(varies)*"
                    }
                rows.append("| \(usage) | \(who) | \(cell(form.summary.description)) | \(input) | \(reply) |")
                for parameter in form.parameters
                where !arguments.contains(where: { $0 == (parameter.synopsis, parameter.expected.description) }) {
                    arguments.append((parameter.synopsis, parameter.expected.description))
                }
            }
        }
        var out = rows + ["", "| argument | what it must be |", "|---|---|"]
        out += arguments.map { "| \(code($0.0)) | \(cell($0.1)) |" }
        return out.joined(separator: "\n") + "\n"
    }

    /// Text in a table cell: pipes escaped.
    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// Text as inline code in a table cell.
    private static func code(_ text: String) -> String {
        "`" + cell(text.replacingOccurrences(of: "`", with: "'")) + "`"
    }

    /// An example's input with `!` replaced by the prefix in use.
    static func shown(_ input: String, prefix: String) -> String {
        input.hasPrefix("!") ? prefix + input.dropFirst() : input
    }
}
