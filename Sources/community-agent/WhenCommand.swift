import AgentCore
import Community
import Foundation
import PluginSupport

/// `community-agent when "TEXT" [--now ISO-8601] [--tz Area/City] [--language en|zh]`: what the
/// agent's one time parser makes of a text — the instant in UTC and in the zone, or, for a
/// recurring rule, its next occurrences — or the clarifying question (exit 2).
enum WhenCommand {
    static let usage = """
        usage: community-agent when "TEXT" [--now ISO-8601] [--tz Area/City] [--language en|zh] [--count N]
          TEXT      a time as members type it (tomorrow 8pm, fri 20:00, in 90 minutes, 明晚8点…)
                    or a recurring rule (every monday 09:00, last sunday of the month 10:00, 每周一 9:00)
          --now     the moment to read it at (default: now)
          --tz      the zone to read it in (default: the configuration's time_zone, else UTC)
          --count   how many occurrences of a rule to print (default 3)
        Prints the instant as ISO-8601 in UTC, then in the zone; exits 2 with a question when the
        text cannot be read without guessing.
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: CommandLineOptions
        switch CommandLineOptions.parse(arguments, known: ["now", "tz", "language", "config", "count"]) {
        case .success(let options): parsed = options
        case .failure(let problem):
            CommandLineInterface.standardError("\(problem.message)\n\(usage)")
            return 2
        }
        guard parsed.positional.count == 1, let text = parsed.positional.first else {
            CommandLineInterface.standardError(
                parsed.positional.isEmpty
                    ? usage
                    : "error: put the time in quotes, as one argument: when \"\(parsed.positional.joined(separator: " "))\""
            )
            return 2
        }
        var now = Date()
        if let value = parsed.values["now"] {
            guard let instant = EngagementCommands.parseInstant(value) else {
                CommandLineInterface.standardError(
                    "error: --now \(value) is not ISO-8601 with an offset (e.g. 2026-11-27T20:00:00+08:00)")
                return 2
            }
            now = instant
        }
        var zone = TimeZone(identifier: "UTC") ?? .gmt
        if let identifier = parsed.values["tz"] {
            guard let named = TimeZone(identifier: identifier) else {
                CommandLineInterface.standardError(
                    "error: unknown time zone \"\(identifier)\" (use Area/City, e.g. Asia/Shanghai)")
                return 2
            }
            zone = named
        } else if let path = parsed.values["config"] {
            guard let loaded = CheckedConfiguration.load(path: path, secrets: .skip) else { return 1 }
            zone = loaded.configuration.timeZone
        }
        let language = Language(code: parsed.values["language"] ?? "en") ?? .en
        let count = parsed.values["count"].flatMap { Int($0) }.map { max(1, min($0, 100)) } ?? 3
        if Recurrence.looksLikeRule(text) {
            do {
                let rule = try Recurrence(parsing: text, zone: zone)
                print("\(rule) (\(TimeTexts.name(of: zone)))")
                var date = now
                for _ in 0..<count {
                    date = rule.next(after: date)
                    print(
                        "\(TimeTexts.iso8601UTC(date))  \(TimeTexts.iso8601(date, in: zone))  \(TimeTexts.moment(date, in: zone, language: language))"
                    )
                }
                return 0
            } catch {
                CommandLineInterface.standardError(TimeTexts.question(error, now: now, zone: zone, language: language))
                return 2
            }
        }
        do {
            let date = try TimeParser(zone: zone, now: now).resolve(text)
            print(TimeTexts.iso8601UTC(date))
            print(
                "\(TimeTexts.iso8601(date, in: zone)) \(TimeTexts.name(of: zone)) (\(TimeTexts.moment(date, in: zone, language: language, now: now)))"
            )
            return 0
        } catch {
            CommandLineInterface.standardError(TimeTexts.question(error, now: now, zone: zone, language: language))
            return 2
        }
    }
}
