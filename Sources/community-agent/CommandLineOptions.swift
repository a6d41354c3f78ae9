/// The arguments of a scriptable subcommand: positional words, `--name value` options and
/// `--flag` switches without a value.
struct CommandLineOptions {
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    /// Reads `arguments`; `flags` names the switches that take no value. Returns the problem in
    /// words (an option without its value, or one not in `known`) instead.
    static func parse(
        _ arguments: [String], known: Set<String>, flags flagNames: Set<String> = []
    ) -> Result<CommandLineOptions, Problem> {
        var options = CommandLineOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else {
                options.positional.append(argument)
                index += 1
                continue
            }
            let name = String(argument.dropFirst(2))
            if flagNames.contains(name) {
                options.flags.insert(name)
                index += 1
                continue
            }
            guard index + 1 < arguments.count else { return .failure(Problem(message: "\(argument) needs a value")) }
            guard known.contains(name) else { return .failure(Problem(message: "error: unknown option \(argument)")) }
            options.values[name] = arguments[index + 1]
            index += 2
        }
        return .success(options)
    }

    /// Why the arguments could not be read.
    struct Problem: Error {
        var message: String
    }
}
