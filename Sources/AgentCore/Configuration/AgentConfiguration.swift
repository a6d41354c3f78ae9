public import Foundation

/// The whole configuration, checked once when loaded.
public struct AgentConfiguration: Sendable {
    /// Where the SQLite database lives.
    public var databasePath: String = "community-agent.sqlite"
    /// `full` survives power loss at the cost of an fsync per commit; `normal` survives crashes.
    public var databaseSynchronous: String = "normal"
    public var logLevel: LogLevel = .info
    /// The language replies use for members who have not chosen one: `en` or `zh`.
    public var language = "en"
    /// The community's time zone for calendar schedules.
    public var timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
    public var router = RouterSettings()
    /// Seconds a graceful stop may take in all (finishing commands, flushing replies, QUIT,
    /// closing the database) before the process exits anyway.
    public var shutdownTimeout: Double = 20
    /// Roles granted by the configuration.
    public var roles: [(network: String, account: String, role: Role)] = []
    public var networks: [NetworkConfiguration] = []
    /// Each plugin's own settings, by plugin id, left for the plugin to read.
    public var plugins: [String: JSONValue] = [:]
    /// Plugin ids that are switched off (all plugins are on unless listed here).
    public var disabledPlugins: Set<String> = []
    /// The catalog file imported at start-up when the catalog is empty (nil: none).
    public var catalogPath: String?
    /// The operator's HTTP listener (nil: none).
    public var http: HTTPConfiguration?
    /// How payments are confirmed.
    public var payments = PaymentsConfiguration()

    /// The configuration used when the agent starts without a file: the console only.
    public static func consoleDefault() -> AgentConfiguration {
        var configuration = AgentConfiguration()
        configuration.networks = [NetworkConfiguration(name: "console", kind: .console)]
        configuration.roles = [(network: "console", account: "owner", role: .owner)]
        configuration.router.unlimitedNetworks = ["console"]
        return configuration
    }

    /// Creates the defaults (no networks).
    public init() {}
}

/// What to do with the secrets a configuration names (`…_env`, `…_file`).
public enum SecretHandling: Sendable {
    /// Read every secret; a variable that is not set or a file that cannot be read is a problem.
    case resolve
    /// Check only that each secret is named correctly, without reading it (for commands that
    /// never connect to a network).
    case skip
}

/// The outcome of checking a configuration file: the configuration as far as it could be read,
/// and every problem found in it, all in one pass.
public struct ConfigurationCheck: Sendable {
    /// The configuration read; nil when the file could not be read or parsed at all.
    public var configuration: AgentConfiguration?
    /// Every problem, in the order of the file.
    public var problems: [ConfigProblem]

    /// The configuration when there were no problems.
    public var result: Result<AgentConfiguration, ConfigProblems> {
        guard let configuration, problems.isEmpty else { return .failure(ConfigProblems(problems)) }
        return .success(configuration)
    }
}

