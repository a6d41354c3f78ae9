/// Reads a command form's arguments from the words typed, as its parameters declare, and words
/// every problem the same way for every command.
enum ArgumentReader {
    /// Reads `words` (from index `first` on) for `form` of `command`; throws the one-line reply
    /// for the first problem. The usage text is only built when there is a problem.
    static func read(
        _ words: CommandWords, from first: Int, for form: CommandForm, of command: Command, context: ParsingContext,
        log: Logger
    ) async throws(UserError) -> ParsedArguments {
        let usage = Usage(form: form, command: command, prefix: context.prefix, language: context.language)
        var values: [String: any Sendable] = [:]
        var position = first
        let parameters = form.parameters
        for (index, parameter) in parameters.enumerated() {
            let remaining = words.words.count - position
            let neededAfter = parameters[(index + 1)...].filter { !$0.isOptional }.count
            switch parameter.arity {
            case .one:
                guard remaining > 0 else {
                    throw usage.problem("args.missing", ["parameter": .text(parameter.synopsis)])
                }
                values[parameter.name] = try await value(words.words[position], parameter, usage, context, log)
                position += 1
            case .optional:
                guard remaining > neededAfter else { continue }
                // A word that is not of this kind is left for the parameters after it, if any
                // (`!mute bob spamming` with an optional duration before a reason).
                let word = words.words[position]
                switch await attempt(word, parameter, context) {
                case .success(let value):
                    values[parameter.name] = value
                    position += 1
                case .failure(.invalid) where index < parameters.count - 1:
                    continue
                case .failure(let problem):
                    throw reply(for: problem, word, parameter, usage, log)
                }
            case .oneOrMore, .zeroOrMore:
                let taken = max(0, remaining - neededAfter)
                if taken == 0, parameter.arity == .oneOrMore {
                    throw usage.problem("args.missing", ["parameter": .text(parameter.synopsis)])
                }
                var list: [any Sendable] = []
                for word in words.words[position..<(position + taken)] {
                    list.append(try await value(word, parameter, usage, context, log))
                }
                values[parameter.name] = parameter.gather(list)
                position += taken
            case .rest, .optionalRest:
                let text = words.rest(from: position)
                if text.isEmpty, parameter.arity == .rest {
                    throw usage.problem("args.missing", ["parameter": .text(parameter.synopsis)])
                }
                values[parameter.name] = text
                position = words.words.count
            }
        }
        if position < words.words.count {
            throw usage.problem("args.tooMany", ["word": .quoted(words.words[position])])
        }
        return ParsedArguments(values: values)
    }

    /// Reads one word; a problem becomes the one-line reply.
    private static func value(
        _ word: String, _ parameter: ParameterDeclaration, _ usage: Usage, _ context: ParsingContext,
        _ log: Logger
    ) async throws(UserError) -> any Sendable {
        switch await attempt(word, parameter, context) {
        case .success(let value): return value
        case .failure(let problem): throw reply(for: problem, word, parameter, usage, log)
        }
    }

    /// The one wording of each problem with one word.
    private static func reply(
        for problem: ArgumentProblem, _ word: String, _ parameter: ParameterDeclaration, _ usage: Usage,
        _ log: Logger
    ) -> UserError {
        switch problem {
        case .invalid(let expected), .outOfRange(let expected):
            return usage.problem(
                "args.mustBe",
                [
                    "parameter": .text(parameter.synopsis), "expected": .text(expected.text(in: usage.language)),
                    "word": .quoted(word),
                ])
        case .notFound(let message):
            return UserError(message)
        case .unavailable(let reason):
            log.error("could not check an argument", metadata: ["parameter": parameter.name, "error": reason])
            return UserError(
                CoreMessages.text("args.unavailable", ["parameter": .text(parameter.synopsis)], in: usage.language))
        }
    }

    /// `Usage: !codes <course> <count> [days] [uses]` for the form being read, built on demand.
    struct Usage: CustomStringConvertible {
        let form: CommandForm
        let command: Command
        let prefix: String
        let language: Language
        var description: String {
            CoreMessages.text(
                "router.usage", ["forms": .text(form.synopsis(of: command, prefix: prefix))], in: language)
        }

        /// The reply for a problem: its message in the reader's language, then this usage.
        func problem(_ key: String, _ arguments: [String: MessageArgument]) -> UserError {
            var all = arguments
            all["usage"] = .text(description)
            return UserError(CoreMessages.text(key, all, in: language))
        }
    }

    private static func attempt(
        _ word: String, _ parameter: ParameterDeclaration, _ context: ParsingContext
    ) async -> Result<any Sendable, ArgumentProblem> {
        do throws(ArgumentProblem) {
            return .success(try await parameter.read(word, context))
        } catch {
            return .failure(error)
        }
    }
}
