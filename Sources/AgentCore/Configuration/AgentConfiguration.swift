public import Foundation

/// The whole configuration, checked once when loaded.
public struct AgentConfiguration: Sendable {
    /// Where the SQLite database lives.
    public var databasePath: String = "community-agent.sqlite"
    /// `full` survives power loss at the cost of an fsync per commit; `normal` survives crashes.
    public var databaseSynchronous: String = "normal"
    public var logLevel: LogLevel = .info
    /// The community's time zone for calendar schedules.
    public var timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
    public var router = RouterSettings()
    /// Seconds a graceful stop may take in all (finishing commands, flushing replies, QUIT,
    /// closing the database) before the process exits anyway.
    public var shutdownTimeout: Double = 20
    /// Who may use `!echo` (load tests drive the agent with it).
    public var echoMinimumRole: Role = .member
    /// Roles granted by the configuration.
    public var roles: [(network: String, account: String, role: Role)] = []
    public var networks: [NetworkConfiguration] = []
    /// Each plugin's own settings, by plugin id, left for the plugin to read.
    public var plugins: [String: JSONValue] = [:]
    /// Plugin ids that are switched off (all plugins are on unless listed here).
    public var disabledPlugins: Set<String> = []
    /// The catalog file imported at start-up when the catalog is empty (nil: none).
    public var catalogPath: String?

    /// The configuration used when the agent starts without a file: the console only.
    public static func consoleDefault() -> AgentConfiguration {
        var configuration = AgentConfiguration()
        configuration.networks = [NetworkConfiguration(name: "console", kind: .console)]
        configuration.roles = [(network: "console", account: "owner", role: .owner)]
        return configuration
    }

    /// Creates the defaults (no networks).
    public init() {}
}

