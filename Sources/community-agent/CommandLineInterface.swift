import AgentCore
import Foundation

/// `community-agent [run] [--config FILE] [--log-level LEVEL]`, `check-config FILE`, `version`, `help`.
enum CommandLineInterface {
    static let usage = """
        usage: community-agent [run] [--config FILE] [--log-level LEVEL]
               community-agent check-config FILE
               community-agent catalog import FILE | catalog export [FILE]   [--config FILE]
               community-agent codes create SLUG COUNT [--days N] [--uses N] [--valid-days N]   [--config FILE]
               community-agent orders confirm ORDER   [--config FILE]
               community-agent catalog publish|archive SLUG   [--config FILE]
               community-agent subscriptions grant|revoke ACCOUNT SLUG [--days N] [--network NAME]   [--config FILE]
               community-agent backup FILE   [--config FILE]
               community-agent version
               community-agent help [commands [--markdown]]

          run            start the agent (the default). Without --config it starts on the
                         console: type commands on stdin, e.g. !help
          check-config   validate a configuration file and print every problem with its path
          catalog        import courses from a JSON5 file (by slug, all or nothing) or export them
          codes          create redeem codes; prints CSV
          orders         confirm a paid order (activates the subscription once)
          subscriptions  grant or revoke a member's access
          backup         write a consistent copy of the database to FILE; safe while the agent runs
          version        print the version
          help commands  list every chat command with its usage and examples (--markdown: the
                         README's command reference)

        Signals: SIGINT/SIGTERM shut down gracefully (a second one exits at once); SIGHUP reloads
        the configuration. Exit status of run: 0 stopped cleanly, 1 could not start, 2 usage,
        3 stopped but something was cut short, 4 the shutdown deadline passed.
        """

    static func main(_ arguments: [String]) async -> Int32 {
        var arguments = arguments
        let subcommand = arguments.first.flatMap { $0.hasPrefix("-") ? nil : $0 } ?? "run"
        if !arguments.isEmpty, arguments[0] == subcommand { arguments.removeFirst() }
        switch subcommand {
        case "run":
            guard let options = RunOptions(arguments) else {
                standardError(usage)
                return 2
            }
            return await RunCommand.run(options)
        case "check-config":
            guard arguments.count == 1 else {
                standardError("usage: community-agent check-config FILE")
                return 2
            }
            return CheckConfigCommand.run(path: arguments[0])
        case "catalog", "codes", "orders", "subscriptions":
            return await DataCommands.run(subcommand, arguments)
        case "backup":
            return await BackupCommand.run(arguments)
        case "version", "--version":
            print("community-agent \(AgentInfo.version)")
            return 0
        case "help", "--help", "-h":
            if !arguments.isEmpty { return await HelpCommand.run(arguments) }
            print(usage)
            return 0
        default:
            standardError("unknown subcommand \"\(subcommand)\"\n\n\(usage)")
            return 2
        }
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Options of `community-agent run`.
struct RunOptions {
    var configPath: String?
    var logLevel: LogLevel?

    init?(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            func value() -> String? {
                index += 1
                return index < arguments.count ? arguments[index] : nil
            }
            switch argument {
            case "--config", "-c":
                guard let path = value() else { return nil }
                configPath = path
            case "--log-level":
                guard let name = value(), let level = LogLevel(name: name) else { return nil }
                logLevel = level
            default:
                return nil
            }
            index += 1
        }
    }
}

/// `community-agent check-config FILE`.
enum CheckConfigCommand {
    static func run(path: String) -> Int32 {
        switch ConfigurationLoader.load(path: path) {
        case .success(let configuration):
            let pluginProblems = PluginSettings.read(configuration).1
            guard pluginProblems.isEmpty else {
                for problem in pluginProblems { print("\(path): \(problem)") }
                print("\(pluginProblems.count) problem\(pluginProblems.count == 1 ? "" : "s") found")
                return 1
            }
            let networks = configuration.networks.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
            print("\(path): OK — networks: \(networks.isEmpty ? "none" : networks)")
            return 0
        case .failure(let problems):
            for problem in problems.problems { print("\(path): \(problem)") }
            print("\(problems.problems.count) problem\(problems.problems.count == 1 ? "" : "s") found")
            return 1
        }
    }
}
