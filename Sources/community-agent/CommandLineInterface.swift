import AgentCore
import Foundation

/// `community-agent [run] [--config FILE] [--log-level LEVEL]`, `check-config FILE`, `version`, `help`.
enum CommandLineInterface {
    static let usage = """
        usage: community-agent [run] [--config FILE] [--log-level LEVEL]
               community-agent check-config FILE
               community-agent catalog import FILE | catalog export [FILE]   [--config FILE]
               community-agent catalog sample
               community-agent codes create SLUG COUNT [--days N] [--uses N] [--valid-days N]   [--config FILE]
               community-agent orders confirm ORDER | orders list [--status S]   [--config FILE]
               community-agent codes list [SLUG] | codes revoke CODE   [--config FILE]
               community-agent subscriptions list [--course SLUG] [--status S]   [--config FILE]
               community-agent members list   [--config FILE]
               community-agent members export|forget ACCOUNT [--network N]   [--config FILE]
               community-agent catalog publish|archive SLUG   [--config FILE]
               community-agent subscriptions grant|revoke ACCOUNT SLUG [--days N] [--network NAME]   [--config FILE]
               community-agent nudges plan [--at ISO-8601] [--json]   [--config FILE]
               community-agent interactions import FILE.csv   [--config FILE]
               community-agent activity ACCOUNT [--network N] [--at ISO-8601]   [--config FILE]
               community-agent completions record ACCOUNT SLUG [--network N] [--at ISO-8601]   [--config FILE]
               community-agent recommend-eval --split DIR --out FILE [--threads N]   [--config FILE]
               community-agent backup FILE   [--config FILE]
               community-agent api-token create NAME | api-token list | api-token revoke NAME   [--config FILE]
               community-agent events export --ics FILE|- | events list [--format csv|json]   [--config FILE]
               community-agent when "TEXT" [--now ISO-8601] [--tz Area/City] [--language en|zh]
               community-agent version
               community-agent help [commands [--markdown] [--language en|zh]]

          run            start the agent (the default). Without --config it starts on the
                         console: type commands on stdin, e.g. !help
          check-config   validate a configuration file and print every problem with its path
          catalog        import courses from a JSON5 file (by slug, all or nothing) or export them;
                         `sample` prints the sample catalog built into the agent
          codes          create redeem codes; prints CSV
          orders         confirm a paid order (activates the subscription once), or list orders
          subscriptions  grant or revoke a member's access, or list subscriptions
          members        list the members the agent has seen, with their courses; export one
                         member's data as JSON, or forget them (orders and moderation cases stay,
                         without their name)
                         (lists print CSV; --format json for JSON)
          nudges plan    every member the nudge sweep would consider at that time, with the
                         action, skip cause, P, A, peak A and the message; sends nothing
          interactions   import history from a previous platform (CSV: network,account,kind,course,at);
                         all or nothing, and a row already stored is not added again
          activity       a member's P, A, peak A and the last time above the threshold
          completions    record that a member completed a course (once)
          recommend-eval the offline evaluation: reads a split's public/ folder, writes
                         member_id,rank,course_id for every member, prints timings as JSON
          api-token      operator tokens for the HTTP API (Authorization: Bearer …); a new token
                         is printed once, only its hash is stored
          backup         write a consistent copy of the database to FILE; safe while the agent runs
          events         write an iCalendar (RFC 5545) file of upcoming events (cancelled ones
                         marked, so calendars drop them), or list them
          when           what a typed time means: the instant in UTC and in the zone (or a
                         rule's next occurrences); exit 2 with the clarifying question
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
            switch RunOptions.parse(arguments) {
            case .run(let options): return await RunCommand.run(options)
            case .help:
                print(usage)
                return 0
            case .problem(let problem):
                standardError(
                    "error: \(problem)\nusage: community-agent [run] [--config FILE] [--log-level LEVEL]"
                        + " (community-agent --help for everything)")
                return 2
            }
        case "check-config":
            guard arguments.count == 1 else {
                standardError("usage: community-agent check-config FILE")
                return 2
            }
            return CheckConfigCommand.run(path: arguments[0])
        case "catalog", "codes", "orders", "subscriptions", "members":
            return await DataCommands.run(subcommand, arguments)
        case "nudges", "interactions", "activity", "completions":
            return await EngagementCommands.run(subcommand, arguments)
        case "recommend-eval":
            return await RecommendEvalCommand.run(arguments)
        case "backup":
            return await BackupCommand.run(arguments)
        case "api-token":
            return await APITokenCommand.run(arguments)
        case "when":
            return WhenCommand.run(arguments)
        case "events":
            return await EventsCommands.run(arguments)
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

    /// What the arguments ask for: a run, the usage, or a mistake named in words.
    enum Parsed {
        case run(RunOptions)
        case help
        case problem(String)
    }

    static func parse(_ arguments: [String]) -> Parsed {
        var options = RunOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let value: String? = index + 1 < arguments.count ? arguments[index + 1] : nil
            switch argument {
            case "--help", "-h":
                return .help
            case "--config", "-c":
                guard let value else { return .problem("\(argument) needs a file") }
                options.configPath = value
                index += 1
            case "--log-level":
                let names = LogLevel.allCases.map(\.description).joined(separator: ", ")
                guard let value else { return .problem("--log-level needs a level (\(names))") }
                guard let level = LogLevel(name: value) else {
                    return .problem("unknown log level \"\(value)\" (use one of: \(names))")
                }
                options.logLevel = level
                index += 1
            default:
                return .problem(
                    argument.hasPrefix("-") ? "unknown option \(argument)" : "unexpected argument \"\(argument)\"")
            }
            index += 1
        }
        return .run(options)
    }
}

/// `community-agent check-config FILE`.
enum CheckConfigCommand {
    static func run(path: String) -> Int32 {
        let (checked, problems) = CheckedConfiguration.check(path: path, secrets: .resolve)
        guard let checked, problems.isEmpty else {
            for problem in problems { print("\(path): \(problem)") }
            print("\(problems.count) problem\(problems.count == 1 ? "" : "s") found")
            return 1
        }
        let configuration = checked.configuration
        let networks = configuration.networks.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
        if networks.isEmpty {
            print("\(path): OK, but no networks are configured: the agent would start and connect nowhere")
        } else {
            print("\(path): OK — networks: \(networks)")
        }
        print("  database: \(configuration.databasePath)")
        if let catalog = configuration.catalogPath { print("  catalog: \(catalog)") }
        return 0
    }
}