/// Loads and checks configuration files.
public enum ConfigurationLoader {
    /// The result of checking a file: the configuration, or every problem found in it.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    )
        -> Result<AgentConfiguration, ConfigProblems>
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(
                ConfigProblems([
                    ConfigProblem(path: "", message: "cannot read \(path)", hint: "check the path and its permissions")
                ]))
        }
        return load(
            data: data, relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent(), environment: environment)
    }

    /// Parses JSON5 text and checks every field.
    public static func load(
        data: Data, relativeTo directory: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    )
        -> Result<AgentConfiguration, ConfigProblems>
    {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        let value: JSONValue
        do {
            value = try decoder.decode(JSONValue.self, from: data)
        } catch {
            return .failure(ConfigProblems([ConfigProblem(path: "", message: "not valid JSON5: \(describe(error))")]))
        }
        let reader = ConfigReader(value)
        let configuration = read(reader, environment: environment)
        reader.reportUnknownKeys()
        return reader.problems.isEmpty ? .success(configuration) : .failure(ConfigProblems(reader.problems))
    }

    private static func read(_ reader: ConfigReader, environment: [String: String]) -> AgentConfiguration {
        var configuration = AgentConfiguration()
        if let level = reader.string("log_level") {
            if let parsed = LogLevel(name: level) {
                configuration.logLevel = parsed
            } else {
                reader.problem(
                    "log_level", "unknown level \"\(level)\"",
                    hint: "use one of: " + LogLevel.allCases.map(\.description).joined(separator: ", "))
            }
        }
        configuration.shutdownTimeout = reader.number(
            "shutdown_timeout_seconds", default: configuration.shutdownTimeout, in: 2...600)
        if let zone = reader.string("time_zone") {
            if let parsed = TimeZone(identifier: zone) {
                configuration.timeZone = parsed
            } else {
                reader.problem(
                    "time_zone", "unknown time zone \"\(zone)\"",
                    hint: "use an IANA name such as Asia/Shanghai or Europe/Berlin")
            }
        }
        if let storage = reader.object("storage") {
            configuration.databasePath = storage.string("path", default: configuration.databasePath)
            configuration.databaseSynchronous = storage.choice("synchronous", ["normal", "full"], default: "normal")
            storage.reportUnknownKeys()
        }
        configuration.catalogPath = reader.string("catalog")
        if let commands = reader.object("commands") {
            readCommands(commands, into: &configuration)
        }
        for item in reader.list("roles") {
            guard let grant = reader.element(item) else { continue }
            let network = grant.string("network")
            let account = grant.string("account")
            let roleName = grant.string("role")
            if network == nil { grant.problem("network", "missing", hint: "name the network the account belongs to") }
            if account == nil { grant.problem("account", "missing", hint: "give the services account name") }
            let role = roleName.flatMap(Role.init(name:))
            if roleName == nil {
                grant.problem("role", "missing", hint: "use owner, moderator or member")
            } else if role == nil {
                grant.problem("role", "unknown role \"\(roleName ?? "")\"", hint: "use owner, moderator or member")
            }
            grant.reportUnknownKeys()
            if let network, let account, let role { configuration.roles.append((network, account, role)) }
        }
        var names = Set<String>()
        for item in reader.list("networks") {
            guard let network = reader.element(item) else { continue }
            if let parsed = NetworkReader.read(network, environment: environment) {
                if !names.insert(parsed.name.lowercased()).inserted {
                    network.problem("name", "another network is already called \"\(parsed.name)\"")
                }
                configuration.networks.append(parsed)
            }
        }
        if let plugins = reader.object("plugins") {
            for key in pluginsKeys(plugins) {
                guard let value = plugins.value(key) else { continue }
                if case .object(let settings) = value, case .bool(false)? = settings["enabled"] {
                    configuration.disabledPlugins.insert(key)
                }
                configuration.plugins[key] = value
            }
        }
        return configuration
    }

    private static func pluginsKeys(_ reader: ConfigReader) -> [String] {
        reader.keys
    }

    private static func readCommands(_ commands: ConfigReader, into configuration: inout AgentConfiguration) {
        var settings = configuration.router
        settings.prefix = commands.string("prefix", default: "!")
        if settings.prefix.contains(" ") || settings.prefix.count > 3 {
            commands.problem("prefix", "a prefix is 1 to 3 characters without spaces")
        }
        settings.unknownCommands =
            RouterSettings.UnknownCommandPolicy(
                rawValue: commands.choice("unknown_commands", ["hint", "silent"], default: "hint")) ?? .hint
        if let role = commands.string("echo_role") {
            if let parsed = Role(name: role) {
                configuration.echoMinimumRole = parsed
            } else {
                commands.problem("echo_role", "unknown role \"\(role)\"", hint: "use owner, moderator or member")
            }
        }
        settings.handlerTimeout = commands.number("timeout_seconds", default: settings.handlerTimeout, in: 1...3600)
        settings.maxChannelLines = commands.integer("max_channel_lines", default: settings.maxChannelLines, in: 1...100)
        if let limit = commands.object("rate_limit") {
            settings.rateLimit = RateLimiter.Settings(
                enabled: limit.bool("enabled", default: true),
                burst: limit.integer("burst", default: 5, in: 1...1000),
                refillSeconds: limit.number("refill_seconds", default: 2, in: 0.01...3600),
                cooldownSeconds: limit.number("cooldown_seconds", default: 60, in: 0...86_400))
            limit.reportUnknownKeys()
        }
        if let overrides = commands.object("overrides") {
            for key in overrides.keys {
                guard let place = overrides.object(key) else { continue }
                if let prefix = place.string("prefix") { settings.prefixOverrides[key.lowercased()] = prefix }
                if place.value("unknown_commands") != nil {
                    settings.unknownCommandOverrides[key.lowercased()] = RouterSettings.UnknownCommandPolicy(
                        rawValue: place.choice("unknown_commands", ["hint", "silent"], default: "hint"))
                }
                place.reportUnknownKeys()
            }
        }
        commands.reportUnknownKeys()
        configuration.router = settings
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