/// Loads and checks configuration files.
///
/// Relative paths in the file (`storage.path`, `catalog`, TLS files, secret files) are resolved
/// against the directory of the configuration file, never the working directory.
public enum ConfigurationLoader {
    /// The result of checking a file: the configuration, or every problem found in it.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        secrets: SecretHandling = .resolve
    ) -> Result<AgentConfiguration, ConfigProblems> {
        check(path: path, environment: environment, secrets: secrets).result
    }

    /// Reads and checks a file, reporting every problem at once.
    public static func check(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        secrets: SecretHandling = .resolve
    ) -> ConfigurationCheck {
        guard let data = FileManager.default.contents(atPath: path) else {
            return ConfigurationCheck(
                configuration: nil,
                problems: [
                    ConfigProblem(path: "", message: "cannot read \(path)", hint: "check the path and its permissions")
                ])
        }
        let directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        return check(data: data, relativeTo: directory, environment: environment, secrets: secrets)
    }

    /// Parses JSON5 text and checks every field.
    public static func load(
        data: Data, relativeTo directory: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Result<AgentConfiguration, ConfigProblems> {
        check(data: data, relativeTo: directory, environment: environment).result
    }

    /// Parses JSON5 text and checks every field, reporting every problem at once; a syntax
    /// error is reported with its line and column.
    public static func check(
        data: Data, relativeTo directory: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, secrets: SecretHandling = .resolve
    ) -> ConfigurationCheck {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        let value: JSONValue
        do {
            value = try decoder.decode(JSONValue.self, from: data)
        } catch {
            let text = String(decoding: data, as: UTF8.self)
            let message =
                JSON5Syntax.firstProblem(in: text).map { "not valid JSON5 at \($0)" }
                ?? "not valid JSON5: \(describe(error))"
            return ConfigurationCheck(configuration: nil, problems: [ConfigProblem(path: "", message: message)])
        }
        guard case .object = value else {
            return ConfigurationCheck(
                configuration: nil,
                problems: [
                    ConfigProblem(
                        path: "", message: "expected an object ({ … }), found \(value.typeName)",
                        hint: "see Config/agent.example.json5")
                ])
        }
        let reader = ConfigReader(value)
        let context = LoadContext(environment: environment, directory: directory, secrets: secrets)
        let configuration = read(reader, context: context)
        reader.reportUnknownKeys()
        var problems = reader.problems
        problems += ConfigurationReferences.problems(in: configuration)
        return ConfigurationCheck(configuration: configuration, problems: problems)
    }

    private static func read(_ reader: ConfigReader, context: LoadContext) -> AgentConfiguration {
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
                configuration.router.timeZone = parsed
            } else {
                reader.problem(
                    "time_zone", "unknown time zone \"\(zone)\"",
                    hint: "use an IANA name such as Asia/Shanghai or Europe/Berlin")
            }
        }
        configuration.language = reader.choice("language", ["en", "zh"], default: "en")
        configuration.router.language = Language(code: configuration.language) ?? .en
        if let storage = reader.object("storage") {
            configuration.databasePath = storage.string("path", default: configuration.databasePath)
            configuration.databaseSynchronous = storage.choice("synchronous", ["normal", "full"], default: "normal")
            storage.reportUnknownKeys()
        }
        configuration.databasePath = context.absolute(configuration.databasePath)
        configuration.catalogPath = reader.string("catalog").map(context.absolute)
        if let catalog = configuration.catalogPath, !FileManager.default.isReadableFile(atPath: catalog) {
            reader.problem(
                "catalog", "cannot read \(catalog)", hint: "relative paths start at the configuration file's directory")
        }
        let databaseDirectory = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: databaseDirectory, isDirectory: &isDirectory)
            || !isDirectory.boolValue
        {
            reader.problem(
                "storage.path", "the directory \(databaseDirectory) does not exist",
                hint: "create it, or relative paths start at the configuration file's directory")
        }
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
            if let parsed = NetworkReader.read(network, context: context) {
                if !names.insert(IdentityKey.network(parsed.name)).inserted {
                    network.problem("name", "another network is already called \"\(parsed.name)\"")
                }
                configuration.networks.append(parsed)
            }
        }
        configuration.router.unlimitedNetworks = Set(
            configuration.networks.filter { $0.kind == .console }.map { IdentityKey.network($0.name) })
        readOperatorSurface(reader, context: context, into: &configuration)
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
                settings.commandRoles["echo"] = parsed
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
        if let aliases = commands.object("aliases") {
            for alias in aliases.keys {
                guard let target = aliases.string(alias) else { continue }
                if alias.contains(" ") || alias.isEmpty {
                    aliases.problem(alias, "an alias is one word")
                } else {
                    settings.commandAliases[alias] = target
                }
            }
        }
        if let overrides = commands.object("overrides") {
            for key in overrides.keys {
                guard let place = overrides.object(key) else { continue }
                if let prefix = place.string("prefix") { settings.prefixOverrides[key.lowercased()] = prefix }
                if place.value("language") != nil {
                    settings.languageOverrides[key.lowercased()] = Language(
                        code: place.choice("language", ["en", "zh"], default: "en"))
                }
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
