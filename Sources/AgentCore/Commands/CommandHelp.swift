import Foundation

/// The help text of a command, generated from its declaration: the same words in `!help`, the
/// README's command reference and `community-agent help commands`.
public enum CommandHelp {
    /// One line per form: synopsis, summary, first example, and who may use it; the first line
    /// also names the aliases and where the command works.
    public static func lines(for command: Command, prefix: String) -> [String] {
        command.forms.enumerated().map { index, form in
            var text = "\(form.synopsis(of: command, prefix: prefix)) — \(form.summary)"
            if let example = form.examples.first { text += " Example: \(shown(example.input, prefix: prefix))" }
            if index == 0, !command.aliases.isEmpty {
                text += " (also: \(command.aliases.map { prefix + $0 }.joined(separator: ", ")))"
            }
            if form.minimumRole > .member { text += " [\(form.minimumRole.plural) only]" }
            if index == 0 {
                switch command.place {
                case .privateOnly: text += " [private message only]"
                case .channelOnly: text += " [channels only]"
                case .anywhere: break
                }
            }
            return text
        }
    }

    /// A Markdown reference of `commands`: a section per command with its forms, parameters,
    /// who may use them, and every example with the reply it gets.
    public static func markdown(_ commands: [Command], prefix: String = "!") -> String {
        var out: [String] = []
        for command in commands {
            out.append("#### `\(prefix)\(command.name)`")
            out.append("")
            var facts = [command.summary]
            if !command.aliases.isEmpty {
                facts.append("Also: " + command.aliases.map { "`\(prefix)\($0)`" }.joined(separator: ", ") + ".")
            }
            switch command.place {
            case .privateOnly: facts.append("Private message only.")
            case .channelOnly: facts.append("Channels only.")
            case .anywhere: break
            }
            out.append(facts.joined(separator: " "))
            out.append("")
            for form in command.forms {
                let who = form.minimumRole > .member ? " *(\(form.minimumRole.plural) only)*" : ""
                out.append("- `\(form.synopsis(of: command, prefix: prefix))` — \(form.summary)\(who)")
                for parameter in form.parameters {
                    out.append("  - `\(parameter.synopsis)`: \(parameter.expected)")
                }
                for example in form.examples {
                    let reply = example.shownReply.replacingOccurrences(of: "`", with: "'")
                    let how = example.expectation == .exactly(reply) ? "→" : "→ (pattern)"
                    out.append("  - `\(shown(example.input, prefix: prefix))` \(how) `\(reply)`")
                }
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// An example's input with `!` replaced by the prefix in use.
    static func shown(_ input: String, prefix: String) -> String {
        input.hasPrefix("!") ? prefix + input.dropFirst() : input
    }
}
