/// A problem with the set of plugins or the configuration found when the agent starts.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    /// Creates an error with its explanation.
    public init(_ description: String) { self.description = description }

    /// Two plugins (or one twice) declare the same command name or alias.
    public static func duplicateCommand(_ name: String) -> ConfigurationError {
        ConfigurationError("two commands are named \"\(name)\" (names and aliases must be unique)")
    }
}

/// Every command of every plugin, by name and alias.
public struct CommandRegistry: Sendable {
    /// Commands in registration order.
    public let commands: [Command]
    /// The aliases the configuration added, each with the command it names (`课程` → `courses`).
    public private(set) var configuredAliases: [(alias: String, command: String)] = []
    private let byName: [String: Int]

    /// Builds the registry; throws `ConfigurationError.duplicateCommand` for a clash.
    public init(_ commands: [Command]) throws(ConfigurationError) {
        var byName: [String: Int] = [:]
        for (index, command) in commands.enumerated() {
            for name in [command.name] + command.aliases {
                guard byName[name] == nil else { throw .duplicateCommand(name) }
                byName[name] = index
            }
        }
        self.commands = commands
        self.byName = byName
    }

    /// The command called `name` (or with that alias), case-insensitively.
    public func command(named name: String) -> Command? {
        byName[name.lowercased()].map { commands[$0] }
    }

    /// The same commands with the configuration's extra aliases (`课程` → `courses`); an alias
    /// that names no command, or one already taken, is left out and returned as a problem.
    public func addingAliases(_ aliases: [String: String]) -> (CommandRegistry, problems: [String]) {
        guard !aliases.isEmpty else { return (self, []) }
        var commands = self.commands
        var byName = self.byName
        var problems: [String] = []
        var added: [(alias: String, command: String)] = []
        for (alias, target) in aliases.sorted(by: { $0.key < $1.key }) {
            let name = alias.lowercased()
            guard let index = self.byName[target.lowercased()] else {
                problems.append("alias \(alias): there is no command \(target)")
                continue
            }
            guard byName[name] == nil else {
                problems.append("alias \(alias): a command or alias has that name already")
                continue
            }
            byName[name] = index
            commands[index].aliases.append(name)
            added.append((name, commands[index].name))
        }
        var registry = CommandRegistry(checked: commands, byName: byName)
        registry.configuredAliases = configuredAliases + added
        return (registry, problems)
    }

    /// The same commands, each named in `roles` needing at least that role for every form (a
    /// role is only ever raised this way, never lowered below the declaration).
    public func raisingRoles(_ roles: [String: Role]) -> CommandRegistry {
        guard !roles.isEmpty else { return self }
        let raised = commands.map { command in
            guard let role = roles[command.name] else { return command }
            var copy = command
            copy.forms = command.forms.map { form in
                var raisedForm = form
                raisedForm.minimumRole = max(form.minimumRole, role)
                return raisedForm
            }
            return copy
        }
        var registry = CommandRegistry(checked: raised, byName: byName)
        registry.configuredAliases = configuredAliases
        return registry
    }

    private init(checked commands: [Command], byName: [String: Int]) {
        self.commands = commands
        self.byName = byName
    }

    /// Every name and alias.
    public var allNames: [String] { Array(byName.keys) }
}
