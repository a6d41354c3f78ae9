import AgentCore
import Foundation
import Storage

/// `community-agent help commands [--markdown] [--language en|zh]`: every chat command with its
/// forms, parameters and examples, generated from the declarations — the same text as `!help`.
enum HelpCommand {
    static func run(_ arguments: [String]) async -> Int32 {
        var markdown = false
        var language = Language.en
        var rest = arguments.dropFirst()
        var valid = arguments.first == "commands"
        while valid, let argument = rest.popFirst() {
            switch argument {
            case "--markdown": markdown = true
            case "--language":
                guard let code = rest.popFirst(), let chosen = Language(code: code) else {
                    valid = false
                    break
                }
                language = chosen
            default: valid = false
            }
        }
        guard valid else {
            CommandLineInterface.standardError("usage: community-agent help commands [--markdown] [--language en|zh]")
            return 2
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "community-agent-help-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = AgentConfiguration.consoleDefault()
            configuration.databasePath = directory.appendingPathComponent("help.sqlite").path
            let services = try await Services.open(configuration, settings: PluginSettings())
            let roles = try await RoleBook(database: services.database, configured: [])
            let info = AgentInfo(startedAt: Date(), roles: roles)
            let plugins: [any Plugin] =
                [CoreCommands(info: info)] + services.plugins(configuration, settings: PluginSettings())
            let commands = try CommandRegistry(plugins.flatMap(\.commands)).commands
            if markdown {
                print(CommandHelp.markdown(commands), terminator: "")
            } else {
                for command in commands {
                    CommandHelp.lines(for: command, prefix: "!", language: language).forEach { print($0) }
                }
            }
            try await services.database.close()
            return 0
        } catch {
            CommandLineInterface.standardError("error: \(error)")
            return 1
        }
    }
}
